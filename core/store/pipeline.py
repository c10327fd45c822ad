"""Pipeline rows as services write them: a candidate's stage in a job, a shortlist entry.

Shared by the pipeline and shortlist services, which keep the two in step: shortlisting moves a
candidate to the Shortlisted stage, and moving them there puts them on the shortlist.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from core.store.models import Application, Job, Score, ShortlistEntry, utcnow

DEFAULT_STAGES = ("New", "Screened", "Shortlisted", "Interview", "Offer", "Hired")
REJECTED = "Rejected"  # always available, beside the job's stages, and needs a reason
SHORTLISTED = "Shortlisted"  # the stage kept in step with the shortlist, where a job has it


def stages_of(job: Job) -> list[str]:
    """The job's stages in order (the default ones unless configured), Rejected not included."""
    return list(job.stages) or list(DEFAULT_STAGES)


def applications(
    session: Session, job_id: int, candidate_ids: Sequence[int] | None = None
) -> dict[int, Application]:
    """The job's pipeline rows by candidate id (all, or those of ``candidate_ids``)."""
    query = select(Application).where(Application.job_id == job_id)
    if candidate_ids is not None:
        query = query.where(col(Application.candidate_id).in_(candidate_ids))
    return {a.candidate_id: a for a in session.exec(query)}


def stage_in(session: Session, job: Job, candidate_id: int) -> str:
    """The candidate's stage in the job: the first stage when they have not been moved."""
    row = applications(session, job.id or 0, [candidate_id]).get(candidate_id)
    return row.stage if row is not None else stages_of(job)[0]


def put_stage(
    session: Session, job: Job, candidate_id: int, stage: str, *, actor: str, reason: str = ""
) -> tuple[str, Application]:
    """Set the candidate's stage in the job; returns the stage they were at and the row."""
    row = applications(session, job.id or 0, [candidate_id]).get(candidate_id)
    before = row.stage if row is not None else stages_of(job)[0]
    if row is None:
        row = Application(
            job_id=job.id or 0, candidate_id=candidate_id, stage=stage, moved_by=actor
        )
    row.stage, row.reason, row.moved_by, row.moved_at = stage, reason, actor, utcnow()
    session.add(row)
    session.flush()
    return before, row


def advance_to_shortlisted(session: Session, job: Job, candidate_id: int, *, actor: str) -> None:
    """Move a shortlisted candidate to the Shortlisted stage if the job has one and they are
    at an earlier stage (a candidate at Interview stays there; a rejected one too)."""
    stages = stages_of(job)
    if SHORTLISTED not in stages:
        return
    current = stage_in(session, job, candidate_id)
    if current in stages and stages.index(current) < stages.index(SHORTLISTED):
        put_stage(session, job, candidate_id, SHORTLISTED, actor=actor)


def step_back_from_shortlisted(
    session: Session, job: Job, candidate_id: int, *, actor: str
) -> None:
    """A candidate taken off the shortlist while at Shortlisted goes back one stage."""
    stages = stages_of(job)
    if SHORTLISTED in stages and stage_in(session, job, candidate_id) == SHORTLISTED:
        index = stages.index(SHORTLISTED)
        put_stage(session, job, candidate_id, stages[max(index - 1, 0)], actor=actor)


def shortlist_entry(
    session: Session, job_id: int, candidate_id: int, *, actor: str, note: str = ""
) -> tuple[ShortlistEntry, bool]:
    """The candidate's entry on the job's shortlist, made (with the stored score) if missing;
    returns it and whether it is new."""
    existing = session.exec(
        select(ShortlistEntry).where(
            ShortlistEntry.job_id == job_id, ShortlistEntry.candidate_id == candidate_id
        )
    ).first()
    if existing is not None:
        return existing, False
    score = session.exec(
        select(Score.score).where(Score.job_id == job_id, Score.candidate_id == candidate_id)
    ).first()
    entry = ShortlistEntry(
        job_id=job_id, candidate_id=candidate_id, score=score, added_by=actor, note=note[:1000]
    )
    session.add(entry)
    session.flush()
    return entry, True
