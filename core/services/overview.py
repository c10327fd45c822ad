"""Workspace counts for the overview page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, func, select

from core.auth.policy import Action
from core.context import AppContext
from core.services.guard import authorize
from core.store.db import session_scope
from core.store.models import Candidate, Job, Upload


@dataclass(frozen=True)
class Overview:
    """Headline numbers."""

    candidates: int
    flagged: int
    open_jobs: int
    uploads: int


def workspace_overview(ctx: AppContext, *, actor: str) -> Overview:
    """Count candidates, flagged candidates, open jobs and files received."""
    authorize(ctx, actor, Action.VIEW_OVERVIEW)
    with session_scope(ctx.engine) as session:

        def count(query) -> int:  # noqa: ANN001
            return int(session.exec(query).one())

        return Overview(
            candidates=count(select(func.count()).select_from(Candidate)),
            flagged=count(
                select(func.count()).select_from(Candidate).where(col(Candidate.flagged))
            ),
            open_jobs=count(select(func.count()).select_from(Job).where(Job.status == "open")),
            uploads=count(select(func.count()).select_from(Upload)),
        )
