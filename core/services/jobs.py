"""Job actions: create from text, edit with revision history and diffs, close, reopen, assign."""

from __future__ import annotations

import difflib
import json
from typing import Any

from sqlmodel import col, delete, select

from core.auth.policy import Action
from core.context import AppContext
from core.errors import InvalidInput, NotAReviewer
from core.scoring.model import Weights
from core.scoring.requirements import Requirements, extract_requirements
from core.services import audit
from core.services.guard import authorize, visible
from core.store.db import session_scope
from core.store.jobs import JobNotFound, load_job
from core.store.jobs import job_in as _job_in
from core.store.models import Job, JobRevision, Score, User, UserPublic, utcnow
from core.store.public import JobPublic, JobRevisionPublic

__all__ = ["JobNotFound"]


def _revision_of(job: Job, user: str) -> JobRevision:
    return JobRevision(
        job_id=job.id or 0,
        revision=job.revision,
        title=job.title,
        description=job.description,
        requirements=job.requirements,
        weights=job.weights,
        status=job.status,
        edited_by=user,
    )


def list_jobs(ctx: AppContext, *, actor: str, include_closed: bool = True) -> list[JobPublic]:
    """The jobs ``actor`` may see (a hiring manager: the assigned ones), newest first."""
    with session_scope(ctx.engine) as session:
        query = select(Job).order_by(col(Job.id).desc())
        if not include_closed:
            query = query.where(Job.status == "open")
        jobs = [JobPublic.of(j) for j in session.exec(query)]
    return visible(ctx, actor, Action.VIEW_JOBS, jobs)


def get_job(ctx: AppContext, job_id: int, *, actor: str) -> JobPublic:
    """One job; raises ``JobNotFound``, or ``PermissionDenied`` for a job not assigned to a
    hiring manager."""
    job = load_job(ctx.engine, job_id)
    authorize(ctx, actor, Action.VIEW_JOBS, job)
    return job


def create_job(ctx: AppContext, description: str, *, actor: str, title: str = "") -> JobPublic:
    """A new open job with requirements extracted from its description (revision 1)."""
    authorize(ctx, actor, Action.MANAGE_JOBS)
    if not description.strip():
        raise InvalidInput("a job needs a description")
    requirements = extract_requirements(description)
    job = Job(
        title=(title or requirements.title or "Untitled job")[:200],
        description=description,
        requirements=requirements.model_dump(),
        weights=Weights().model_dump(),
    )
    with session_scope(ctx.engine) as session:
        session.add(job)
        session.flush()
        session.add(_revision_of(job, actor))
    audit.record(ctx, actor, "job.create", f"job {job.id}", title=job.title)
    return JobPublic.of(job)


def update_job(
    ctx: AppContext,
    job_id: int,
    *,
    actor: str,
    title: str | None = None,
    description: str | None = None,
    requirements: Requirements | None = None,
    weights: Weights | None = None,
    reextract: bool = False,
) -> JobPublic:
    """Save a new revision; stored scores of the job are dropped and a background rescoring is
    queued (the Ranking page also scores on demand)."""
    authorize(ctx, actor, Action.MANAGE_JOBS)
    with session_scope(ctx.engine) as session:
        job = _job_in(session, job_id)
        if title is not None:
            job.title = title.strip()[:200] or job.title
        if description is not None:
            job.description = description
            if reextract and requirements is None:
                requirements = extract_requirements(description)
        if requirements is not None:
            job.requirements = requirements.model_dump()
        if weights is not None:
            job.weights = weights.model_dump()
        job.revision += 1
        job.updated_at = utcnow()
        session.add(job)
        session.add(_revision_of(job, actor))
        session.exec(delete(Score).where(col(Score.job_id) == job_id))
    audit.record(ctx, actor, "job.edit", f"job {job_id}", revision=job.revision)
    from core.work.queue import enqueue_rescore

    enqueue_rescore(ctx.settings, job_id)
    return JobPublic.of(job)


