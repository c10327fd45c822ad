"""Candidate and resume repository: dedupe, versions, corrections that survive re-parsing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from core.errors import CandidateNotFound
from core.parsing.contact import name_from_filename
from core.store.models import (
    Application,
    Candidate,
    CandidateTag,
    FieldCorrection,
    OutboxEvent,
    Resume,
    utcnow,
)

REVIEW_WARNINGS = ("hidden_text", "low_confidence:", "missing:", "language:")


def needs_review(warnings: list[str]) -> bool:
    """Whether warnings call for a human look."""
    return any(w.startswith(REVIEW_WARNINGS) for w in warnings)


def same_person(known: str | None, new: str | None) -> bool:
    """Whether two parsed names can be the same person (missing names do not disagree)."""
    if not known or not new:
        return True
    a, b = set(known.lower().split()), set(new.lower().split())
    return bool(a & b)


def resume_by_sha(session: Session, *, sha256: str) -> Resume | None:
    """The resume stored with this content hash, if any."""
    return session.exec(select(Resume).where(Resume.sha256 == sha256)).first()


def candidate_by_email(session: Session, *, email: str) -> Candidate | None:
    """The candidate with this e-mail (case-insensitive), if any."""
    return session.exec(
        select(Candidate).where(func.lower(Candidate.email) == email.lower())
    ).first()


def get_candidate(session: Session, *, candidate_id: int) -> Candidate:
    """A candidate by id; raises ``CandidateNotFound``."""
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise CandidateNotFound(candidate_id)
    return candidate


def corrections_of(session: Session, *, candidate_id: int) -> dict[str, FieldCorrection]:
    """Field name -> the recruiter's correction."""
    rows = session.exec(select(FieldCorrection).where(FieldCorrection.candidate_id == candidate_id))
    return {row.field: row for row in rows}


def refresh_candidate(session: Session, *, candidate: Candidate, resume: Resume) -> None:
    """Recompute what the candidate shows from ``resume`` plus corrections (corrections win)."""
    assert candidate.id is not None
    profile: dict[str, Any] = dict(resume.profile)
    confidence = dict(resume.confidence)
    corrections = corrections_of(session, candidate_id=candidate.id)
    for field, correction in corrections.items():
        profile[field] = correction.value
        confidence[field] = 1.0
    warnings = [
        w
        for w in resume.warnings
        if not (w.startswith("low_confidence:") and w.split(":", 1)[1] in corrections)
        and not (w == "missing:name" and "name" in corrections)
    ]
    profile["display_name"] = (
        profile.get("name") or profile.get("display_name") or name_from_filename(resume.filename)
    )
    candidate.profile = profile
    candidate.confidence = confidence
    candidate.warnings = warnings
    candidate.flagged = needs_review(warnings)
    candidate.current_resume_id = resume.id
    candidate.name = profile.get("name")
    candidate.email = profile.get("email")
    candidate.phone = profile.get("phone")
    candidate.location = profile.get("location")
    candidate.headline = (profile.get("headline") or "")[:300] or None
    candidate.years_experience = profile.get("years_experience")
    candidate.skills = list(profile.get("skills") or [])
    candidate.updated_at = utcnow()
    session.add(candidate)


def add_resume(session: Session, *, resume: Resume, email: str | None) -> tuple[Candidate, bool]:
    """Attach a new resume to the candidate with the same e-mail, or to a new candidate.

    Returns the candidate and whether the resume is a new version of an existing person.
    Writes an outbox event for the indexer in the same transaction.
    """
    candidate = candidate_by_email(session, email=email) if email else None
    name = resume.profile.get("name")
    if candidate is not None and not same_person(candidate.name, name):
        resume.warnings = [*resume.warnings, "duplicate:email"]
        candidate = None
    is_new_version = candidate is not None
    if candidate is None:
        candidate = Candidate()
        session.add(candidate)
        session.flush()
    assert candidate.id is not None
    latest = session.exec(
        select(func.max(Resume.version)).where(Resume.candidate_id == candidate.id)
    ).one()
    resume.candidate_id = candidate.id
    resume.version = (latest or 0) + 1
    session.add(resume)
    session.flush()
    refresh_candidate(session, candidate=candidate, resume=resume)
    session.add(
        OutboxEvent(
            kind="resume.added",
            payload={"candidate_id": candidate.id, "resume_id": resume.id, "sha256": resume.sha256},
        )
    )
    return candidate, is_new_version


def set_correction(
    session: Session, *, candidate_id: int, field: str, value: Any, user: str
) -> Candidate:
    """Store a recruiter's value for ``field`` and refresh the candidate."""
    candidate = get_candidate(session, candidate_id=candidate_id)
    existing = corrections_of(session, candidate_id=candidate_id).get(field)
    row = existing or FieldCorrection(candidate_id=candidate_id, field=field)
    row.value = value
    row.corrected_by = user
    row.corrected_at = utcnow()
    session.add(row)
    session.flush()
    resume = session.get(Resume, candidate.current_resume_id)
    assert resume is not None
    refresh_candidate(session, candidate=candidate, resume=resume)
    session.add(OutboxEvent(kind="candidate.updated", payload={"candidate_id": candidate_id}))
    return candidate


def resumes_of(session: Session, *, candidate_id: int) -> list[Resume]:
    """Every version of a candidate's resume, newest first."""
    return list(
        session.exec(
            select(Resume)
            .where(Resume.candidate_id == candidate_id)
            .order_by(col(Resume.version).desc())
        )
    )


def tags_of(session: Session, candidate_ids: Sequence[int] | None = None) -> dict[int, list[str]]:
    """The tags of the candidates (all tagged ones when ``candidate_ids`` is None), sorted."""
    query = select(CandidateTag.candidate_id, CandidateTag.tag).order_by(col(CandidateTag.tag))
    if candidate_ids is not None:
        query = query.where(col(CandidateTag.candidate_id).in_(candidate_ids))
    found: dict[int, list[str]] = {}
    for candidate_id, tag in session.exec(query):
        found.setdefault(candidate_id, []).append(tag)
    return found


def search_candidates(
    session: Session,
    *,
    text: str = "",
    flagged_only: bool = False,
    tags: Sequence[str] = (),
    stages: Sequence[str] = (),
    limit: int = 1000,
) -> list[Candidate]:
    """Candidates whose name, e-mail, headline or location contains ``text``, newest first;
    with ``tags``, those carrying one of them; with ``stages``, those at one of them in a job."""
    query = select(Candidate)
    if tags:
        query = query.where(
            col(Candidate.id).in_(
                select(CandidateTag.candidate_id).where(col(CandidateTag.tag).in_(tags))
            )
        )
    if stages:
        query = query.where(
            col(Candidate.id).in_(
                select(Application.candidate_id).where(col(Application.stage).in_(stages))
            )
        )
    if text:
        pattern = f"%{text.lower()}%"
        query = query.where(
            or_(
                func.lower(func.coalesce(Candidate.name, "")).like(pattern),
                func.lower(func.coalesce(Candidate.email, "")).like(pattern),
                func.lower(func.coalesce(Candidate.headline, "")).like(pattern),
                func.lower(func.coalesce(Candidate.location, "")).like(pattern),
            )
        )
    if flagged_only:
        query = query.where(Candidate.flagged == True)  # noqa: E712  (SQL expression)
    query = query.order_by(col(Candidate.updated_at).desc()).limit(limit)
    return list(session.exec(query))
