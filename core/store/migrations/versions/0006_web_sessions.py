"""Signed-in browser sessions that outlive a reload: the hash of each session's token.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString
_TIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    """Add ``websession``."""
    op.create_table(
        "websession",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", _TEXT(length=64), nullable=False),
        sa.Column("email", _TEXT(length=320), nullable=False),
        sa.Column("created_at", _TIME(), nullable=False),
        sa.Column("expires_at", _TIME(), nullable=False),
        sa.Column("last_seen_at", _TIME(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_websession_token_hash"), "websession", ["token_hash"], unique=True)
    for column in ("email", "expires_at"):
        op.create_index(op.f(f"ix_websession_{column}"), "websession", [column], unique=False)


def downgrade() -> None:
    """Drop it again."""
    for column in ("token_hash", "email", "expires_at"):
        op.drop_index(op.f(f"ix_websession_{column}"), table_name="websession")
    op.drop_table("websession")
