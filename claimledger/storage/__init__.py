"""The ledger database: schema, migrations, the single writer, reads. Nothing else in
claimledger issues SQL; everything goes through `Store`.

SQLite (one file, the default) or PostgreSQL (psycopg 3), through SQLAlchemy Core.
"""

from __future__ import annotations

from claimledger.storage.engine import DEFAULT_DB, ENV_VAR, resolve_url
from claimledger.storage.records import (
    ClaimFilter,
    ClaimRecord,
    Counts,
    DocumentRecord,
    IngestRun,
)
from claimledger.storage.store import Store

__all__ = [
    "DEFAULT_DB",
    "ENV_VAR",
    "ClaimFilter",
    "ClaimRecord",
    "Counts",
    "DocumentRecord",
    "IngestRun",
    "Store",
    "resolve_url",
]
