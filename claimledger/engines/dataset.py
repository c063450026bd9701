"""A partitioned Parquet dataset of documents and their claims, and loading one into a ledger.

`extract --output DIR` writes, for each part, a pair of files of the same name:

    DIR/documents/part-STAMP-00000.parquet   doc_id, hash, url, title, published, outlet,
                                             language, source, text
    DIR/claims/part-STAMP-00000.parquet      the columns of `claimledger export` (doc_id,
                                             document_hash, metric, … evidence_text)

STAMP is the run's start time, so a later run adds parts beside earlier ones and never
replaces them. Each text is written once per part (its content hash; the ledger keeps one
anyway, and a set of every hash of a long run would grow without bound). Claims are in
document order and, within a document, in the extractor's order — `claimledger load DIR`
relies on it to store every claim with its document in one pass.
DuckDB and pandas read a whole folder as one table (`'DIR/claims/*.parquet'`).

`load` also takes the folder `claimledger export --format parquet` writes (documents.parquet
and claims.parquet), which keeps the same order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimledger.engines.ingest import IngestProgress, IngestReport, IngestRunState
from claimledger.errors import ClaimledgerError, ErrorHandler, SourceError
from claimledger.export import CLAIM_TYPES, DOCUMENT_TYPES, claim_row
from claimledger.model import (
    GROUPS,
    QUALIFIERS,
    RATE_UNITS,
    Claim,
    Claimant,
    Document,
    Evidence,
    Period,
    Rate,
    Value,
    content_hash,
)
from claimledger.present import FIGURE_COLUMNS, INTEGER_CLAIM_TYPES, has_fraction
from claimledger.sources import bounded_document, clean_document
from claimledger.storage import ClaimRecord

if TYPE_CHECKING:
    from claimledger.ledger import Ledger

# The ledger's bookkeeping, not part of a document as extracted.
_LEDGER_ONLY = ("ingested_at", "near_dup_group")
DATASET_DOCUMENT_TYPES = {k: t for k, t in DOCUMENT_TYPES.items() if k not in _LEDGER_ONLY}
# Documents per file, and per row group within it: a file holds tens of MB of text.
DOCUMENTS_PER_FILE = 20_000
DOCUMENTS_PER_GROUP = 1_000
# Documents (with their claims) per ledger transaction when loading.
LOAD_BATCH = 200


class DatasetError(ClaimledgerError):
    """A dataset folder that cannot be written or read."""


def _arrow_schema(types: dict[str, str]) -> Any:
    import pyarrow as pa

    arrow = {
        "string": pa.string(),
        "date": pa.date32(),
        "timestamp": pa.timestamp("us", tz="UTC"),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
    }
    return pa.schema([(name, arrow[t]) for name, t in types.items()])


# -- writing ------------------------------------------------------------------------------------


def _document_row(doc: Document) -> dict[str, Any]:
    return {
        "doc_id": doc.id,
        "hash": doc.hash,
        "url": doc.url,
        "title": doc.title,
        "published": doc.published,
        "outlet": doc.outlet,
        "language": doc.language,
        "source": doc.source,
        "text": doc.text,
    }


def _claim_row(doc: Document, claim: Claim) -> dict[str, Any]:
    rec = ClaimRecord(claim, doc.url, doc.title, doc.published, doc.outlet, doc.hash)
    return claim_row(rec)


def _integer(value: Any) -> int | None:
    return None if value is None else int(value)


class DatasetWriter:
    """Appends documents with their claims to a dataset folder (created if need be)."""

    def __init__(self, folder: Path, documents_per_file: int = DOCUMENTS_PER_FILE) -> None:
        if folder.exists() and not folder.is_dir():
            raise DatasetError(f"{folder}: exists and is not a folder")
        self.folder = folder
        try:
            for sub in ("documents", "claims"):
                (folder / sub).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatasetError(f"{exc.filename or folder}: {exc.strerror or exc}") from None
        # Microseconds and the process id: two runs started together still get their own names.
        self._stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ") + f"-{os.getpid()}"
        self._per_file = documents_per_file
        self._doc_schema = _arrow_schema(DATASET_DOCUMENT_TYPES)
        # Figures are integers in a part unless one of its claims has a fraction (2.5 km), as
        # in `export`; a part is written with the schema chosen when it is opened.
        self._claim_schemas = {
            True: _arrow_schema(INTEGER_CLAIM_TYPES),
            False: _arrow_schema(CLAIM_TYPES),
        }
        self._integers = True
        self._docs: list[dict[str, Any]] = []
        self._claims: list[dict[str, Any]] = []
        self._writers: tuple[Any, Any] | None = None
        self._part = 0
        self._in_file = 0
        self._seen: set[str] = set()
        self.documents = 0
        self.claims = 0
        self.files: list[Path] = []

    def add(self, doc: Document, claims: Sequence[Claim]) -> bool:
        """Queue a document and its claims; False (nothing written) for a text already in
        this part."""
        if doc.hash in self._seen:
            return False
        self._seen.add(doc.hash)
        self._docs.append(_document_row(doc))
        self._claims.extend(_claim_row(doc, c) for c in claims)
        self.documents += 1
        self.claims += len(claims)
        if len(self._docs) >= DOCUMENTS_PER_GROUP:
            self._flush()
        return True

    def close(self) -> None:
        self._flush()
        self._close_file()

    def __enter__(self) -> DatasetWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _flush(self) -> None:
        if not self._docs:
            return
        import pyarrow as pa

        fractional = has_fraction(r[k] for r in self._claims for k in FIGURE_COLUMNS)
        try:
            if self._writers is not None and fractional and self._integers:
                self._close_file()  # a part of integers takes no fraction: a new part does
            if self._writers is None:
                self._integers = not fractional
                self._open_file()
            assert self._writers is not None
            docs_out, claims_out = self._writers
            claims = self._claims
            if self._integers:
                claims = [r | {k: _integer(r[k]) for k in FIGURE_COLUMNS} for r in claims]
            docs_out.write_table(pa.Table.from_pylist(self._docs, schema=self._doc_schema))
            schema = self._claim_schemas[self._integers]
            claims_out.write_table(pa.Table.from_pylist(claims, schema=schema))
        except OSError as exc:
            raise DatasetError(f"{self.folder}: {exc.strerror or exc}") from None
        self._in_file += len(self._docs)
        self._docs, self._claims = [], []
        if self._in_file >= self._per_file:
            self._close_file()

    def _name(self) -> str:
        return f"part-{self._stamp}-{self._part:05d}.parquet"

    def _open_file(self) -> None:
        import pyarrow.parquet as pq

        name = self._name()
        self._writers = (
            pq.ParquetWriter(self.folder / "documents" / f".{name}.tmp", self._doc_schema),
            pq.ParquetWriter(
                self.folder / "claims" / f".{name}.tmp", self._claim_schemas[self._integers]
            ),
        )

    def _close_file(self) -> None:
        """Finish the pair and give both files their names, claims last: a reader that sees
        a part's claims file sees its documents file too."""
        if self._writers is None:
            return
        for w in self._writers:
            w.close()
        name = self._name()
        for sub in ("documents", "claims"):
            final = self.folder / sub / name
            os.replace(self.folder / sub / f".{name}.tmp", final)
            self.files.append(final)
        self._writers = None
        self._part += 1
        self._in_file = 0
        self._seen.clear()


