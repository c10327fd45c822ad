"""The hiring pipeline: each job's stages, each candidate's stage per job, notes and tags.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 11:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    """Add ``job.stages``, ``application``, ``candidatenote`` and ``candidatetag``."""
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("stages", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("job") as batch:  # existing jobs got "[]"; new ones get a value
        batch.alter_column("stages", server_default=None)
    op.create_table(
        "application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("stage", _TEXT(length=40), nullable=False),
        sa.Column("reason", _TEXT(length=500), nullable=False),
        sa.Column("moved_by", _TEXT(length=320), nullable=False),
        sa.Column("moved_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["candidate_id"], ["candidate.id"]),
        sa.ForeignKeyConstraint(["job_id"], ["job.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("job_id", "candidate_id"),
    )
    for column in ("job_id", "candidate_id", "stage"):
        op.create_index(op.f(f"ix_application_{column}"), "application", [column], unique=False)
    op.create_table(
        "candidatenote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("author", _TEXT(length=320), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["candidate_id"], ["candidate.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_candidatenote_candidate_id"), "candidatenote", ["candidate_id"], unique=False
    )
    op.create_table(
        "candidatetag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("tag", _TEXT(length=40), nullable=False),
        sa.Column("added_by", _TEXT(length=320), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["candidate_id"], ["candidate.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("candidate_id", "tag"),
    )
    for column in ("candidate_id", "tag"):
        op.create_index(op.f(f"ix_candidatetag_{column}"), "candidatetag", [column], unique=False)


def downgrade() -> None:
    """Drop them again."""
    for column in ("candidate_id", "tag"):
        op.drop_index(op.f(f"ix_candidatetag_{column}"), table_name="candidatetag")
    op.drop_table("candidatetag")
    op.drop_index(op.f("ix_candidatenote_candidate_id"), table_name="candidatenote")
    op.drop_table("candidatenote")
    for column in ("job_id", "candidate_id", "stage"):
        op.drop_index(op.f(f"ix_application_{column}"), table_name="application")
    op.drop_table("application")
    with op.batch_alter_table("job") as batch:
        batch.drop_column("stages")
