"""The three engines: in this process, in local worker processes, on a Dask cluster.

All three run `extract_partition` with the same extractor (the processes and Dask workers get
a pickled copy, lexicon extensions included, so remote machines need no lexicon files of their
own) and return results in input order, so the claims are the same whichever runs them.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from claimledger.engines.base import (
    ClaimExtractor,
    EngineError,
    Outcome,
    extract_partition,
    ordered,
)
from claimledger.model import Document

# Partitions in flight per worker: one running, one queued so it never waits for the client.
_INFLIGHT_PER_WORKER = 2
# Seconds to reach a Dask scheduler before calling the address wrong.
CONNECT_TIMEOUT = 10.0


class LocalEngine:
    """Extraction in the calling process, partition after partition."""

    workers = 1

    def __init__(self, extractor: ClaimExtractor) -> None:
        self._extractor = extractor

    def map(self, partitions: Iterable[list[Document]]) -> Iterator[list[Outcome]]:
        for part in partitions:
            yield extract_partition(self._extractor, part)

    def close(self) -> None:
        pass


# -- local processes ---------------------------------------------------------------------------

_WORKER_EXTRACTOR: ClaimExtractor | None = None


def _init_worker(pickled: bytes) -> None:
    global _WORKER_EXTRACTOR
    _WORKER_EXTRACTOR = pickle.loads(pickled)


def _run_in_worker(docs: list[Document]) -> list[Outcome]:
    assert _WORKER_EXTRACTOR is not None, "worker started without its extractor"
    return extract_partition(_WORKER_EXTRACTOR, docs)


class ProcessEngine:
    """Extraction in `workers` local processes (one core each)."""

    def __init__(self, extractor: ClaimExtractor, workers: int | None = None) -> None:
        try:
            pickled = pickle.dumps(extractor)
        except Exception as exc:  # a function defined inside another, a lambda …
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise EngineError(
                f"the extractor cannot be sent to worker processes ({reason})"
            ) from None
        self.workers = workers or os.cpu_count() or 1
        # spawn, not fork: the parent runs threads (the ledger's writer) that a fork would copy
        # mid-flight, locks and all.
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(pickled,),
        )

    def map(self, partitions: Iterable[list[Document]]) -> Iterator[list[Outcome]]:
        window = self.workers * _INFLIGHT_PER_WORKER
        for _, outcomes in ordered(partitions, self._submit, window):
            yield outcomes

    def _submit(self, part: list[Document]) -> Any:
        return self._pool.submit(_run_in_worker, part)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


# -- Dask --------------------------------------------------------------------------------------


def _run_on_dask_worker(extractor: ClaimExtractor, docs: list[Document]) -> list[Outcome]:
    return extract_partition(extractor, docs)


class DaskEngine:
    """Extraction on a Dask cluster: the one at `scheduler` (tcp://HOST:PORT), or a
    LocalCluster of `workers` single-threaded processes on loopback started for the run."""

    def __init__(
        self, extractor: ClaimExtractor, workers: int | None = None, scheduler: str | None = None
    ) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - a dependency of the package
            raise EngineError(f"the dask engine needs dask.distributed ({exc})") from None
        self._cluster: Any = None
        try:
            if scheduler:
                self._client = Client(scheduler, timeout=CONNECT_TIMEOUT)
            else:
                self._cluster = LocalCluster(
                    n_workers=workers or os.cpu_count() or 1,
                    threads_per_worker=1,  # extraction holds the GIL: a process per core
                    processes=True,
                    host="127.0.0.1",
                    # Its HTTP server starts anyway: a free loopback port, never a fixed one
                    # that another cluster on the machine may hold.
                    dashboard_address="127.0.0.1:0",
                    silence_logs=logging.ERROR,
                )
                self._client = Client(self._cluster)
        except (OSError, TimeoutError, ValueError) as exc:
            self._shutdown()
            where = scheduler or "a local Dask cluster"
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise EngineError(
                f"{where}: cannot start or reach the Dask scheduler ({reason})"
            ) from None
        n = self._threads()
        if n == 0:
            try:
                self._client.wait_for_workers(1, timeout=CONNECT_TIMEOUT * 3)
            except TimeoutError:
                self._shutdown()
                raise EngineError(f"{scheduler}: the Dask cluster has no workers") from None
            n = self._threads()
        # Threads, not processes: what can run at once is what keeps the window full.
        self.workers = n
        # One copy of the extractor per worker, not one per task.
        self._extractor = self._client.scatter(extractor, broadcast=True)

    def _threads(self) -> int:
        return int(sum(self._client.nthreads().values()))

    def map(self, partitions: Iterable[list[Document]]) -> Iterator[list[Outcome]]:
        window = self.workers * _INFLIGHT_PER_WORKER
        try:
            for _, outcomes in ordered(partitions, self._submit, window):
                yield outcomes
        except Exception as exc:
            if isinstance(exc, EngineError):
                raise
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise EngineError(f"Dask: a partition could not be extracted ({reason})") from exc

    def _submit(self, part: list[Document]) -> Any:
        # pure=False: two equal partitions are still two tasks (Dask would share one result).
        return self._client.submit(_run_on_dask_worker, self._extractor, part, pure=False)

    def close(self) -> None:
        self._shutdown()

    def _shutdown(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
