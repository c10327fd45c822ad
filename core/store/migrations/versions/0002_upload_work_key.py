"""An upload's work key: the queued file it came from, so a replayed step stores it once.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 03:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``upload.work_key`` with a unique index."""
    with op.batch_alter_table("upload") as batch:
        batch.add_column(
            sa.Column("work_key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True)
        )
        batch.create_index(batch.f("ix_upload_work_key"), ["work_key"], unique=True)


def downgrade() -> None:
    """Drop ``upload.work_key``."""
    with op.batch_alter_table("upload") as batch:
        batch.drop_index(batch.f("ix_upload_work_key"))
        batch.drop_column("work_key")
