"""The hiring pipeline: each job's stages, and every candidate's stage in each job.

A job's stages are configurable (the default: New, Screened, Shortlisted, Interview, Offer,
Hired); Rejected is always there beside them and needs a reason. A candidate nobody has moved is
at the job's first stage. Every move is audited; the reason stays with the candidate's row, out
of the audit log, so an erasure removes it with them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import col, func, select

from core.auth.policy import Action
from core.context import AppContext
from core.errors import InvalidInput
from core.services import audit
from core.services.guard import authorize
from core.store import candidates as repo
from core.store.db import session_scope
from core.store.jobs import job_in, load_job
from core.store.models import Application, Candidate, Job
from core.store.pipeline import (
    DEFAULT_STAGES,
    REJECTED,
    SHORTLISTED,
    applications,
    put_stage,
    shortlist_entry,
    stages_of,
)
from core.store.public import ApplicationPublic

__all__ = ["DEFAULT_STAGES", "REJECTED", "SHORTLISTED"]
MAX_STAGES = 12
MAX_STAGE_LENGTH = 40
MAX_REASON_LENGTH = 500


@dataclass(frozen=True)
class JobStage:
    """A candidate's place in one job, for their profile."""

    job_id: int
    job_title: str
    job_status: str
    stage: str
    reason: str
    moved_by: str
    moved_at: str


def job_stages(ctx: AppContext, job_id: int, *, actor: str) -> list[str]:
    """The job's stages in order, then Rejected: every stage a candidate can be moved to."""
    job = load_job(ctx.engine, job_id)
    authorize(ctx, actor, Action.VIEW_JOBS, job)
    return [*(job.stages or DEFAULT_STAGES), REJECTED]


def set_stages(ctx: AppContext, job_id: int, stages: Sequence[str], *, actor: str) -> list[str]:
    """Configure a job's stages (Rejected is implied). A stage some candidate is at cannot be
    removed or renamed until they are moved.

    Raises:
        InvalidInput: fewer than two or more than twelve stages, a blank, long or repeated name,
            Rejected among them, or a stage in use left out.
    """
    authorize(ctx, actor, Action.MANAGE_JOBS)
    wanted = _valid_stages(stages)
    with session_scope(ctx.engine) as session:
        job = job_in(session, job_id)
        before = stages_of(job)
        in_use = Counter(a.stage for a in applications(session, job_id).values())
        dropped = [s for s in in_use if s != REJECTED and s not in wanted]
        if dropped:
            raise InvalidInput(
                "candidates are still at "
                + ", ".join(f"{s} ({in_use[s]})" for s in sorted(dropped))
                + ": move them to another stage first"
            )
        job.stages = [] if wanted == list(DEFAULT_STAGES) else wanted
        session.add(job)
    audit.record(ctx, actor, "pipeline.stages", f"job {job_id}", before=before, after=wanted)
    return [*wanted, REJECTED]


def _valid_stages(stages: Sequence[str]) -> list[str]:
    names = [" ".join(s.split()) for s in stages if s.strip()]
    if not 2 <= len(names) <= MAX_STAGES:
        raise InvalidInput(f"a pipeline needs 2 to {MAX_STAGES} stages, not {len(names)}")
    if long := [n for n in names if len(n) > MAX_STAGE_LENGTH]:
        raise InvalidInput(f"a stage name has at most {MAX_STAGE_LENGTH} characters: {long[0]}")
    folded = [n.casefold() for n in names]
    if REJECTED.casefold() in folded:
        raise InvalidInput(f"{REJECTED} is always a stage: leave it out of the list")
    if len(set(folded)) != len(folded):
        raise InvalidInput("each stage needs its own name")
    return names


