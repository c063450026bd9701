"""The lexicon travels with the ledger: the user lexicon files (`--lexicon DIR`,
CLAIMLEDGER_LEXICON) that ingest read the documents with, stored whole, so that check,
compare, reference, claims and serve analyse the ledger with the metrics, parties and
claimants its claims were read with. A ledger stored before holds none: the built-in lexicon.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lexicon_files",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        # sha256 of name and text: a file recorded again is recorded once (a unique index on
        # the text itself would exceed PostgreSQL's index row size for a large file).
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_lexicon_files"),
        sa.UniqueConstraint("hash", name="uq_lexicon_files_hash"),
    )


def downgrade() -> None:
    op.drop_table("lexicon_files")
