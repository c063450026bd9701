"""Alembic environment: runs on the connection `claimledger.storage.migrate` hands over.

There is no alembic.ini and no URL here: a ledger is upgraded when it is opened, inside the
transaction (and lock) its opener holds.
"""

from __future__ import annotations

from alembic import context

from claimledger.storage.schema import metadata
from claimledger.storage.search import include_name

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite cannot ALTER most things: Alembic rebuilds the table instead ("batch" mode).
    render_as_batch=connection.dialect.name == "sqlite",
    # Full-text search structures live outside the metadata (storage/search.py).
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
