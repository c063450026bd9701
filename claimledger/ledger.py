"""`Ledger`: the Python API of the claim ledger — ingest sources, read claims, export.

    with Ledger.open("news.db") as ledger:          # or "postgresql+psycopg://…"
        report = ledger.ingest(["feeds/", "https://example.org/rss"])
        for rec in ledger.claims(metric="personnel.killed", subject="Russia"):
            print(rec.claim.value, rec.url)
        ledger.export("out/", "parquet")

The CLI's ingest/claims/export commands are thin layers over these methods.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

from claimledger.analysis import update
from claimledger.analysis.checks import Finding, check
from claimledger.analysis.compare import (
    PeriodComparison,
    compare,
    resolve_metric,
    resolve_subject,
)
from claimledger.analysis.counts import AnalysisCounts
from claimledger.analysis.entries import Entry, iter_entries
from claimledger.analysis.reference import (
    LoadResult,
    ReferenceLine,
    load_reference,
    mapping,
    reference_check,
    spec_for,
)
from claimledger.analysis.timeline import MAX_CLAIMS, Timeline, timeline
from claimledger.deadline import Overtime, hard_deadline
from claimledger.errors import ErrorHandler, SourceError
from claimledger.export import ExportResult, export_ledger
from claimledger.extraction.pipeline import extract
from claimledger.lexicon import Lexicon, ledger_lexicon, user_files
from claimledger.model import Claim, Document
from claimledger.sources import ReadOptions, input_bytes, iter_documents
from claimledger.storage import (
    ClaimFilter,
    ClaimRecord,
    Counts,
    DocumentRecord,
    IngestRun,
    Store,
    integrity,
)
from claimledger.storage.backup import BackupResult, backup_sqlite
from claimledger.storage.integrity import Checked, Problem
from claimledger.storage.meta import LexiconFile
from claimledger.storage.reader import AnalysedClaim, LedgerReader

Extractor = Callable[[Document], list[Claim]]

# Documents per transaction: what an interrupted run can lose, and the write granularity.
DEFAULT_BATCH = 20
# Batches queued to the writer before reading waits for it: bounds memory, keeps both busy.
_MAX_PENDING = 2


@dataclass(frozen=True, slots=True)
class IngestProgress:
    documents: int  # read so far (stored, already present, or failed in extraction)
    counts: Counts  # committed so far
    bytes_done: int  # of the local input files
    bytes_total: int  # 0 when unknown (URLs, standard input)


@dataclass(frozen=True, slots=True)
class IngestReport:
    run_id: int
    counts: Counts
    errors: tuple[SourceError, ...]
    seconds: float

    @property
    def read_anything(self) -> bool:
        """False when no input gave a single document (the CLI's non-zero exit)."""
        return self.counts.documents_new + self.counts.documents_present > 0


class Ledger:
    """A ledger opened for reading and writing. Reads go through `reader` (a LedgerReader, the
    one the CLI and the dashboard use too); the analyses (`check`, `compare`,
    `reference_check`, `timeline`, `entries`) bring the analysis up to date first, then run
    on the reader with the ledger's lexicon (`lexicon`) unless given another."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.reader = LedgerReader(store)

    @classmethod
    def open(cls, db: str | Path | None = None, *, create: bool = True) -> Ledger:
        """Open a ledger: a SQLite path, a SQLAlchemy URL (sqlite:///…, postgresql+psycopg://…),
        or None for $CLAIMLEDGER_DB, else ./claimledger.db. A missing SQLite file is created
        unless `create` is false. The schema is upgraded to this version's on opening."""
        return cls(Store.open(db, create=create))

    @property
    def name(self) -> str:
        """The ledger's URL, without any password."""
        return self.store.name

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.store.close(cancel_pending=e is not None)

    # -- writing -----------------------------------------------------------------------------

    def ingest(
        self,
        inputs: Iterable[str | Path],
        *,
        published: date | None = None,
        options: ReadOptions | None = None,
        extractor: Extractor | None = None,
        on_error: ErrorHandler | None = None,
        progress: Callable[[IngestProgress], None] | None = None,
        batch_size: int = DEFAULT_BATCH,
        time_limit: float | None = None,
    ) -> IngestReport:
        """Read `inputs`, extract the claims of every document not yet in the ledger, store
        them. Each document is committed with all its claims or not at all, `batch_size`
        documents per transaction; an interrupted run loses at most the batches not yet
        committed, and running it again completes it. Unreadable inputs go to `on_error` and
        the run goes on. `time_limit`: seconds one document's extraction may take, enforced
        with a timer signal when ingest runs on the main thread (the extractor's own limit
        is only checked between its stages)."""
        names = input_names(inputs)
        run = _LocalRun(self.store, extractor or extract, on_error, progress, input_bytes(names))
        run.time_limit = time_limit
        docs = run.read(names, published, options)
        return drive_ingest(self, run, names, docs, batch_size)

    def add(self, items: Iterable[tuple[Document, Sequence[Claim]]]) -> Counts:
        """Store documents with claims extracted elsewhere (another extractor, a cluster);
        one transaction. Documents already present are left as they are."""
        batch = [(doc, list(claims)) for doc, claims in items]
        for doc, claims in batch:
            _check_claims(doc, claims)
        counts = self.store.wait(self.store.submit(batch))
        self.analyse()
        return counts

    def analyse(self) -> AnalysisCounts:
        """Bring the ledger's analysis up to date: put documents not yet grouped into their
        near-duplicate groups and claims not yet in an entry into one (claimledger.analysis).
        `ingest` and `add` call it; it writes nothing when there is nothing to do."""
        return update(self.store)

    # -- the lexicon the ledger was read with -------------------------------------------------

    def record_lexicon(self, extra_dirs: Sequence[Path] | None = None) -> int:
        """Record the user lexicon folders' files (`--lexicon`; None: $CLAIMLEDGER_LEXICON's
        folders) that documents are read with,
        so that the analyses of this ledger use them (`lexicon`); returns how many files were
        not recorded yet. Files once recorded stay: their claims stay too."""
        files = [LexiconFile(name, text) for name, text in user_files(extra_dirs)]
        return self.store.record_lexicon(files) if files else 0

    def lexicon(self, extra_dirs: tuple[Path, ...] | None = None) -> Lexicon:
        """The lexicon to analyse this ledger with: the folders given (None:
        $CLAIMLEDGER_LEXICON's) if any, else the built-in one extended by the files recorded
        at ingest."""
        return ledger_lexicon(self.reader.lexicon_files(), extra_dirs)

    # -- reading -----------------------------------------------------------------------------

    def claims(
        self,
        *,
        metric: str | None = None,
        subject: str | None = None,
        claimant: str | None = None,
        affiliation: str | None = None,
        location: str | None = None,
        since: date | None = None,
        until: date | None = None,
        doc: str | None = None,
    ) -> list[ClaimRecord]:
        """The stored claims that match every filter given (see `ClaimFilter`), in document
        order, each with its document's url, title, published date and outlet."""
        f = ClaimFilter(metric, subject, claimant, affiliation, location, since, until, doc)
        return list(self.iter_claims(f))

    def iter_claims(self, f: ClaimFilter | None = None) -> Iterator[ClaimRecord]:
        """Like `claims`, streamed: for ledgers too large to hold in memory."""
        return self.reader.claims(f)

    def documents(self, doc_id: str | None = None) -> list[Document]:
        return [rec.document for rec in self.reader.documents(doc_id)]

    def iter_documents(self, doc_id: str | None = None) -> Iterator[DocumentRecord]:
        return self.reader.documents(doc_id)

    def runs(self) -> list[IngestRun]:
        return self.reader.runs()

    # -- analyses: brought up to date, then claimledger.analysis over the reader --------------

    def entries(self, f: ClaimFilter | None = None) -> Iterator[Entry]:
        """The entries with a claim that `f` selects, oldest first (analysis.iter_entries)."""
        self.analyse()
        return iter_entries(self.reader, f)

    def analysed(self, f: ClaimFilter | None = None) -> Iterator[AnalysedClaim]:
        """The claims `f` selects, each with its entry and the entry's counts."""
        self.analyse()
        return self.reader.analysed(f)

    def check(self, lexicon: Lexicon | None = None) -> list[Finding]:
        """Every inconsistency in the ledger, most severe first (analysis.check)."""
        lex = lexicon or self.lexicon()
        self.analyse()
        return check(self.reader, lexicon=lex)

    def compare(
        self,
        metric: str,
        subject: str,
        since: date | None = None,
        until: date | None = None,
        lexicon: Lexicon | None = None,
    ) -> list[PeriodComparison]:
        """Every period's figures for `metric` and `subject` (analysis.compare)."""
        lex = lexicon or self.lexicon()
        # Unknown names fail before anything is written.
        resolve_metric(metric, lex)
        resolve_subject(subject, lex)
        self.analyse()
        return compare(self.reader, metric, subject, since, until, lexicon=lex)

    def timeline(
        self,
        metric: str,
        subject: str,
        since: date | None = None,
        until: date | None = None,
        lexicon: Lexicon | None = None,
        limit: int = MAX_CLAIMS,
    ) -> Timeline:
        """One metric for one subject over time, per claimant (analysis.timeline)."""
        lex = lexicon or self.lexicon()
        self.analyse()
        return timeline(self.reader, metric, subject, since, until, lexicon=lex, limit=limit)

    def load_reference(
        self, source: str, path: str | Path, lexicon: Lexicon | None = None
    ) -> LoadResult:
        """Store a reference data set (ua-mod, oryx), replacing the one loaded before."""
        return load_reference(self.store, source, path, lexicon or self.lexicon())

    def reference_check(
        self, source: str | None = None, lexicon: Lexicon | None = None
    ) -> list[ReferenceLine]:
        """Every entry a loaded reference series covers, against it (analysis.reference)."""
        lex = lexicon or self.lexicon()
        mapping(lex)  # a malformed mapping or an unknown source fails before anything is written
        if source is not None:
            spec_for(source, lex)
        self.analyse()
        return reference_check(self.reader, source, lexicon=lex)

    # -- integrity and backups ----------------------------------------------------------------

    def verify(self) -> tuple[list[Problem], Checked]:
        """Check the ledger's integrity (claimledger.storage.integrity): foreign keys, content
        hashes against the stored texts, evidence offsets inside their documents, every claim
        row decodable, documents stored whole. No problems: an empty list."""
        problems: list[Problem] = []
        checked = self.store.read(lambda conn: integrity.check(conn, problems))
        return problems, checked

    def backup(self, output: str | Path, *, overwrite: bool = False) -> BackupResult:
        """A consistent copy of a SQLite ledger in one file, taken while it may be in use
        (SQLite's online backup API). PostgreSQL ledgers: pg_dump (docs/reliability.md)."""
        return backup_sqlite(self.store.url, Path(output), overwrite=overwrite)

    def export(self, output: str | Path, format: str) -> ExportResult:
        """Write OUTPUT/documents.EXT and OUTPUT/claims.EXT (csv, jsonl or parquet)."""
        return export_ledger(self.reader, Path(output), format)


def input_names(inputs: Iterable[str | Path]) -> list[str]:
    # One path given as a string would otherwise be read as its characters.
    return [str(inputs)] if isinstance(inputs, str | Path) else [str(i) for i in inputs]


def drive_ingest(
    ledger: Ledger,
    run: IngestRunState,
    names: list[str],
    items: Iterator[Any],
    batch_size: int,
) -> IngestReport:
    """One ingest, whatever reads and extracts: record the run, stream `items` into
    `run.consume`, record how it ended (even interrupted), then bring the analysis up to date.
    `Ledger.ingest`, the engines' ingest and the dataset `load` all run through here."""
    store = ledger.store
    run_id = store.start_run(names)
    status = "interrupted"
    try:
        run.consume(items, run_id, batch_size)
        status = "finished"
    finally:
        # Record what was committed even when interrupted; never mask the first error.
        try:
            store.finish_run(run_id, status, run.counts)
        except Exception:
            if status == "finished":
                raise
    # Near-duplicate groups and entries for what this run stored (and anything left over).
    ledger.analyse()
    return IngestReport(run_id, run.counts, tuple(run.errors), time.monotonic() - run.started)


class IngestRunState:
    """The state of one ingest: counts, errors, batches in flight to the writer. Subclasses
    that extract say in `consume` how documents become (document, claims) pairs."""

    def __init__(
        self,
        store: Store,
        on_error: ErrorHandler | None,
        progress: Callable[[IngestProgress], None] | None,
        bytes_total: int,
    ) -> None:
        self.store = store
        self.on_error = on_error
        self.progress = progress
        self.bytes_total = bytes_total
        self.bytes_done = 0
        self.documents = 0
        self.counts = Counts()
        self.errors: list[SourceError] = []
        self.started = time.monotonic()
        # Batches handed to the writer, each with its documents' hashes.
        self.pending: deque[tuple[Future[Counts], list[str]]] = deque()
        # Hashes taken up in this run and not yet committed; once committed the ledger knows
        # them, so they leave the set and memory stays flat however long the run.
        self.seen: set[str] = set()

    def read(
        self, names: list[str], published: date | None, options: ReadOptions | None
    ) -> Iterator[Document]:
        """The documents of `names`, streamed; unreadable inputs are counted as failed."""
        return iter_documents(
            names,
            published=published,
            on_error=self.failed,
            options=options,
            on_bytes=self.read_bytes,
        )

    def consume(self, items: Iterator[Any], run_id: int, batch_size: int) -> None:
        """Store what `items` yields. Here: (document, claims) pairs already extracted."""
        self.store_batches(items, run_id, batch_size)

    def failed(self, err: SourceError) -> None:
        self.errors.append(err)
        self.counts += Counts(documents_failed=1)
        if self.on_error:
            self.on_error(err)

    def read_bytes(self, n: int) -> None:
        self.bytes_done += n

    def store_batches(
        self, items: Iterator[tuple[Document, list[Claim]]], run_id: int, batch_size: int
    ) -> None:
        """Hand `items` to the writer `batch_size` at a time; whatever was handed over is
        committed before returning, even on an interruption (each batch is one short
        transaction)."""
        batch: list[tuple[Document, list[Claim]]] = []
        try:
            for item in items:
                batch.append(item)
                if len(batch) >= batch_size:
                    self._submit(batch, run_id)
                    batch = []
            if batch:
                self._submit(batch, run_id)
        finally:
            while self.pending:
                self._committed()
            self.report()

    def _committed(self) -> None:
        future, hashes = self.pending.popleft()
        self.counts += self.store.wait(future)
        self.seen.difference_update(hashes)

    def _submit(self, batch: list[tuple[Document, list[Claim]]], run_id: int) -> None:
        self.pending.append((self.store.submit(batch, run_id), [d.hash for d, _ in batch]))
        while len(self.pending) > _MAX_PENDING:
            self._committed()
        self.report()

    def report(self) -> None:
        if self.progress:
            self.progress(
                IngestProgress(self.documents, self.counts, self.bytes_done, self.bytes_total)
            )


class _LocalRun(IngestRunState):
    """Extraction here, one document at a time, under a hard time limit where one can be set."""

    def __init__(
        self,
        store: Store,
        extractor: Extractor,
        on_error: ErrorHandler | None,
        progress: Callable[[IngestProgress], None] | None,
        bytes_total: int,
    ) -> None:
        super().__init__(store, on_error, progress, bytes_total)
        self.extractor = extractor
        self.time_limit: float | None = None  # hard limit of one document's extraction

    def consume(self, docs: Iterator[Document], run_id: int, batch_size: int) -> None:
        self.store_batches(self._extracted(docs), run_id, batch_size)

    def _extracted(self, docs: Iterator[Document]) -> Iterator[tuple[Document, list[Claim]]]:
        for doc in docs:
            self.documents += 1
            item = self._extract_new(doc)
            self.report()
            if item is not None:
                yield item

    def _extract_new(self, doc: Document) -> tuple[Document, list[Claim]] | None:
        """The document with its claims, or None when it is already stored (or failed)."""
        if doc.hash in self.seen or self.store.known_hashes([doc.hash]):
            self.counts += Counts(documents_present=1)
            return None
        try:
            with hard_deadline(self.time_limit):
                claims = self.extractor(doc)
            _check_claims(doc, claims)
        except SourceError as err:  # over the extractor's size or time limit
            self.failed(err)
            return None
        except Overtime as exc:
            self.failed(SourceError(doc.source or doc.id, f"extraction {exc}"))
            return None
        except Exception as exc:  # one document's failure must not end the run
            reason = " ".join(str(exc).split()) or type(exc).__name__
            self.failed(SourceError(doc.source or doc.id, f"extraction failed ({reason})"))
            return None
        self.seen.add(doc.hash)
        return doc, claims


def _check_claims(doc: Document, claims: Sequence[Claim]) -> None:
    for c in claims:
        if c.doc_id != doc.id:
            raise ValueError(f"a claim's doc_id {c.doc_id!r} is not the document's id {doc.id!r}")
