"""The Overview page's content for each role: what is in the workspace and what waits for whom.

A recruiter sees the open jobs with their pipelines, the candidates new this week and what needs
attention; a hiring manager, the shortlists waiting for their review; an admin, drift alerts,
the model versions, the last bias audit and the audit log's activity.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from sqlmodel import col, func, select

from core.auth.policy import Action
from core.context import AppContext
from core.services import drift, models
from core.services.guard import authorize, visible
from core.services.jobs import list_jobs
from core.services.pipeline import funnel
from core.services.rescoring import rescoring_status
from core.store.db import session_scope
from core.store.models import (
    AuditEvent,
    Candidate,
    Job,
    Review,
    ShortlistEntry,
    Upload,
    as_utc,
    utcnow,
)
from core.store.public import AuditEventPublic

WEEK = dt.timedelta(days=7)
ACTIVITY_DAYS = 14


@dataclass(frozen=True)
class Overview:
    """Headline numbers."""

    candidates: int
    flagged: int
    open_jobs: int
    uploads: int


@dataclass(frozen=True)
class JobFunnel:
    """An open job and how many candidates are at each of its stages."""

    job_id: int
    title: str
    stages: list[tuple[str, int]]
    rescoring: bool  # fresh scores are being computed


Concern = Literal["flagged", "reviews", "rescoring"]


@dataclass(frozen=True)
class Attention:
    """Something that waits for the recruiter, and the job it is about (if one)."""

    concern: Concern
    count: int
    job_id: int | None = None
    job_title: str = ""


@dataclass(frozen=True)
class RecruitingOverview:
    """What a recruiter opens the app to."""

    counts: Overview
    new_this_week: int
    jobs: list[JobFunnel]
    attention: list[Attention]


@dataclass(frozen=True)
class ReviewWaiting:
    """A job assigned to a hiring manager and its shortlist, as far as they have reviewed it."""

    job_id: int
    title: str
    shortlisted: int
    waiting: int  # shortlisted candidates the manager has not decided on


@dataclass(frozen=True)
class AdminOverview:
    """What an admin watches."""

    open_alerts: int
    champion: str  # a version number, or "builtin"
    challenger: str | None
    versions: int
    last_bias_audit: AuditEventPublic | None
    activity: list[tuple[dt.date, int]]  # audit-log events a day, oldest first


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


def recruiting_overview(
    ctx: AppContext, *, actor: str, now: dt.datetime | None = None
) -> RecruitingOverview:
    """Open jobs with their funnels (the busiest first), candidates new in the last seven days,
    and what needs attention: flagged resumes, shortlisted candidates waiting for a manager's
    decision, jobs whose scores are being recomputed."""
    counts = workspace_overview(ctx, actor=actor)
    authorize(ctx, actor, Action.RANK)
    since = (now or utcnow()) - WEEK
    jobs = list_jobs(ctx, include_closed=False, actor=actor)
    with session_scope(ctx.engine) as session:
        new_this_week = session.exec(
            select(func.count()).select_from(Candidate).where(Candidate.created_at >= since)
        ).one()
        pending = Counter(
            session.exec(
                select(ShortlistEntry.job_id).where(
                    ShortlistEntry.status == "pending",
                    col(ShortlistEntry.job_id).in_([j.id for j in jobs]),
                )
            ).all()
        )
    funnels = []
    attention = [Attention("flagged", counts.flagged)] if counts.flagged else []
    for job in jobs:
        state = rescoring_status(ctx, job.id, actor=actor)
        busy = state is not None and state.busy
        funnels.append(JobFunnel(job.id, job.title, funnel(ctx, job.id, actor=actor), busy))
        if job.managers and pending[job.id]:
            attention.append(Attention("reviews", pending[job.id], job.id, job.title))
        if busy:
            attention.append(Attention("rescoring", 1, job.id, job.title))
    return RecruitingOverview(
        counts=counts,
        new_this_week=int(new_this_week),
        jobs=sorted(funnels, key=_moved, reverse=True),
        attention=attention,
    )


def _moved(job: JobFunnel) -> int:
    """How many candidates have left the job's first stage: the busiest pipelines first."""
    return sum(n for _, n in job.stages[1:])


def reviews_waiting(ctx: AppContext, *, actor: str) -> list[ReviewWaiting]:
    """Each open job the actor reviews for, with its shortlist and how much of it waits for
    them, the jobs with the most waiting first."""
    jobs = visible(ctx, actor, Action.REVIEW, list_jobs(ctx, include_closed=False, actor=actor))
    waiting = []
    with session_scope(ctx.engine) as session:
        for job in jobs:
            listed = set(
                session.exec(
                    select(ShortlistEntry.candidate_id).where(ShortlistEntry.job_id == job.id)
                ).all()
            )
            decided = set(
                session.exec(
                    select(Review.candidate_id).where(
                        Review.job_id == job.id, func.lower(Review.reviewer) == actor.lower()
                    )
                ).all()
            )
            waiting.append(ReviewWaiting(job.id, job.title, len(listed), len(listed - decided)))
    return sorted(waiting, key=lambda w: (-w.waiting, w.title))


def admin_overview(ctx: AppContext, *, actor: str, now: dt.datetime | None = None) -> AdminOverview:
    """Open drift alerts, the champion and challenger, the last bias audit and how many
    audit-log events each of the last fourteen days saw."""
    authorize(ctx, actor, Action.VIEW_AUDIT)
    alerts = drift.open_alerts(ctx, actor=actor)
    table = models.list_versions(ctx, actor=actor)
    today = (now or utcnow()).date()
    first = today - dt.timedelta(days=ACTIVITY_DAYS - 1)
    start = dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC)
    with session_scope(ctx.engine) as session:
        moments = session.exec(select(AuditEvent.at).where(AuditEvent.at >= start)).all()
        bias = session.exec(
            select(AuditEvent)
            .where(AuditEvent.action == "bias.audit")
            .order_by(col(AuditEvent.id).desc())
            .limit(1)
        ).first()
        last_bias = AuditEventPublic.of(bias) if bias is not None else None
    per_day = Counter(as_utc(at).date() for at in moments)
    return AdminOverview(
        open_alerts=len(alerts),
        champion=table.champion,
        challenger=table.challenger,
        versions=len(table.versions),
        last_bias_audit=last_bias,
        activity=[
            (day, per_day.get(day, 0))
            for day in (first + dt.timedelta(days=k) for k in range(ACTIVITY_DAYS))
        ],
    )