def set_status(ctx: AppContext, job_id: int, status: str, *, actor: str) -> JobPublic:
    """Close (soft-delete) or reopen a job."""
    authorize(ctx, actor, Action.MANAGE_JOBS)
    if status not in {"open", "closed"}:
        raise InvalidInput("status must be open or closed")
    with session_scope(ctx.engine) as session:
        job = _job_in(session, job_id)
        job.status = status
        job.updated_at = utcnow()
        session.add(job)
    audit.record(ctx, actor, "job.close" if status == "closed" else "job.reopen", f"job {job_id}")
    return JobPublic.of(job)


REVIEWER_ROLES = ("hiring_manager",)


def reviewer_accounts(ctx: AppContext, *, actor: str) -> list[UserPublic]:
    """The active hiring-manager accounts a job's shortlist can be assigned to, by e-mail."""
    authorize(ctx, actor, Action.MANAGE_JOBS)
    with session_scope(ctx.engine) as session:
        rows = session.exec(
            select(User)
            .where(col(User.role).in_(REVIEWER_ROLES), col(User.active).is_(True))
            .order_by(col(User.email))
        )
        return [UserPublic.of(u) for u in rows]


def assign_managers(ctx: AppContext, job_id: int, emails: list[str], *, actor: str) -> JobPublic:
    """Set the hiring managers (by e-mail) who review this job's shortlist.

    Raises:
        NotAReviewer: some e-mail is not an existing, active hiring-manager account;
            nothing is changed then.
    """
    authorize(ctx, actor, Action.MANAGE_JOBS)
    clean = sorted({e.strip().lower() for e in emails if e.strip()})
    with session_scope(ctx.engine) as session:
        reviewers = {
            u.email
            for u in session.exec(select(User).where(col(User.email).in_(clean)))
            if u.active and u.role in REVIEWER_ROLES
        }
        unknown = [e for e in clean if e not in reviewers]
        if unknown:
            raise NotAReviewer(unknown)
        job = _job_in(session, job_id)
        job.managers = clean
        session.add(job)
    audit.record(ctx, actor, "job.assign", f"job {job_id}", managers=clean)
    return JobPublic.of(job)


def revisions(ctx: AppContext, job_id: int, *, actor: str) -> list[JobRevisionPublic]:
    """Every revision of a job, newest first."""
    authorize(ctx, actor, Action.MANAGE_JOBS)
    with session_scope(ctx.engine) as session:
        return [
            JobRevisionPublic.of(r)
            for r in session.exec(
                select(JobRevision)
                .where(JobRevision.job_id == job_id)
                .order_by(col(JobRevision.revision).desc())
            )
        ]


def _as_lines(revision: JobRevisionPublic) -> list[str]:
    fields: dict[str, Any] = {"requirements": revision.requirements, "weights": revision.weights}
    return [
        f"title: {revision.title}",
        *revision.description.splitlines(),
        "",
        *json.dumps(fields, indent=1, sort_keys=True).splitlines(),
    ]


def diff_revisions(older: JobRevisionPublic, newer: JobRevisionPublic) -> str:
    """A unified diff of two revisions (description, requirements and weights)."""
    return "\n".join(
        difflib.unified_diff(
            _as_lines(older),
            _as_lines(newer),
            f"revision {older.revision}",
            f"revision {newer.revision}",
            lineterm="",
        )
    )


def set_blind(ctx: AppContext, job_id: int, *, blind: bool, schools: bool, actor: str) -> JobPublic:
    """Turn blind review on or off for a job (optionally hiding school names too)."""
    authorize(ctx, actor, Action.MANAGE_JOBS)
    with session_scope(ctx.engine) as session:
        job = _job_in(session, job_id)
        job.blind, job.blind_schools = blind, schools and blind
        session.add(job)
    audit.record(ctx, actor, "job.blind", f"job {job_id}", blind=blind, schools=schools)
    return JobPublic.of(job)
