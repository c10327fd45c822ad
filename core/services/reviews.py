"""Hiring-manager review of a shortlist: decisions, ratings, comments, blind mode.

Other reviewers' feedback stays hidden until one has submitted one's own (no anchoring). In blind
mode a reviewer sees no name, contact details, links or address (and no school names if the job
says so) until the candidate has a decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from core.auth.policy import Action
from core.context import AppContext
from core.errors import InvalidInput, NotFound
from core.scoring.requirements import Requirements
from core.services import audit
from core.services.guard import authorize
from core.store.db import session_scope
from core.store.jobs import load_job
from core.store.models import Candidate, Resume, Review, Score, ShortlistEntry
from core.store.public import JobPublic, ReviewPublic

DECISIONS = ("approve", "reject", "hold")
DECISION_LABELS = {"approve": "Approve", "reject": "Reject", "hold": "Hold"}
RATINGS = {1: "1 · Strong no", 2: "2 · No", 3: "3 · Yes", 4: "4 · Strong yes"}
# a shortlist entry's status: "pending" until someone decides, then the latest decision
SHORTLIST_STATUS = {
    "pending": "Awaiting review",
    "approve": "Approved",
    "reject": "Rejected",
    "hold": "On hold",
}
BLIND_FIELDS = ("name", "display_name", "email", "phone", "location", "links")


@dataclass
class ReviewItem:
    """One shortlisted candidate as a reviewer sees it."""

    candidate_id: int
    label: str
    profile: dict[str, Any]
    score: float | None
    breakdown: dict[str, float]
    evidence: list[dict[str, Any]]
    status: str  # the reviewer's own decision, or "pending": never another reviewer's
    resume_text: str
    mine: ReviewPublic | None
    others: list[ReviewPublic]
    blinded: bool


@dataclass(frozen=True)
class JobBrief:
    """What a reviewer reads about the job next to each candidate: its description and the
    requirements the recruiter set (not its weights, history or other reviewers)."""

    job_id: int
    title: str
    description: str
    must_have: list[str]
    nice_to_have: list[str]
    min_years: float | None
    degree: str | None
    location: str | None


def blind_profile(profile: dict[str, Any], job: JobPublic) -> dict[str, Any]:
    """The profile with personal details removed (and school names, if the job says so)."""
    hidden = dict(profile)
    for field in BLIND_FIELDS:
        hidden[field] = [] if isinstance(profile.get(field), list) else None
    hidden["headline"] = profile.get("headline")
    if job.blind_schools:
        hidden["education"] = [{**e, "institution": None} for e in profile.get("education") or []]
    return hidden


def _resume_text(session: Session, candidate: Candidate) -> str:
    resume = session.get(Resume, candidate.current_resume_id)
    return resume.text if resume is not None else ""


def job_brief(ctx: AppContext, job_id: int, *, actor: str) -> JobBrief:
    """The job's description and requirements, for whoever may see the job (a hiring
    manager: only a job assigned to them)."""
    job = load_job(ctx.engine, job_id)
    authorize(ctx, actor, Action.VIEW_JOBS, job)
    req = Requirements.model_validate(job.requirements or {})
    return JobBrief(
        job_id=job.id,
        title=job.title,
        description=job.description,
        must_have=list(req.must_have),
        nice_to_have=list(req.nice_to_have),
        min_years=req.min_years,
        degree=req.degree,
        location=req.location,
    )


def review_queue(ctx: AppContext, job_id: int, *, actor: str) -> list[ReviewItem]:
    """The job's shortlist for a reviewer (with the profiles on it), best score first."""
    job = load_job(ctx.engine, job_id)
    authorize(ctx, actor, Action.VIEW_SHORTLIST, job)
    authorize(ctx, actor, Action.VIEW_PROFILE_ON_SHORTLIST, job)
    with session_scope(ctx.engine) as session:
        entries = list(session.exec(select(ShortlistEntry).where(ShortlistEntry.job_id == job_id)))
        items = []
        for position, entry in enumerate(entries, start=1):
            candidate = session.get(Candidate, entry.candidate_id)
            if candidate is None:
                continue
            score = session.exec(
                select(Score).where(
                    Score.job_id == job_id, Score.candidate_id == entry.candidate_id
                )
            ).first()
            reviews = [
                ReviewPublic.of(r)
                for r in session.exec(
                    select(Review).where(
                        Review.job_id == job_id, Review.candidate_id == entry.candidate_id
                    )
                )
            ]
            mine = next((r for r in reviews if r.reviewer == actor), None)
            blinded = job.blind and entry.status == "pending"
            profile = blind_profile(candidate.profile, job) if blinded else dict(candidate.profile)
            items.append(
                ReviewItem(
                    candidate_id=entry.candidate_id,
                    label=f"Candidate {position}" if blinded else candidate.display_name,
                    profile=profile,
                    score=score.score if score else entry.score,
                    breakdown=score.breakdown if score else {},
                    evidence=score.evidence if score else [],
                    # the shortlist holds the latest decision of anyone: not shown before
                    # one's own, as the others' feedback is not (no anchoring)
                    status=mine.decision if mine else "pending",
                    # the raw resume carries every personal detail: not shown while blind
                    resume_text="" if blinded else _resume_text(session, candidate),
                    mine=mine,
                    others=[r for r in reviews if r.reviewer != actor] if mine else [],
                    blinded=blinded,
                )
            )
    return sorted(items, key=lambda i: (-(i.score or 0.0), i.candidate_id))


