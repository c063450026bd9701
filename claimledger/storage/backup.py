"""`claimledger backup`: a consistent copy of a SQLite ledger, taken while it is in use.

SQLite's online backup API copies the database page by page inside one read transaction: the
copy is the ledger as of one moment, whatever other processes write meanwhile (with WAL they
are not blocked). The copy is written beside its destination and renamed into place when whole,
so an interrupted backup never leaves a half-written file under the destination's name.

A PostgreSQL ledger is backed up with pg_dump (docs/reliability.md).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from claimledger.errors import LedgerError
from claimledger.storage.engine import BUSY_TIMEOUT_MS, display, sqlite_file


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    bytes: int
    documents: int
    claims: int


def backup_sqlite(url: URL, output: Path, *, overwrite: bool = False) -> BackupResult:
    name = display(url)
    source = sqlite_file(url)
    if source is None:
        if url.get_backend_name() == "sqlite":
            raise LedgerError(name, "an in-memory ledger has no file to back up")
        raise LedgerError(
            name,
            "backup copies SQLite ledgers; back up a PostgreSQL ledger with pg_dump "
            "(see docs/reliability.md)",
        )
    if not source.exists():
        raise LedgerError(name, "no ledger here")
    output = output.expanduser()
    if output.resolve() == source.resolve():
        raise LedgerError(str(output), "is the ledger itself")
    if output.exists() and not overwrite:
        raise LedgerError(str(output), "exists already (--overwrite replaces it)")
    if not output.parent.is_dir():
        raise LedgerError(str(output), f"folder {str(output.parent)!r} does not exist")
    partial = output.with_name(f".{output.name}.partial-{os.getpid()}")
    try:
        src = sqlite3.connect(source)
        try:
            src.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            dst = sqlite3.connect(partial)
            try:
                # One step (-1): the whole copy in one read transaction, so writers that
                # commit meanwhile do not restart it.
                src.backup(dst, pages=-1)
                dst.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
                check = dst.execute("PRAGMA quick_check").fetchone()
                if check is None or check[0] != "ok":
                    raise LedgerError(str(output), f"the copy fails its check ({check})")
                documents = dst.execute("SELECT count(*) FROM documents").fetchone()[0]
                claims = dst.execute("SELECT count(*) FROM claims").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
        with open(partial, "rb") as f:
            os.fsync(f.fileno())
        os.replace(partial, output)
    except sqlite3.Error as exc:
        raise LedgerError(name, f"backup failed ({' '.join(str(exc).split())})") from None
    except OSError as exc:
        raise LedgerError(str(output), exc.strerror or str(exc)) from None
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(output, output.stat().st_size, int(documents), int(claims))
