"""The one thread that writes to a ledger.

Every write of a process goes through one `Writer`: jobs run one after another, each in its own
transaction, so a process never competes with itself for SQLite's single write lock and a job
is applied whole or not at all. Readers use their own connections and run in parallel.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from claimledger.storage.engine import WRITE

T = TypeVar("T")
Job = Callable[[Connection], Any]


class Writer:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._jobs: queue.Queue[tuple[Job, Future[Any]] | None] = queue.Queue()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="claimledger-writer", daemon=True)
        self._thread.start()

    def submit(self, job: Callable[[Connection], T]) -> Future[T]:
        """Queue `job(connection)` to run in one transaction; its Future gives the result."""
        if self._closed:
            raise RuntimeError("the ledger's writer is closed")
        future: Future[T] = Future()
        self._jobs.put((job, future))
        return future

    def run(self, job: Callable[[Connection], T]) -> T:
        """Run a job and wait for it."""
        return self.submit(job).result()

    def close(self, cancel_pending: bool = False) -> None:
        """Finish (or, on an interruption, cancel) the queued jobs; then stop the thread.

        A job that already started always runs to its commit or rollback.
        """
        if self._closed:
            return
        self._closed = True
        if cancel_pending:
            while True:
                try:
                    item = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if item is not None:
                    item[1].cancel()
        self._jobs.put(None)
        self._thread.join()

    def _run(self) -> None:
        while (item := self._jobs.get()) is not None:
            job, future = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = self._attempt(job)
            except BaseException as exc:  # the caller sees it through the Future
                future.set_exception(exc)
            else:
                future.set_result(result)

    def _attempt(self, job: Job) -> Any:
        """Run the job in a transaction; when the database rolled it back because another
        process's transaction met it (a PostgreSQL deadlock or serialization failure, SQLite
        still locked after its busy timeout), run it again in a new one, a few times."""
        for attempt in range(RETRIES + 1):
            try:
                with self._engine.connect() as conn:
                    conn = conn.execution_options(**{WRITE: True})
                    with conn.begin():
                        return job(conn)
            except DBAPIError as exc:
                if attempt == RETRIES or not _transient(exc):
                    raise
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")


# Transactions retried after a transient conflict with another process.
RETRIES = 5
# PostgreSQL: deadlock_detected, serialization_failure.
_PG_TRANSIENT = frozenset({"40P01", "40001"})


def _transient(exc: DBAPIError) -> bool:
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in _PG_TRANSIENT:
        return True
    message = str(orig).lower()
    return "database is locked" in message or "database is busy" in message
