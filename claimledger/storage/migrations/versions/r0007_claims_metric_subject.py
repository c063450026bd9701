"""An index on claims (metric, subject): one metric's claims for one subject — a timeline, a
comparison — are found without reading every claim of the subject or the metric.

Revision ID: 0007
Revises: 0006
Create Date: 2025-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_claims_metric_subject", "claims", ["metric", "subject"])


def downgrade() -> None:
    op.drop_index("ix_claims_metric_subject", table_name="claims")
