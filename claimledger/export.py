"""Export a ledger as two flat tables for pandas, DuckDB, spreadsheets.

    OUTPUT/documents.{csv,jsonl,parquet}   one row per document (DOCUMENT_COLUMNS)
    OUTPUT/claims.{csv,jsonl,parquet}      one row per claim (CLAIM_COLUMNS)

A claim row has the columns every command writes a claim in (claimledger.present's
CLAIM_COLUMNS, the README's contract). Its `document_hash` is its document's `hash` (the join
key: `doc_id`s from different inputs may repeat). The claim's nested JSON form is flattened:
value.low → value_low, claimant.name → claimant_name, period.start → period_start,
evidence.text → evidence_text …, then the claim's ledger entry and the entry's counts.
Dates are ISO strings in CSV and JSONL, date32 in Parquet; figures are integers unless
fractional (in Parquet: unless any is); absent values are empty (CSV) or null. Rows are
streamed, so memory stays flat however large the ledger. Existing files of the same names are
replaced.
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

from claimledger.errors import ClaimledgerError
from claimledger.present import (
    CLAIM_COLUMNS,
    CLAIM_TYPES,
    INTEGER_CLAIM_TYPES,
    claim_row,
    entry_fields,
    has_fraction,
)
from claimledger.storage import DocumentRecord
from claimledger.storage.reader import LedgerReader

__all__ = [
    "CLAIM_COLUMNS",
    "CLAIM_TYPES",
    "DOCUMENT_COLUMNS",
    "DOCUMENT_TYPES",
    "FORMATS",
    "ExportError",
    "ExportResult",
    "claim_row",
    "document_row",
    "export_ledger",
    "write_csv",
    "write_jsonl",
]

FORMATS = ("csv", "jsonl", "parquet")

# Column → type. Types are named here and made into a pyarrow schema only for a Parquet export,
# so that the other commands do not pay for importing pyarrow.
DOCUMENT_TYPES = {
    "doc_id": "string",
    "hash": "string",
    "url": "string",
    "title": "string",
    "published": "date",
    "outlet": "string",
    "language": "string",
    "source": "string",
    "ingested_at": "timestamp",
    "near_dup_group": "int",
    "text": "string",
}
DOCUMENT_COLUMNS = tuple(DOCUMENT_TYPES)

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


def export_ledger(reader: LedgerReader, output: Path, fmt: str) -> ExportResult:
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    if output.exists() and not output.is_dir():
        raise ExportError(f"{output}: exists and is not a folder")
    try:
        output.mkdir(parents=True, exist_ok=True)
        doc_path, claim_path = output / f"documents.{fmt}", output / f"claims.{fmt}"
        n_docs = _write(fmt, doc_path, DOCUMENT_TYPES, map(document_row, reader.documents()))
        n_claims = _write(fmt, claim_path, _claim_types(reader, fmt), _claim_rows(reader))
    except OSError as exc:
        raise ExportError(f"{exc.filename or output}: {exc.strerror or exc}") from None
    return ExportResult(doc_path, claim_path, n_docs, n_claims)


def _claim_rows(reader: LedgerReader) -> Iterator[dict[str, Any]]:
    """Every claim with its entry, in document order (the order `load` relies on)."""
    for a in reader.analysed():
        yield claim_row(a.record, entry_fields(a.entry, a.documents, a.independent))


def _claim_types(reader: LedgerReader, fmt: str) -> dict[str, str]:
    """The claim columns' types; in Parquet, figures are integers unless the ledger holds a
    fractional one (a distance such as 2.5 km), as CSV and JSONL write them. Looking costs a
    pass over the values, so only a Parquet export looks."""
    if fmt != "parquet":
        return CLAIM_TYPES
    fractional = has_fraction(
        x for rec in reader.claims() for x in (rec.claim.value.low, rec.claim.value.high)
    )
    return CLAIM_TYPES if fractional else INTEGER_CLAIM_TYPES


def _write(fmt: str, path: Path, types: dict[str, str], rows: Iterable[dict[str, Any]]) -> int:
    """Write to a temporary name and rename: a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        if fmt == "parquet":
            n = _write_parquet(tmp, types, rows)
        else:
            writer = write_csv if fmt == "csv" else write_jsonl
            with tmp.open("w", encoding="utf-8", newline="") as out:
                n = writer(out, types, rows)
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


def _write_parquet(path: Path, types: dict[str, str], rows: Iterable[dict[str, Any]]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow_types = {
        "string": pa.string(),
        "date": pa.date32(),
        "timestamp": pa.timestamp("us", tz="UTC"),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
    }
    schema = pa.schema([(name, arrow_types[t]) for name, t in types.items()])
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
