"""Sign-in limits: a lockout's length doubles with each one in a row, and failures per source.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 04:12:37
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``signinsource`` and ``user.lockouts``, ``user.last_failed_login``."""
    op.create_table(
        "signinsource",
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("throttled_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("source"),
    )
    op.create_index(
        op.f("ix_signinsource_last_failure"), "signinsource", ["last_failure"], unique=False
    )
    with op.batch_alter_table("user") as batch:
        batch.add_column(
            sa.Column("last_failed_login", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch.add_column(sa.Column("lockouts", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("user") as batch:
        batch.drop_column("lockouts")
        batch.drop_column("last_failed_login")
    op.drop_index(op.f("ix_signinsource_last_failure"), table_name="signinsource")
    op.drop_table("signinsource")
