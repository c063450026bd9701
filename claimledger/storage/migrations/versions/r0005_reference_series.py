"""Reference series (the Ukrainian MoD's daily losses, Oryx's counts) as loaded from their files.

Revision ID: 0005
Revises: 0004
Create Date: 2025-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

Double = sa.Float(precision=53)


def upgrade() -> None:
    op.create_table(
        "reference_series",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reference_series"),
        sa.UniqueConstraint(
            "source", "subject", "name", name="uq_reference_series_source_subject_name"
        ),
    )
    op.create_table(
        "reference_values",
        sa.Column("series_id", sa.Integer, nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("value", Double, nullable=False),
        sa.Column("note", sa.Text),
        sa.PrimaryKeyConstraint("series_id", "day", name="pk_reference_values"),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["reference_series.id"],
            name="fk_reference_values_series_id_reference_series",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("reference_values")
    op.drop_table("reference_series")
