"""Full-text search over documents (claimledger.storage.search): an FTS5 table kept in step by
triggers on SQLite, a GIN text-search index on PostgreSQL. Existing documents are indexed.

Revision ID: 0006
Revises: 0005
Create Date: 2025-11-23
"""

from __future__ import annotations

from alembic import op

from claimledger.storage import search

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    search.create(op.get_bind())


def downgrade() -> None:
    search.drop(op.get_bind())
