"""`Ledger`: the Python API of the claim ledger — ingest sources, read claims, export.

    with Ledger.open("news.db") as ledger:          # or "postgresql+psycopg://…"
        report = ledger.ingest(["feeds/", "https://example.org/rss"])
        ledger.ingest(["crawl.warc.gz"], engine="dask", workers=8)   # or "processes"
        for rec in ledger.claims(metric="personnel.killed", subject="Russia"):
            print(rec.claim.value, rec.url)
        ledger.export("out/", "parquet")

The CLI's ingest/claims/export commands are thin layers over these methods.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from types import TracebackType

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
from claimledger.analysis.names import check_filter_names
from claimledger.analysis.reference import (
    LoadResult,
    ReferenceLine,
    load_reference,
    mapping,
    reference_check,
    spec_for,
)
from claimledger.analysis.timeline import MAX_CLAIMS, Timeline, timeline
from claimledger.engines import (
    DEFAULT_PARTITION,
    ClaimExtractor,
    Engine,
    EngineKind,
    ExtractFunction,
)
from claimledger.engines.ingest import DEFAULT_BATCH
from claimledger.engines.ingest import IngestProgress as IngestProgress
from claimledger.engines.ingest import IngestReport as IngestReport
from claimledger.engines.ingest import ingest as run_ingest
from claimledger.errors import ErrorHandler
from claimledger.export import ExportResult, export_ledger
from claimledger.extraction.pipeline import Extractor
from claimledger.lexicon import Lexicon, ledger_lexicon, user_files
from claimledger.model import Claim, Document
from claimledger.sources import ReadOptions
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
        engine: EngineKind | str | Engine = EngineKind.local,
        workers: int | None = None,
        scheduler: str | None = None,
        partition_size: int = DEFAULT_PARTITION,
        published: date | None = None,
        options: ReadOptions | None = None,
        extractor: ClaimExtractor | ExtractFunction | None = None,
        on_error: ErrorHandler | None = None,
        progress: Callable[[IngestProgress], None] | None = None,
        batch_size: int = DEFAULT_BATCH,
        time_limit: float | None = None,
    ) -> IngestReport:
        """Read `inputs`, extract the claims of every document not yet in the ledger, store
        them. Each document is committed with all its claims or not at all, `batch_size`
        documents per transaction; an interrupted run loses at most the batches not yet
        committed, and running it again completes it. Unreadable inputs and failed
        extractions go to `on_error` and the run goes on.

        `engine`: where extraction runs, the same claims in the same order whichever —
        `local` (this process), `processes` (`workers` local processes) or `dask`
        (`scheduler`'s cluster, else a LocalCluster of `workers`), started for this run; or
        an engine already running (`claimledger.engines.open_engine`), which brings its own
        extractor. New documents go to it `partition_size` at a time.
        `extractor`: an `Extractor` (a custom lexicon, limits) or a function of a document;
        default one with the ledger's lexicon (`lexicon()`). `time_limit`: seconds one
        document's extraction may take,
        enforced with a timer signal where extraction runs on a main thread; default the
        extractor's own `time_limit` (none for a function)."""
        if extractor is None and isinstance(engine, str):
            # The ledger's lexicon: $CLAIMLEDGER_LEXICON's folders, else those it recorded.
            extractor = Extractor(self.lexicon()).extract
        return run_ingest(
            self.store,
            inputs,
            engine=engine,
            extractor=extractor,
            time_limit=time_limit,
            workers=workers,
            scheduler=scheduler,
            partition_size=partition_size,
            published=published,
            options=options,
            on_error=on_error,
            progress=progress,
            batch_size=batch_size,
            analyse=self.analyse,
        )

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

    def check_filter_names(self, f: ClaimFilter) -> None:
        """Raise AnalysisError for a metric, subject or claimant of `f` that neither the ledger
        nor its lexicon knows, suggesting the nearest (analysis.names)."""
        check_filter_names(f, self.reader.names(), self.lexicon())

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


def _check_claims(doc: Document, claims: Sequence[Claim]) -> None:
    for c in claims:
        if c.doc_id != doc.id:
            raise ValueError(f"a claim's doc_id {c.doc_id!r} is not the document's id {doc.id!r}")
