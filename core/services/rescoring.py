"""Background rescoring of a job after it changes (queued by ``jobs.update_job``), and where it
stands for any page to show."""

from __future__ import annotations

from core.auth.policy import Action
from core.context import AppContext
from core.services.guard import authorize
from core.work.queue import RescoreState, rescoring_state


def rescoring_status(ctx: AppContext, job_id: int, *, actor: str) -> RescoreState | None:
    """The latest rescoring of the job (queued, embedding, scoring, done or failed), if any."""
    authorize(ctx, actor, Action.RANK)
    return rescoring_state(ctx.settings, job_id)
