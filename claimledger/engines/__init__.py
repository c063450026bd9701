"""Engines: where extraction runs — in this process, in local worker processes, or on a Dask
cluster — for `claimledger extract` and `claimledger ingest` (`--engine local|processes|dask`).

Documents are read here, as a stream, and cut into partitions (lists of documents); each
partition is one task, extracted on a worker; results come back in the order the documents
were read, so every engine gives the same claims in the same order. What happens to the
results stays here too: printed, written to the ledger through its one writer
(`claimledger.engines.ingest`, behind `Ledger.ingest(inputs, engine=…)`, whatever the
engine), or written to a partitioned Parquet dataset that `claimledger load` brings into a
ledger later (`claimledger.engines.dataset`).

    with open_engine("dask", extractor, workers=2) as engine:
        for doc, outcome in extract_documents(docs, engine):
            ...
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum

from claimledger.engines.base import (
    DEFAULT_PARTITION,
    ClaimExtractor,
    Engine,
    EngineError,
    ExtractFunction,
    Failure,
    FunctionExtractor,
    Outcome,
    claim_extractor,
    partitions,
)
from claimledger.model import Document

__all__ = [
    "DEFAULT_PARTITION",
    "ClaimExtractor",
    "Engine",
    "EngineError",
    "EngineKind",
    "ExtractFunction",
    "Failure",
    "FunctionExtractor",
    "Outcome",
    "claim_extractor",
    "engine_for",
    "extract_documents",
    "open_engine",
]


class EngineKind(StrEnum):
    local = "local"
    processes = "processes"
    dask = "dask"


@contextmanager
def open_engine(
    kind: EngineKind | str,
    extractor: ClaimExtractor,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
) -> Iterator[Engine]:
    """An engine for the run, shut down (workers, a local cluster) when the block ends.

    workers: processes for `processes`, or the size of the LocalCluster `dask` starts when no
    `scheduler` (tcp://HOST:PORT of a running cluster) is given; default: one per core.
    """
    try:
        kind = EngineKind(kind)
    except ValueError:
        names = ", ".join(k.value for k in EngineKind)
        raise EngineError(f"no engine {kind!r} (one of {names})") from None
    if scheduler and kind is not EngineKind.dask:
        raise EngineError(f"--scheduler needs --engine dask, not {kind.value}")
    if workers is not None and workers < 1:
        raise EngineError(f"workers must be at least 1, not {workers}")
    engine: Engine
    if kind is EngineKind.local:
        from claimledger.engines.pools import LocalEngine

        engine = LocalEngine(extractor)
    elif kind is EngineKind.processes:
        from claimledger.engines.pools import ProcessEngine

        engine = ProcessEngine(extractor, workers)
    else:
        # Imported only here: dask.distributed takes a second to import.
        from claimledger.engines.pools import DaskEngine

        engine = DaskEngine(extractor, workers, scheduler)
    try:
        yield engine
    finally:
        engine.close()


@contextmanager
def engine_for(
    engine: EngineKind | str | Engine,
    extractor: ClaimExtractor | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
) -> Iterator[Engine]:
    """The engine a run asked for: one of `kind` opened for the block (with `extractor`) and
    shut down after it, or an engine the caller already runs (and shuts down), which has its
    own extractor and workers."""
    if isinstance(engine, str):
        if extractor is None:
            raise EngineError(f"engine {engine}: give the extractor it runs")
        with open_engine(engine, extractor, workers=workers, scheduler=scheduler) as opened:
            yield opened
        return
    if extractor is not None or workers is not None or scheduler is not None:
        raise EngineError(
            "a running engine has its own extractor and workers: give an engine kind"
            " (local, processes, dask) to choose them"
        )
    yield engine


def extract_documents(
    docs: Iterable[Document], engine: Engine, partition_size: int = DEFAULT_PARTITION
) -> Iterator[tuple[Document, Outcome]]:
    """Every document with its claims (or the Failure of its extraction), in reading order."""
    # The engine yields outcomes in the order partitions went in; the partitions themselves
    # stay here (only the outcomes come back from the workers), queued until theirs arrive.
    sent: deque[list[Document]] = deque()

    def feed() -> Iterator[list[Document]]:
        for part in partitions(docs, partition_size):
            sent.append(part)
            yield part

    for outcomes in engine.map(feed()):
        part = sent.popleft()
        yield from zip(part, outcomes, strict=True)
