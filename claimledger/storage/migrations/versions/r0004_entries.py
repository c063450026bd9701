"""Ledger entries: the same claim found in several documents is one entry with all its claims.

Revision ID: 0004
Revises: 0003
Create Date: 2025-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("period_start", sa.Date),
        sa.Column("period_end", sa.Date),
        sa.Column("location", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_entries"),
    )
    op.create_index("ix_entries_key", "entries", ["key"])
    op.create_table(
        "entry_claims",
        sa.Column("claim_id", sa.Integer, nullable=False),
        sa.Column("entry_id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("claim_id", name="pk_entry_claims"),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name="fk_entry_claims_claim_id_claims", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
            name="fk_entry_claims_entry_id_entries",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_entry_claims_entry_id", "entry_claims", ["entry_id"])


def downgrade() -> None:
    op.drop_table("entry_claims")
    op.drop_table("entries")
