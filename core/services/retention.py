"""Retention: erase candidates with no activity for N months (``TALENTFLOW_RETENTION_MONTHS``).

Activity is what people did with a candidate: a resume version received, a profile correction,
a shortlist entry, a review. Scores recomputed by the system are not activity. ``due`` previews
who would be erased; ``apply_retention`` erases them (each erasure audited, and the run itself).
Workers run it daily while a period is set (``core/work/flows.py``); ``python -m core retention``
runs it at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import col, select

from core.auth.policy import Action
from core.context import AppContext
from core.services import audit
from core.services.erasure import erase_person
from core.services.guard import authorize
from core.store.db import session_scope
from core.store.models import (
    Candidate,
    FieldCorrection,
    Resume,
    Review,
    ShortlistEntry,
    as_utc,
    utcnow,
)

DAYS_PER_MONTH = 30.44


@dataclass(frozen=True)
class Due:
    """A candidate the retention period has run out for."""

    candidate_id: int
    name: str
    last_activity: dt.datetime


def due(ctx: AppContext, months: float, *, actor: str, now: dt.datetime | None = None) -> list[Due]:
    """Candidates whose last activity is older than ``months``, oldest first."""
    authorize(ctx, actor, Action.ERASE_PERSON)
    return _due(ctx, months, now)


def _due(ctx: AppContext, months: float, now: dt.datetime | None = None) -> list[Due]:
    cutoff = (now or utcnow()) - dt.timedelta(days=months * DAYS_PER_MONTH)
    latest: dict[int, dt.datetime] = {}
    with session_scope(ctx.engine) as session:
        candidates = {c.id: c for c in session.exec(select(Candidate)) if c.id is not None}
        for c in candidates.values():
            latest[c.id or 0] = as_utc(c.updated_at)
        for column, stamp in (
            (col(Resume.candidate_id), col(Resume.created_at)),
            (col(FieldCorrection.candidate_id), col(FieldCorrection.corrected_at)),
            (col(ShortlistEntry.candidate_id), col(ShortlistEntry.created_at)),
            (col(Review.candidate_id), col(Review.created_at)),
        ):
            for candidate_id, at in session.exec(select(column, func.max(stamp)).group_by(column)):
                if candidate_id in latest and at is not None:
                    latest[candidate_id] = max(latest[candidate_id], as_utc(at))
        rows = [
            Due(i, candidates[i].display_name, at)
            for i, at in latest.items()
            if at < as_utc(cutoff)
        ]
    return sorted(rows, key=lambda r: (r.last_activity, r.candidate_id))


def preview(ctx: AppContext, *, actor: str) -> list[Due]:
    """Who the next scheduled run would erase (empty while no period is set)."""
    authorize(ctx, actor, Action.ERASE_PERSON)
    months = ctx.settings.retention_months
    return [] if months is None else _due(ctx, months)


def apply_retention(ctx: AppContext, *, actor: str, months: float) -> list[Due]:
    """Erase every candidate ``due`` returns; returns them."""
    authorize(ctx, actor, Action.ERASE_PERSON)
    expired = _due(ctx, months)
    for row in expired:
        erase_person(ctx, actor=actor, candidate_id=row.candidate_id)
    audit.record(ctx, actor, "retention.apply", f"{len(expired)} candidate(s)", months=months)
    return expired
