"""Ingest with an engine: documents read here, extracted on the engine's workers, written
through the ledger's one writer.

The same contract as `Ledger.ingest`: a document is stored once per content hash, with all its
claims or not at all, `batch_size` documents per transaction; an interrupted run keeps its
committed batches; unreadable inputs and failed extractions are reported and the run goes on.
Documents already in the ledger (or earlier in this run) are left out before a partition is
sent, so re-running costs reading and hashing only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from claimledger.engines import extract_documents
from claimledger.engines.base import DEFAULT_PARTITION, Engine, Failure
from claimledger.errors import ErrorHandler, SourceError
from claimledger.ledger import (
    DEFAULT_BATCH,
    IngestProgress,
    IngestReport,
    IngestRunState,
    Ledger,
    drive_ingest,
    input_names,
)
from claimledger.model import Claim, Document
from claimledger.sources import ReadOptions, input_bytes
from claimledger.storage import Counts


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
    names = input_names(inputs)
    run = _EngineRun(ledger.store, on_error, progress, input_bytes(names))
    run.engine, run.partition_size = engine, partition_size
    docs = run.read(names, published, options)
    return drive_ingest(ledger, run, names, docs, batch_size)


class _EngineRun(IngestRunState):
    """New documents go to the engine a partition at a time; their claims come back in
    reading order and go to the writer."""

    engine: Engine
    partition_size: int = DEFAULT_PARTITION

    def consume(self, docs: Iterator[Document], run_id: int, batch_size: int) -> None:
        size = self.partition_size
        results = extract_documents(self._new_only(docs, size), self.engine, size)
        self.store_batches(self._succeeded(results), run_id, batch_size)

    def _new_only(self, docs: Iterator[Document], size: int) -> Iterator[Document]:
        """The documents neither in the ledger nor earlier in this run; the ledger is asked
        once per `size` documents read, not once per document."""
        chunk: list[Document] = []
        for doc in docs:
            self.documents += 1
            chunk.append(doc)
            if len(chunk) >= size:
                yield from self._unseen(chunk)
                chunk = []
            self.report()
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

    def _succeeded(
        self, results: Iterator[tuple[Document, list[Claim] | Failure]]
    ) -> Iterator[tuple[Document, list[Claim]]]:
        for doc, outcome in results:
            if isinstance(outcome, Failure):
                self.seen.discard(doc.hash)  # a later copy is tried again, as locally
                self.failed(SourceError(doc.source or doc.id, outcome.reason))
                continue
            yield doc, outcome
