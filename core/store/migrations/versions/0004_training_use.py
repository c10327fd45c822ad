"""Training lineage: which candidates' labelled pairs trained each fine-tuned version.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 07:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``traininguse``."""
    op.create_table(
        "traininguse",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_traininguse_version"), "traininguse", ["version"], unique=False)
    op.create_index(
        op.f("ix_traininguse_candidate_id"), "traininguse", ["candidate_id"], unique=False
    )


def downgrade() -> None:
    """Drop it again."""
    op.drop_index(op.f("ix_traininguse_candidate_id"), table_name="traininguse")
    op.drop_index(op.f("ix_traininguse_version"), table_name="traininguse")
    op.drop_table("traininguse")
