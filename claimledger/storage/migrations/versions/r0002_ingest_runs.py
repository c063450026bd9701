"""Ingest runs (when, what was read, what was added) and a slot for near-duplicate groups.

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("inputs", sa.Text, nullable=False),
        sa.Column("documents_new", sa.Integer, nullable=False, server_default="0"),
        sa.Column("documents_present", sa.Integer, nullable=False, server_default="0"),
        sa.Column("documents_failed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("claims_added", sa.Integer, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name="pk_ingest_runs"),
    )
    # On SQLite this rebuilds the table (batch mode); migrate.py turns foreign keys off around
    # it, so dropping the old table does not cascade into the claims.
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("run_id", sa.Integer))
        batch.add_column(sa.Column("near_dup_group", sa.Integer))
        batch.create_foreign_key(
            "fk_documents_run_id_ingest_runs", "ingest_runs", ["run_id"], ["id"]
        )
        batch.create_index("ix_documents_near_dup_group", ["near_dup_group"])


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_near_dup_group")
        batch.drop_constraint("fk_documents_run_id_ingest_runs", type_="foreignkey")
        batch.drop_column("near_dup_group")
        batch.drop_column("run_id")
    op.drop_table("ingest_runs")
