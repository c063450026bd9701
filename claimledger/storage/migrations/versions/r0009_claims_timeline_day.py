"""An index for timelines: one metric for one subject by the day a point is drawn at (the end
of its period, else its start), then the claim id. A timeline of a month or a year reads its
range from the index, latest first, instead of every claim of the pair (at 1,000,000 claims
the largest pair, 120,000 claims, took about 0.2 s to filter and sort on SQLite; now the
latest 4,000 of a year come in about 30 ms).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-21
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_claims_timeline_day",
        "claims",
        ["metric", "subject", text("coalesce(period_end, period_start)"), "id"],
    )
    if op.get_bind().dialect.name == "postgresql":
        # PostgreSQL keeps statistics on an expression only once the table is analysed; until
        # then it guesses a handful of rows per day range, sorts the whole pair instead of
        # reading the index backwards, and a year of the largest series takes 160 ms, not 25.
        op.execute("ANALYZE claims")


def downgrade() -> None:
    op.drop_index("ix_claims_timeline_day", table_name="claims")
