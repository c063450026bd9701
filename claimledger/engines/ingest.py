"""One ingest path, whatever runs the extraction: documents read here, extracted by an engine
(this process, local worker processes or a Dask cluster), written through the ledger's one
writer. `Ledger.ingest(inputs, engine=…)` runs `ingest`; `claimledger load` stores a dataset
through the same run state (`IngestRunState.execute`).

The contract: a document is stored once per content hash, with all its claims or not at all,
`batch_size` documents per transaction; an interrupted run keeps its committed batches and is
recorded as interrupted; unreadable inputs and failed extractions are reported and the run
goes on. Documents already in the ledger (or earlier in this run) are left out before a
partition is extracted, so re-running costs reading and hashing only.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from claimledger.engines import EngineKind, engine_for, extract_documents
from claimledger.engines.base import (
    DEFAULT_PARTITION,
    ClaimExtractor,
    Engine,
    EngineError,
    ExtractFunction,
    Failure,
    Outcome,
    claim_extractor,
)
from claimledger.errors import ErrorHandler, SourceError
from claimledger.model import Claim, Document
from claimledger.sources import ReadOptions, input_bytes, iter_documents
from claimledger.storage import Counts, Store

# Documents per transaction: what an interrupted run can lose, and the write granularity.
DEFAULT_BATCH = 20
# Batches queued to the writer before reading waits for it: bounds memory, keeps both busy.
_MAX_PENDING = 2


@dataclass(frozen=True, slots=True)
class IngestProgress:
    documents: int  # settled so far (stored, already present, or failed in extraction)
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


def input_names(inputs: Iterable[str | Path]) -> list[str]:
    # One path given as a string would otherwise be read as its characters.
    return [str(inputs)] if isinstance(inputs, str | Path) else [str(i) for i in inputs]


def ingest(
    store: Store,
    inputs: Iterable[str | Path],
    *,
    engine: EngineKind | str | Engine = EngineKind.local,
    extractor: ClaimExtractor | ExtractFunction | None = None,
    time_limit: float | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    partition_size: int = DEFAULT_PARTITION,
    published: date | None = None,
    options: ReadOptions | None = None,
    on_error: ErrorHandler | None = None,
    progress: Callable[[IngestProgress], None] | None = None,
    batch_size: int = DEFAULT_BATCH,
    analyse: Callable[[], object] | None = None,
) -> IngestReport:
    """Read `inputs`, extract the documents not yet in `store` on `engine`, store them; then
    `analyse()` (the ledger's analysis update). See `Ledger.ingest`."""
    names = input_names(inputs)
    if extractor is None and time_limit is not None:
        raise EngineError("a running engine has its own extractor and time limit")
    chosen = None if extractor is None else claim_extractor(extractor, time_limit)
    # The engine starts before the run is recorded: a scheduler that cannot be reached is an
    # error with no run left behind.
    with engine_for(engine, chosen, workers=workers, scheduler=scheduler) as running:
        run = IngestRunState(store, on_error, progress, input_bytes(names))
        docs = run.read(names, published, options)
        items = run.extracted(docs, running, partition_size)
        return run.execute(names, items, batch_size, analyse)


class IngestRunState:
    """The state of one ingest — counts, errors, batches in flight to the writer — and its
    steps: read the inputs, leave out what the ledger holds, extract on an engine, store."""

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

    def execute(
        self,
        names: list[str],
        items: Iterator[tuple[Document, list[Claim]]],
        batch_size: int,
        analyse: Callable[[], object] | None = None,
    ) -> IngestReport:
        """Record the run, store what `items` yields, record how it ended (even interrupted),
        then bring the analysis up to date with `analyse`."""
        run_id = self.store.start_run(names)
        status = "interrupted"
        try:
            self.store_batches(items, run_id, batch_size)
            status = "finished"
        finally:
            # Record what was committed even when interrupted; never mask the first error.
            try:
                self.store.finish_run(run_id, status, self.counts)
            except Exception:
                if status == "finished":
                    raise
        if analyse is not None:
            # Near-duplicate groups and entries for what this run stored (and anything left).
            analyse()
        seconds = time.monotonic() - self.started
        return IngestReport(run_id, self.counts, tuple(self.errors), seconds)

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

    def extracted(
        self, docs: Iterator[Document], engine: Engine, partition_size: int
    ) -> Iterator[tuple[Document, list[Claim]]]:
        """The new documents with their claims, in reading order: each partition of new
        documents goes to the engine; a failed extraction is reported like a bad input."""
        results = extract_documents(self._new_only(docs, partition_size), engine, partition_size)
        for doc, outcome in results:
            self.documents += 1
            claims = self._claims_or_failure(doc, outcome)
            self.report()
            if claims is not None:
                yield doc, claims

    def _claims_or_failure(self, doc: Document, outcome: Outcome) -> list[Claim] | None:
        if isinstance(outcome, Failure):
            self.seen.discard(doc.hash)  # a later copy is tried again
            self.failed(SourceError(doc.source or doc.id, outcome.reason))
            return None
        return outcome

    def _new_only(self, docs: Iterator[Document], size: int) -> Iterator[Document]:
        """The documents neither in the ledger nor earlier in this run; the ledger is asked
        once per `size` documents read, not once per document."""
        chunk: list[Document] = []
        for doc in docs:
            chunk.append(doc)
            if len(chunk) >= size:
                yield from self._unseen(chunk)
                chunk = []
        yield from self._unseen(chunk)

    def _unseen(self, chunk: list[Document]) -> Iterator[Document]:
        if not chunk:
            return
        known = self.store.known_hashes({d.hash for d in chunk})
        for doc in chunk:
            if doc.hash in self.seen or doc.hash in known:
                self.documents += 1
                self.counts += Counts(documents_present=1)
                self.report()
                continue
            self.seen.add(doc.hash)
            yield doc

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