def submit_review(
    ctx: AppContext,
    job_id: int,
    candidate_id: int,
    *,
    actor: str,
    decision: str,
    rating: int,
    comment: str = "",
) -> ReviewPublic:
    """Record (or change) the reviewer's decision; the shortlist shows the latest decision."""
    if decision not in DECISIONS:
        raise InvalidInput(f"decision must be one of {', '.join(DECISIONS)}")
    if not 1 <= int(rating) <= 4:
        raise InvalidInput("rating must be between 1 and 4")
    authorize(ctx, actor, Action.REVIEW, load_job(ctx.engine, job_id))
    with session_scope(ctx.engine) as session:
        entry = session.exec(
            select(ShortlistEntry).where(
                ShortlistEntry.job_id == job_id, ShortlistEntry.candidate_id == candidate_id
            )
        ).first()
        if entry is None:
            raise NotFound(f"candidate {candidate_id} is not on this job's shortlist")
        score = session.exec(
            select(Score).where(Score.job_id == job_id, Score.candidate_id == candidate_id)
        ).first()
        review = session.exec(
            select(Review).where(
                Review.job_id == job_id,
                Review.candidate_id == candidate_id,
                Review.reviewer == actor,
            )
        ).first() or Review(
            job_id=job_id,
            candidate_id=candidate_id,
            reviewer=actor,
            decision=decision,
            rating=rating,
        )
        review.decision, review.rating, review.comment = decision, int(rating), comment[:4000]
        review.score = score.score if score else entry.score
        review.model = score.model if score else ""
        entry.status = decision
        session.add(review)
        session.add(entry)
    audit.record(
        ctx,
        actor,
        "review.decision",
        f"job {job_id} / candidate {candidate_id}",
        decision=decision,
        rating=int(rating),
        score=review.score,
        model=review.model,
    )
    return ReviewPublic.of(review)


def reviews_by_candidate(
    ctx: AppContext, job_id: int, *, actor: str
) -> dict[int, list[ReviewPublic]]:
    """Every reviewer's decision, rating and comment on the job's shortlist, by candidate.

    For the recruiter: a hiring manager may not call it (they see the others' feedback on a
    candidate in ``review_queue``, and only once they have given their own)."""
    authorize(ctx, actor, Action.VIEW_REVIEWS, load_job(ctx.engine, job_id))
    with session_scope(ctx.engine) as session:
        rows = [
            ReviewPublic.of(r) for r in session.exec(select(Review).where(Review.job_id == job_id))
        ]
    out: dict[int, list[ReviewPublic]] = {}
    for review in sorted(rows, key=lambda r: (r.candidate_id, r.reviewer)):
        out.setdefault(review.candidate_id, []).append(review)
    return out
