"""A claim's subset (claims.md `subset`): for a sub-count, the word narrowing the population it
is part of ("children" of "18 civilians, including six children"). Null for every claim stored
before: they were read as whole counts, as the extractor then read them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A nullable column without a default: an ALTER TABLE on both SQLite and PostgreSQL, no
    # table rebuild and no rewrite of the stored rows.
    op.add_column("claims", sa.Column("subset", sa.Text))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN on both (SQLite since 3.35): a batch rebuild of the table would
    # lose the expression indexes of revisions 0008 and 0009 on SQLite.
    op.drop_column("claims", "subset")
