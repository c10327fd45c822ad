"""Alembic's environment: migrations run on the connection ``core.store.schema`` passes in
``config.attributes["connection"]``, inside the transaction (and lock) that it holds."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from core.store import models  # noqa: F401  (registers the tables on SQLModel.metadata)


def run_migrations() -> None:
    """Compare or migrate against ``SQLModel.metadata``."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through core.store.schema (python -m core db ...)")
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        # batch operations in every dialect: SQLite needs them, PostgreSQL runs plain ALTERs
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if hasattr(context, "config"):  # set only while alembic runs this file; an import does nothing
    run_migrations()
