"""Documents (once per content hash), claims with every Claim field, claimants, outlets.

Revision ID: 0001
Revises:
Create Date: 2025-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Double = sa.Float(precision=53)


def upgrade() -> None:
    op.create_table(
        "outlets",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_outlets"),
        sa.UniqueConstraint("name", name="uq_outlets_name"),
    )
    op.create_table(
        "claimants",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_claimants"),
        sa.UniqueConstraint("name", name="uq_claimants_name"),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("outlet_id", sa.Integer),
        sa.Column("language", sa.String(35)),
        sa.Column("source", sa.Text),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("hash", name="uq_documents_hash"),
        sa.ForeignKeyConstraint(
            ["outlet_id"], ["outlets.id"], name="fk_documents_outlet_id_outlets"
        ),
    )
    op.create_index("ix_documents_doc_id", "documents", ["doc_id"])
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("metric", sa.Text, nullable=False),
        sa.Column("subject", sa.Text),
        sa.Column("subject_surface", sa.Text),
        sa.Column("value_low", Double),
        sa.Column("value_high", Double),
        sa.Column("qualifier", sa.String(16), nullable=False),
        sa.Column("rate_per", Double),
        sa.Column("rate_unit", sa.String(16)),
        sa.Column("claimant_id", sa.Integer),
        sa.Column("affiliation", sa.Text),
        sa.Column("period_start", sa.Date),
        sa.Column("period_end", sa.Date),
        sa.Column("cumulative", sa.Boolean, nullable=False),
        sa.Column("location", sa.Text),
        sa.Column("group", sa.String(16)),
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("evidence_text", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_claims"),
        sa.UniqueConstraint("document_id", "seq", name="uq_claims_document_id_seq"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_claims_document_id_documents",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["claimant_id"], ["claimants.id"], name="fk_claims_claimant_id_claimants"
        ),
    )
    for column in ("metric", "subject", "claimant_id", "location"):
        op.create_index(f"ix_claims_{column}", "claims", [column])


def downgrade() -> None:
    op.drop_table("claims")
    op.drop_table("documents")
    op.drop_table("claimants")
    op.drop_table("outlets")