def move_candidates(
    ctx: AppContext,
    job_id: int,
    candidate_ids: Sequence[int],
    stage: str,
    *,
    actor: str,
    reason: str = "",
) -> list[ApplicationPublic]:
    """Move candidates to a stage of the job (one or many: a bulk action). Moving to
    Shortlisted also puts them on the shortlist; moving to Rejected needs a reason.

    Raises:
        InvalidInput: a stage the job does not have, or Rejected without a reason.
        CandidateNotFound: an id that is no candidate.
    """
    authorize(ctx, actor, Action.MOVE_STAGE)
    reason = reason.strip()
    if stage == REJECTED and not reason:
        raise InvalidInput("say why the candidate is rejected")
    if len(reason) > MAX_REASON_LENGTH:
        raise InvalidInput(f"a reason has at most {MAX_REASON_LENGTH} characters")
    moved: list[tuple[int, str, ApplicationPublic]] = []
    added: list[int] = []
    with session_scope(ctx.engine) as session:
        job = job_in(session, job_id)
        if stage not in [*stages_of(job), REJECTED]:
            raise InvalidInput(f"the job has no stage {stage!r}")
        for candidate_id in dict.fromkeys(candidate_ids):
            repo.get_candidate(session, candidate_id=candidate_id)
            before, row = put_stage(
                session,
                job,
                candidate_id,
                stage,
                actor=actor,
                reason=reason if stage == REJECTED else "",
            )
            moved.append((candidate_id, before, ApplicationPublic.of(row)))
            if (
                stage == SHORTLISTED
                and shortlist_entry(session, job_id, candidate_id, actor=actor)[1]
            ):
                added.append(candidate_id)
    for candidate_id, before, _ in moved:
        audit.record(
            ctx,
            actor,
            "pipeline.move",
            f"job {job_id} / candidate {candidate_id}",
            before=before,
            after=stage,
        )
    for candidate_id in added:
        audit.record(ctx, actor, "shortlist.add", f"job {job_id} / candidate {candidate_id}")
    return [row for _, _, row in moved]


def stages_by_candidate(ctx: AppContext, job_id: int, *, actor: str) -> dict[int, str]:
    """Every candidate's stage in the job, for the ranking table (first stage when unmoved)."""
    job = load_job(ctx.engine, job_id)
    authorize(ctx, actor, Action.RANK)
    first = (job.stages or list(DEFAULT_STAGES))[0]
    with session_scope(ctx.engine) as session:
        moved = {i: a.stage for i, a in applications(session, job_id).items()}
        ids = session.exec(select(Candidate.id)).all()
    return {i: moved.get(i, first) for i in ids if i is not None}


def funnel(ctx: AppContext, job_id: int, *, actor: str) -> list[tuple[str, int]]:
    """How many candidates are at each stage of the job, in order, Rejected last."""
    job = load_job(ctx.engine, job_id)
    authorize(ctx, actor, Action.VIEW_JOBS, job)
    stages = job.stages or list(DEFAULT_STAGES)
    with session_scope(ctx.engine) as session:
        counts = Counter(a.stage for a in applications(session, job_id).values())
        total = session.exec(select(func.count()).select_from(Candidate)).one()
    counts[stages[0]] += total - sum(counts.values())
    return [(s, counts.get(s, 0)) for s in [*stages, REJECTED]]


def candidate_stages(ctx: AppContext, candidate_id: int, *, actor: str) -> list[JobStage]:
    """Every job the candidate has been moved in, with their stage there, newest move first."""
    authorize(ctx, actor, Action.VIEW_CANDIDATES)
    with session_scope(ctx.engine) as session:
        repo.get_candidate(session, candidate_id=candidate_id)
        rows = session.exec(
            select(Application, Job)
            .join(Job, col(Job.id) == col(Application.job_id))
            .where(Application.candidate_id == candidate_id)
            .order_by(col(Application.moved_at).desc())
        ).all()
        return [
            JobStage(
                job_id=job.id or 0,
                job_title=job.title,
                job_status=job.status,
                stage=a.stage,
                reason=a.reason,
                moved_by=a.moved_by,
                moved_at=a.moved_at.strftime("%Y-%m-%d %H:%M"),
            )
            for a, job in rows
        ]


def stages_in_use(ctx: AppContext, *, actor: str) -> list[str]:
    """Every stage some candidate has been moved to in some job (the default stages' order
    first): the choices of the Candidates page's stage filter."""
    authorize(ctx, actor, Action.VIEW_CANDIDATES)
    with session_scope(ctx.engine) as session:
        used = set(session.exec(select(Application.stage).distinct()))
    order = [*DEFAULT_STAGES, REJECTED]
    return sorted(used, key=lambda s: (order.index(s) if s in order else len(order), s))