# -- reading and loading ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Part:
    documents: Path
    claims: Path


def dataset_parts(folder: Path) -> list[Part]:
    """The (documents, claims) file pairs of a dataset or of an export folder, in order."""
    if not folder.exists():
        raise DatasetError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise DatasetError(f"{folder}: not a folder (give the folder extract --output wrote)")
    docs_dir = folder / "documents"
    if docs_dir.is_dir():
        parts = [
            Part(p, folder / "claims" / p.name)
            for p in sorted(docs_dir.glob("*.parquet"))
            if not p.name.startswith(".")
        ]
        if parts:
            return parts
    if (folder / "documents.parquet").is_file():
        return [Part(folder / "documents.parquet", folder / "claims.parquet")]
    raise DatasetError(
        f"{folder}: holds no dataset (documents/*.parquet from extract --output, or "
        "documents.parquet from export --format parquet)"
    )


def read_part(part: Part, on_error: ErrorHandler) -> Iterator[tuple[Document, list[Claim]]]:
    """Each document of the part with its claims. A file that cannot be read, a document whose
    hash is not that of its text, and claims whose document is not in the part are reported
    (the rest of the part is still read)."""
    import pyarrow as pa

    source = str(part.documents)
    try:
        docs = _rows(part.documents, ("doc_id", "text"))
        claims = _rows(part.claims, ("document_hash", "metric", "evidence_text"))
        pending = next(claims, None)
        for row in docs:
            doc = _document(row)
            expected = row.get("hash")
            if expected and expected != doc.hash:
                on_error(SourceError(f"{source} [{doc.id}]", "hash does not match its text"))
                while pending is not None and pending["document_hash"] == expected:
                    pending = next(claims, None)
                continue
            found: list[Claim] = []
            while pending is not None and pending["document_hash"] == doc.hash:
                found.append(_claim(pending, doc))
                pending = next(claims, None)
            # A dataset is anyone's file: its rows are held to what the ledger's columns take
            # (one document refused, not a PostgreSQL error ending the batch and the run).
            try:
                doc = bounded_document(clean_document(doc))
                found = [replace(c, doc_id=doc.id) for c in found]
                for c in found:
                    _check_claim(c, doc)
            except SourceError as err:
                on_error(SourceError(f"{source} [{doc.id}]", err.reason))
                continue
            yield doc, found
        if pending is not None:
            left = 1 + sum(1 for _ in claims)
            on_error(
                SourceError(
                    str(part.claims),
                    f"{left:,} claims not stored: their document is not in {part.documents.name}"
                    " or they are out of its order",
                )
            )
    except (OSError, pa.ArrowException, KeyError, TypeError, ValueError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        on_error(SourceError(source, f"cannot read the dataset part ({reason})"))


def _rows(path: Path, required: Sequence[str]) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    if not path.is_file():
        raise ValueError(f"{path.name} is missing")
    with pq.ParquetFile(path) as f:
        missing = [c for c in required if c not in f.schema_arrow.names]
        if missing:
            raise ValueError(f"{path.name} has no column {', '.join(missing)}")
        for batch in f.iter_batches(batch_size=DOCUMENTS_PER_GROUP):
            yield from batch.to_pylist()


def _document(row: dict[str, Any]) -> Document:
    text = row["text"]
    if not isinstance(text, str):
        raise ValueError(f"document {row.get('doc_id')!r} has no text")
    return Document(
        id=str(row["doc_id"]),
        text=text,
        published=row.get("published"),
        url=row.get("url"),
        title=row.get("title"),
        outlet=row.get("outlet"),
        language=row.get("language"),
        source=row.get("source"),
        hash=content_hash(text),
    )


def _claim(row: dict[str, Any], doc: Document) -> Claim:
    rate = None
    if row.get("rate_unit") is not None:
        rate = Rate(float(row["rate_per"]), str(row["rate_unit"]))
    return Claim(
        doc_id=doc.id,
        metric=str(row["metric"]),
        subject=row.get("subject"),
        value=Value(_float(row.get("value_low")), _float(row.get("value_high")), row["qualifier"]),
        rate=rate,
        claimant=Claimant(row.get("claimant_name"), row.get("claimant_affiliation")),
        period=Period(row.get("period_start"), row.get("period_end"), bool(row.get("cumulative"))),
        location=row.get("location"),
        group=row.get("group"),
        evidence=Evidence(
            int(row["evidence_start"]), int(row["evidence_end"]), str(row["evidence_text"])
        ),
        subject_surface=row.get("subject_surface"),
        # A dataset written before subsets were extracted has no such column: whole counts.
        subset=row.get("subset"),
    )


def _check_claim(c: Claim, doc: Document) -> None:
    """SourceError when a stored claim's value is outside what a claim can hold."""
    bad = None
    if c.value.qualifier not in QUALIFIERS:
        bad = f"qualifier {c.value.qualifier!r:.40}"
    elif c.rate is not None and c.rate.unit not in RATE_UNITS:
        bad = f"rate unit {c.rate.unit!r:.40}"
    elif c.group is not None and c.group not in GROUPS:
        bad = f"group {c.group!r:.40}"
    elif not 0 <= c.evidence.start <= c.evidence.end <= len(doc.text):
        bad = f"evidence offsets {c.evidence.start}–{c.evidence.end}"
    if bad is not None:
        raise SourceError(doc.id, f"a claim with an invalid {bad}")


def _float(x: Any) -> float | None:
    return None if x is None else float(x)


def load(
    ledger: Ledger,
    folder: Path,
    *,
    on_error: ErrorHandler | None = None,
    progress: Callable[[IngestProgress], None] | None = None,
    batch_size: int = LOAD_BATCH,
) -> IngestReport:
    """Store a dataset's documents and claims in the ledger as one ingest run (documents
    already there are left as they are), then bring its analysis up to date."""
    parts = dataset_parts(folder)
    run = IngestRunState(ledger.store, on_error, progress, 0)
    items = (item for p in parts for item in read_part(p, run.failed))
    return run.execute([str(folder)], items, batch_size, ledger.analyse)
