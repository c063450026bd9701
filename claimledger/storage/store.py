"""`Store`: one opened ledger database — the only way the rest of claimledger touches it.

Opening resolves the name, connects, and migrates the schema to the newest revision. Writes go
through the store's single Writer thread; reads use pooled connections of their own. Database
failures surface as one-line `LedgerError`s naming the ledger.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from claimledger.errors import LedgerError
from claimledger.model import Claim, Document
from claimledger.storage import meta, queries, writes
from claimledger.storage.engine import (
    display,
    make_engine,
    make_readonly_engine,
    resolve_url,
    sqlite_file,
)
from claimledger.storage.meta import LexiconFile
from claimledger.storage.migrate import current_revision, head_revision, upgrade
from claimledger.storage.records import Counts
from claimledger.storage.writer import Writer

T = TypeVar("T")


class Store:
    def __init__(self, url: URL, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self.name = display(url)
        self._writer = Writer(engine)

    @classmethod
    def open(cls, db: str | Path | None = None, *, create: bool = True) -> Store:
        """Open the ledger `db`: a path, a SQLAlchemy URL, or None for $CLAIMLEDGER_DB /
        ./claimledger.db. A SQLite file that does not exist is created, unless `create` is
        false (reading a ledger that is not there is a mistake, not an empty result)."""
        url = resolve_url(db)
        path = sqlite_file(url)
        if not create and path is not None and not path.exists():
            raise LedgerError(display(url), "no ledger here yet (claimledger ingest creates one)")
        engine = make_engine(url)
        try:
            with _db_errors(display(url)):
                upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(url, engine)

    @classmethod
    def open_readonly(cls, db: str | Path | None = None, *, timeout: float = 10.0) -> Store:
        """Open an existing ledger for reading only (claimledger serve): its connections
        cannot write, and a statement running longer than `timeout` seconds is stopped with
        a LedgerError. A ledger of an older schema is upgraded first, once, as every command
        does on opening; a database that holds no ledger is refused."""
        url = resolve_url(db)
        path = sqlite_file(url)
        name = display(url)
        if url.get_backend_name() == "sqlite" and path is None:
            raise LedgerError(name, "an in-memory database holds no ledger to read")
        if path is not None and not path.exists():
            raise LedgerError(name, "no ledger here yet (claimledger ingest creates one)")
        engine = make_engine(url)
        try:
            with _db_errors(name):
                current = current_revision(engine)
                if current is None:
                    raise LedgerError(name, "no ledger here yet (claimledger ingest creates one)")
                if current != head_revision():
                    upgrade(engine)
        finally:
            engine.dispose()
        return cls(url, make_readonly_engine(url, timeout))

    def close(self, cancel_pending: bool = False) -> None:
        self._writer.close(cancel_pending)
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close(cancel_pending=e is not None)

    # -- writes: queued to the writer thread ----------------------------------------------------

    def start_run(self, inputs: Sequence[str]) -> int:
        with _db_errors(self.name):
            return self._writer.run(lambda conn: writes.start_run(conn, inputs))

    def finish_run(self, run_id: int, status: str, counts: Counts) -> None:
        with _db_errors(self.name):
            self._writer.run(lambda conn: writes.finish_run(conn, run_id, status, counts))

    def submit(
        self, items: Sequence[tuple[Document, Sequence[Claim]]], run_id: int | None = None
    ) -> Future[Counts]:
        """Queue one batch, written in one transaction; `result()` raises a LedgerError."""
        batch = list(items)
        return self._writer.submit(lambda conn: writes.add_documents(conn, batch, run_id))

    def wait(self, future: Future[Counts]) -> Counts:
        with _db_errors(self.name):
            return future.result()

    def record_lexicon(self, files: Sequence[LexiconFile]) -> int:
        """Record the user lexicon files ingest reads with (those not recorded yet)."""
        return self.write(lambda conn: meta.record_lexicon_files(conn, files))

    # -- reads: claimledger.storage.reader.LedgerReader; here only what ingest asks ----------

    def known_hashes(self, hashes: Collection[str]) -> set[str]:
        with _db_errors(self.name), self.engine.connect() as conn:
            return queries.known_hashes(conn, hashes)

    # -- jobs from other modules (claimledger.analysis), with storage's SQL functions -------

    def write(self, job: Callable[[Connection], T]) -> T:
        """Run `job(connection)` on the writer thread in one transaction, and wait for it."""
        with _db_errors(self.name):
            return self._writer.run(job)

    def read(self, job: Callable[[Connection], T]) -> T:
        """Run `job(connection)` on a reading connection of its own."""
        with _db_errors(self.name), self.engine.connect() as conn:
            return job(conn)

    def stream(self, job: Callable[[Connection], Iterator[T]]) -> Iterator[T]:
        """Like `read`, for a job that streams its rows."""
        with _db_errors(self.name), self.engine.connect() as conn:
            yield from job(conn)


@contextmanager
def _db_errors(name: str) -> Iterator[None]:
    """Database failures as one line: the ledger's name and the driver's message."""
    try:
        yield
    except SQLAlchemyError as exc:
        orig = getattr(exc, "orig", None) or exc
        raise LedgerError(name, " ".join(str(orig).split()) or type(exc).__name__) from exc
