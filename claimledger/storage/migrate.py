"""Versioned schema migrations (Alembic): a ledger is brought to the newest schema on opening.

The revisions live in migrations/versions/, shipped inside the package. A new empty database
gets them all; a ledger written by an older claimledger gets the ones it lacks; a ledger from a
newer claimledger (a revision this one does not know) is refused rather than misread.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from claimledger.errors import LedgerError
from claimledger.storage.engine import WRITE, display

MIGRATIONS = Path(__file__).with_name("migrations")
# Any constant: PostgreSQL sessions that open a ledger at once upgrade it one at a time.
_PG_LOCK_KEY = 0x636C6D6C  # "clml"


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "no migrations shipped"
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the ledger to `revision` (default: the newest) if it is not there yet."""
    script = ScriptDirectory.from_config(_config())
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # Rebuilding a table on SQLite drops the old one; with foreign keys on, that would
            # cascade into the claims. The pragma only takes effect outside a transaction.
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            conn = conn.execution_options(**{WRITE: True})
            with conn.begin():
                if not sqlite:
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
                current = MigrationContext.configure(conn).get_current_revision()
                _check_known(conn, script, current)
                target = script.get_current_head() if revision == "head" else revision
                if current != target:
                    command.upgrade(_config(conn), revision)
        finally:
            if sqlite:
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]


def _check_known(conn: Connection, script: ScriptDirectory, current: str | None) -> None:
    where = display(conn.engine.url)
    if current is None:
        tables = set(inspect(conn).get_table_names())
        if tables:
            raise LedgerError(
                where,
                "not a claimledger ledger (holds other tables: "
                + ", ".join(sorted(tables)[:5])
                + ")",
            )
        return
    known = {rev.revision for rev in script.walk_revisions()}
    if current not in known:
        raise LedgerError(
            where,
            f"ledger schema revision {current} is newer than this claimledger knows; "
            "upgrade claimledger to open it",
        )
