"""Ingest with an engine: documents read here, extracted on the engine's workers, written
through the ledger's one writer.

The same contract as `Ledger.ingest`: a document is stored once per content hash, with all its
claims or not at all, `batch_size` documents per transaction; an interrupted run keeps its
committed batches; unreadable inputs and failed extractions are reported and the run goes on.
Documents already in the ledger (or earlier in this run) are left out before a partition is
sent, so re-running costs reading and hashing only.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from datetime import date
from pathlib import Path

from claimledger.engines import extract_documents
from claimledger.engines.base import DEFAULT_PARTITION, Engine, Failure
from claimledger.errors import ErrorHandler, SourceError
from claimledger.ledger import DEFAULT_BATCH, IngestProgress, IngestReport, Ledger
from claimledger.model import Claim, Document
from claimledger.sources import ReadOptions, input_bytes, iter_documents
from claimledger.storage import Counts, Store

# Batches queued to the writer before the results wait for it: bounds memory.
_MAX_PENDING = 2


def ingest(
    ledger: Ledger,
    inputs: Iterable[str | Path],
    engine: Engine,
    *,
    published: date | None = None,
    options: ReadOptions | None = None,
    on_error: ErrorHandler | None = None,
    progress: Callable[[IngestProgress], None] | None = None,
    batch_size: int = DEFAULT_BATCH,
    partition_size: int = DEFAULT_PARTITION,
) -> IngestReport:
    names = [str(inputs)] if isinstance(inputs, str | Path) else [str(i) for i in inputs]
    store = ledger.store
    run = _Run(store, on_error, progress, input_bytes(names))
    run_id = store.start_run(names)
    status = "interrupted"
    try:
        docs = iter_documents(
            names,
            published=published,
            on_error=run.failed,
            options=options,
            on_bytes=run.read_bytes,
        )
        results = extract_documents(run.new_only(docs, partition_size), engine, partition_size)
        run.store_all(results, run_id, batch_size)
        status = "finished"
    finally:
        try:
            store.finish_run(run_id, status, run.counts)
        except Exception:
            if status == "finished":
                raise
    ledger.analyse()
    return IngestReport(run_id, run.counts, tuple(run.errors), time.monotonic() - run.started)


class _Run:
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
        self.pending: deque[tuple[Future[Counts], list[str]]] = deque()
        # Hashes sent for extraction in this run and not yet committed (committed ones the
        # ledger knows): memory stays flat however long the run.
        self.seen: set[str] = set()

    def failed(self, err: SourceError) -> None:
        self.errors.append(err)
        self.counts += Counts(documents_failed=1)
        if self.on_error:
            self.on_error(err)

    def read_bytes(self, n: int) -> None:
        self.bytes_done += n

    def new_only(self, docs: Iterator[Document], size: int) -> Iterator[Document]:
        """The documents neither in the ledger nor earlier in this run; the ledger is asked
        once per `size` documents read, not once per document."""
        chunk: list[Document] = []
        for doc in docs:
            self.documents += 1
            chunk.append(doc)
            if len(chunk) >= size:
                yield from self._unseen(chunk)
                chunk = []
            self._report()
        yield from self._unseen(chunk)

    def _unseen(self, chunk: list[Document]) -> Iterator[Document]:
        if not chunk:
            return
        known = self.store.known_hashes({d.hash for d in chunk})
        for doc in chunk:
            if doc.hash in self.seen or doc.hash in known:
                self.counts += Counts(documents_present=1)
                continue
            self.seen.add(doc.hash)
            yield doc

    def store_all(
        self, results: Iterator[tuple[Document, list[Claim] | Failure]], run_id: int, size: int
    ) -> None:
        batch: list[tuple[Document, list[Claim]]] = []
        try:
            for doc, outcome in results:
                if isinstance(outcome, Failure):
                    self.seen.discard(doc.hash)  # a later copy is tried again, as locally
                    self.failed(SourceError(doc.source or doc.id, outcome.reason))
                    continue
                batch.append((doc, outcome))
                if len(batch) >= size:
                    self._submit(batch, run_id)
                    batch = []
            if batch:
                self._submit(batch, run_id)
        finally:
            # Batches handed to the writer are committed even on an interruption.
            while self.pending:
                self._committed()
            self._report()

    def _committed(self) -> None:
        future, hashes = self.pending.popleft()
        self.counts += self.store.wait(future)
        self.seen.difference_update(hashes)

    def _submit(self, batch: list[tuple[Document, list[Claim]]], run_id: int) -> None:
        self.pending.append((self.store.submit(batch, run_id), [d.hash for d, _ in batch]))
        while len(self.pending) > _MAX_PENDING:
            self._committed()
        self._report()

    def _report(self) -> None:
        if self.progress:
            self.progress(
                IngestProgress(self.documents, self.counts, self.bytes_done, self.bytes_total)
            )
