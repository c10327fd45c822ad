"""Background rescoring of a job after it changes (queued by ``jobs.update_job``), and where it
stands for any page to show."""

from __future__ import annotations

from core.context import AppContext
from core.work.queue import RescoreState, rescoring_state


def rescoring_status(ctx: AppContext, job_id: int) -> RescoreState | None:
    """The latest rescoring of the job (queued, embedding, scoring, done or failed), if any."""
    return rescoring_state(ctx.settings, job_id)
