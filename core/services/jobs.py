"""Job actions."""

from __future__ import annotations

from sqlmodel import col, select

from core.services.context import AppContext
from core.store.db import session_scope
from core.store.models import Job


def list_jobs(ctx: AppContext) -> list[Job]:
    """Every job, newest first."""
    with session_scope(ctx.engine) as session:
        return list(session.exec(select(Job).order_by(col(Job.id).desc())))
