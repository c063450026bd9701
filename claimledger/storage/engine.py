"""Which database a ledger is, and a SQLAlchemy engine set up for it.

A ledger is named by a SQLAlchemy URL (`sqlite:///path.db`, `postgresql+psycopg://…`) or by a
plain file path (a SQLite file). With no name, `$CLAIMLEDGER_DB`, else ./claimledger.db.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import QueuePool, StaticPool

from claimledger.errors import LedgerError

DEFAULT_DB = "claimledger.db"
ENV_VAR = "CLAIMLEDGER_DB"
# How long a SQLite connection waits for another process's write lock before giving up.
BUSY_TIMEOUT_MS = 30_000
# Execution option that marks the writer's connection (see _sqlite_begin).
WRITE = "claimledger_write"


def resolve_url(db: str | Path | None) -> URL:
    """The SQLAlchemy URL of a ledger named by URL, path, $CLAIMLEDGER_DB or the default."""
    name = str(db) if db is not None else os.environ.get(ENV_VAR) or DEFAULT_DB
    if "://" not in name:
        path = Path(name).expanduser()
        if path.is_dir():
            raise LedgerError(name, "is a folder, not a database file")
        if not path.parent.is_dir():
            raise LedgerError(name, f"folder {str(path.parent)!r} does not exist")
        return URL.create("sqlite+pysqlite", database=str(path.resolve()))
    try:
        url = make_url(name)
    except ArgumentError:
        raise LedgerError(name, "not a database URL or path") from None
    backend = url.get_backend_name()
    if backend == "postgresql" or url.drivername == "postgres":
        # psycopg 3 is the driver we install; a bare postgresql:// would ask for psycopg2.
        return url.set(drivername="postgresql+psycopg")
    if backend != "sqlite":
        raise LedgerError(
            display(url), f"unsupported database {backend!r} (use SQLite or postgresql+psycopg)"
        )
    return url


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite ledger; None for an in-memory one or another database."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def display(url: URL) -> str:
    """The URL for messages: never the password."""
    return url.render_as_string(hide_password=True)


def make_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True)


def _sqlite_engine(url: URL) -> Engine:
    kwargs: dict[str, Any] = {}
    if url.database in (None, "", ":memory:"):
        # One in-memory database only lives as long as its one connection: share it.
        kwargs = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling would start transactions late and never with
    # IMMEDIATE; turn it off so that _sqlite_begin decides (SQLAlchemy's documented recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # WAL: readers never block the writer nor the writer them; NORMAL sync is safe with WAL.
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # The writer takes the write lock when its transaction starts (IMMEDIATE), waiting up to
    # the busy timeout for another process; a deferred transaction that read first and wrote
    # later would fail at once with SQLITE_BUSY instead of waiting.
    write = conn.get_execution_options().get(WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


# -- Read-only engines (claimledger serve): the database itself refuses writes ----------------

# SQLite VM instructions between two looks at a statement's deadline.
_PROGRESS_STEPS = 20_000


def make_readonly_engine(url: URL, timeout: float) -> Engine:
    """An engine whose connections cannot write and whose statements stop after `timeout`
    seconds: SQLite opened with mode=ro and query_only, a progress handler interrupting a
    statement past its deadline; PostgreSQL sessions with default_transaction_read_only and
    statement_timeout."""
    if url.get_backend_name() == "sqlite":
        return _sqlite_readonly_engine(url, timeout)
    options = f"-c default_transaction_read_only=on -c statement_timeout={int(timeout * 1000)}"
    return create_engine(url, pool_pre_ping=True, connect_args={"options": options})


def _sqlite_readonly_engine(url: URL, timeout: float) -> Engine:
    path = sqlite_file(url)
    if path is None:
        raise LedgerError(display(url), "an in-memory database cannot be opened read-only")
    uri = path.resolve().as_uri() + "?mode=ro"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    engine = create_engine("sqlite+pysqlite://", creator=connect, poolclass=QueuePool)

    def on_connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA query_only = ON")
        cursor.close()
        deadline = [0.0]
        record.info["deadline"] = deadline

        def past_deadline() -> int:
            return 1 if deadline[0] and time.monotonic() > deadline[0] else 0

        dbapi_connection.set_progress_handler(past_deadline, _PROGRESS_STEPS)

    def before_execute(conn: Any, *_args: Any) -> None:
        deadline = conn.info.get("deadline")
        if deadline is not None:
            deadline[0] = time.monotonic() + timeout

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", _sqlite_begin)
    event.listen(engine, "before_cursor_execute", before_execute)
    return engine
