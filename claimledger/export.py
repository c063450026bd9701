"""Export a ledger as two flat tables for pandas, DuckDB, spreadsheets.

    OUTPUT/documents.{csv,jsonl,parquet}   one row per document (DOCUMENT_COLUMNS)
    OUTPUT/claims.{csv,jsonl,parquet}      one row per claim (CLAIM_COLUMNS)

A claim row's `document_hash` is its document's `hash` (the join key: `doc_id`s from different
inputs may repeat). The claim's nested JSON form is flattened: value.low → value_low,
claimant.name → claimant_name, period.start → period_start, evidence.text → evidence_text …
Dates are ISO strings in CSV and JSONL, date32 in Parquet; absent values are empty (CSV) or
null. Rows are streamed, so memory stays flat however large the ledger. Existing files of the
same names are replaced.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from claimledger.errors import ClaimledgerError
from claimledger.storage import ClaimRecord, DocumentRecord, Store

FORMATS = ("csv", "jsonl", "parquet")

DOCUMENT_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("hash", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("published", pa.date32()),
        ("outlet", pa.string()),
        ("language", pa.string()),
        ("source", pa.string()),
        ("ingested_at", pa.timestamp("us", tz="UTC")),
        ("near_dup_group", pa.int64()),
        ("text", pa.string()),
    ]
)
CLAIM_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("document_hash", pa.string()),
        ("metric", pa.string()),
        ("subject", pa.string()),
        ("subject_surface", pa.string()),
        ("value_low", pa.float64()),
        ("value_high", pa.float64()),
        ("qualifier", pa.string()),
        ("rate_per", pa.float64()),
        ("rate_unit", pa.string()),
        ("claimant_name", pa.string()),
        ("claimant_affiliation", pa.string()),
        ("period_start", pa.date32()),
        ("period_end", pa.date32()),
        ("cumulative", pa.bool_()),
        ("location", pa.string()),
        ("group", pa.string()),
        ("evidence_start", pa.int64()),
        ("evidence_end", pa.int64()),
        ("evidence_text", pa.string()),
    ]
)
DOCUMENT_COLUMNS = tuple(DOCUMENT_SCHEMA.names)
CLAIM_COLUMNS = tuple(CLAIM_SCHEMA.names)
# The claims command's csv: a claim row plus the document fields its jsonl form carries.
CLAIM_DOC_COLUMNS = ("url", "title", "published")

_PARQUET_ROWS = 5000  # rows per Parquet row group


class ExportError(ClaimledgerError):
    """An export that cannot be written (bad format, output is a file …)."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    documents_path: Path
    claims_path: Path
    documents: int
    claims: int


def document_row(rec: DocumentRecord) -> dict[str, Any]:
    d = rec.document
    return {
        "doc_id": d.id,
        "hash": d.hash,
        "url": d.url,
        "title": d.title,
        "published": d.published,
        "outlet": d.outlet,
        "language": d.language,
        "source": d.source,
        "ingested_at": rec.ingested_at,
        "near_dup_group": rec.near_dup_group,
        "text": d.text,
    }


def claim_row(rec: ClaimRecord) -> dict[str, Any]:
    c = rec.claim
    return {
        "doc_id": c.doc_id,
        "document_hash": rec.document_hash,
        "metric": c.metric,
        "subject": c.subject,
        "subject_surface": c.subject_surface,
        "value_low": c.value.low,
        "value_high": c.value.high,
        "qualifier": c.value.qualifier,
        "rate_per": c.rate.per if c.rate else None,
        "rate_unit": c.rate.unit if c.rate else None,
        "claimant_name": c.claimant.name,
        "claimant_affiliation": c.claimant.affiliation,
        "period_start": c.period.start,
        "period_end": c.period.end,
        "cumulative": c.period.cumulative,
        "location": c.location,
        "group": c.group,
        "evidence_start": c.evidence.start,
        "evidence_end": c.evidence.end,
        "evidence_text": c.evidence.text,
    }


def export_ledger(store: Store, output: Path, fmt: str) -> ExportResult:
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    if output.exists() and not output.is_dir():
        raise ExportError(f"{output}: exists and is not a folder")
    try:
        output.mkdir(parents=True, exist_ok=True)
        doc_path, claim_path = output / f"documents.{fmt}", output / f"claims.{fmt}"
        n_docs = _write(fmt, doc_path, DOCUMENT_SCHEMA, map(document_row, store.iter_documents()))
        n_claims = _write(fmt, claim_path, CLAIM_SCHEMA, map(claim_row, store.iter_claims()))
    except OSError as exc:
        raise ExportError(f"{exc.filename or output}: {exc.strerror or exc}") from None
    return ExportResult(doc_path, claim_path, n_docs, n_claims)


def _write(fmt: str, path: Path, schema: pa.Schema, rows: Iterable[dict[str, Any]]) -> int:
    """Write to a temporary name and rename: a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        if fmt == "parquet":
            n = _write_parquet(tmp, schema, rows)
        else:
            writer = write_csv if fmt == "csv" else write_jsonl
            with tmp.open("w", encoding="utf-8", newline="") as out:
                n = writer(out, schema.names, rows)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return n


def write_csv(out: TextIO, columns: Iterable[str], rows: Iterable[dict[str, Any]]) -> int:
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    return _count(writer.writerow({k: _cell(v) for k, v in row.items()}) for row in rows)


def write_jsonl(out: TextIO, columns: Iterable[str], rows: Iterable[dict[str, Any]]) -> int:
    keep = list(columns)
    return _count(
        out.write(json.dumps({k: _cell(row[k]) for k in keep}, ensure_ascii=False) + "\n")
        for row in rows
    )


def _write_parquet(path: Path, schema: pa.Schema, rows: Iterable[dict[str, Any]]) -> int:
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        for chunk in _chunks(rows, _PARQUET_ROWS):
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _count(writes: Iterable[object]) -> int:
    return sum(1 for _ in writes)


def _cell(v: Any) -> Any:
    """A CSV or JSON value: ISO dates, integral floats without ".0" (1100, as in claims.md)."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    return v.isoformat() if isinstance(v, date | datetime) else v
