"""Near-duplicate groups: each document's MinHash signature and its LSH band keys.

`documents.near_dup_group` (revision 0002) holds the group; these tables let a new document find
its near-duplicates without reading every signature.

Revision ID: 0003
Revises: 0002
Create Date: 2025-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "doc_signatures",
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.Column("shingles", sa.Integer, nullable=False),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("document_id", name="pk_doc_signatures"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_doc_signatures_document_id_documents",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "doc_bands",
        sa.Column("band", sa.SmallInteger, nullable=False),
        sa.Column("key", sa.BigInteger, nullable=False),
        sa.Column("document_id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("band", "key", "document_id", name="pk_doc_bands"),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name="fk_doc_bands_document_id_documents",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_doc_bands_document_id", "doc_bands", ["document_id"])


def downgrade() -> None:
    op.drop_table("doc_bands")
    op.drop_table("doc_signatures")
