"""Candidate actions: list and search, view a profile, correct a field, get the original file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.auth.policy import Action
from core.context import AppContext
from core.errors import InvalidInput
from core.parsing.profile import PROFILE_FIELDS, EducationEntry, ExperienceEntry
from core.services import audit
from core.services.guard import authorize
from core.store import candidates as repo
from core.store.db import session_scope
from core.store.models import Candidate, FieldCorrection, Resume, Upload

LIST_FIELDS = {"links", "skills", "certifications"}
SCALAR_FIELDS = {"name", "email", "phone", "location", "headline"}


@dataclass
class CandidateRow:
    """One line of the candidates table."""

    id: int
    name: str
    headline: str
    years_experience: float | None
    top_skills: str
    warnings: list[str]
    updated: str


@dataclass
class CandidateDetail:
    """Everything the profile view shows."""

    candidate: Candidate
    resumes: list[Resume]
    corrections: dict[str, FieldCorrection]

    @property
    def current(self) -> Resume:
        """The latest resume version."""
        return self.resumes[0]


def list_candidates(
    ctx: AppContext, *, search: str = "", flagged_only: bool = False
) -> list[CandidateRow]:
    """Rows for the candidates table."""
    with session_scope(ctx.engine) as session:
        found = repo.search_candidates(session, text=search.strip(), flagged_only=flagged_only)
    return [
        CandidateRow(
            id=c.id or 0,
            name=c.display_name,
            headline=c.headline or "",
            years_experience=c.years_experience,
            top_skills=", ".join(c.skills[:5]),
            warnings=list(c.warnings),
            updated=c.updated_at.strftime("%Y-%m-%d %H:%M"),
        )
        for c in found
    ]


def candidate_detail(ctx: AppContext, candidate_id: int) -> CandidateDetail:
    """The profile, every resume version and the corrections of one candidate."""
    with session_scope(ctx.engine) as session:
        candidate = repo.get_candidate(session, candidate_id=candidate_id)
        return CandidateDetail(
            candidate=candidate,
            resumes=repo.resumes_of(session, candidate_id=candidate_id),
            corrections=repo.corrections_of(session, candidate_id=candidate_id),
        )


def _validate(field: str, value: Any) -> Any:
    if field not in PROFILE_FIELDS:
        raise InvalidInput(f"unknown field: {field}")
    if field in SCALAR_FIELDS:
        text = str(value or "").strip()
        if len(text) > 300:
            raise InvalidInput(f"{field} is too long (300 characters at most)")
        return text or None
    if field == "years_experience":
        if value in (None, ""):
            return None
        try:
            years = float(value)
        except (TypeError, ValueError) as e:
            raise InvalidInput("years of experience must be a number") from e
        if not 0 <= years <= 70:
            raise InvalidInput("years of experience must be between 0 and 70")
        return round(years, 1)
    if field in LIST_FIELDS:
        items = value if isinstance(value, list) else str(value or "").split(",")
        return [str(i).strip() for i in items if str(i).strip()][:200]
    model = ExperienceEntry if field == "experience" else EducationEntry
    try:
        return [model.model_validate(item).model_dump() for item in value or []]
    except ValueError as e:
        raise InvalidInput(f"{field}: {e}") from e


def correct_field(
    ctx: AppContext, candidate_id: int, field: str, value: Any, *, user: str
) -> Candidate:
    """Keep a recruiter's value for a field; later re-parses never overwrite it."""
    authorize(ctx, user, Action.EDIT_CANDIDATE)
    clean = _validate(field, value)
    with session_scope(ctx.engine) as session:
        candidate = repo.set_correction(
            session, candidate_id=candidate_id, field=field, value=clean, user=user
        )
    audit.record(ctx, user, "candidate.correct", f"candidate {candidate_id}", field=field)
    return candidate


def original_file(ctx: AppContext, resume: Resume) -> bytes:
    """The bytes of an uploaded resume, as received."""
    return ctx.blobs.get(resume.sha256, resume.kind)


def recent_uploads(ctx: AppContext, limit: int = 200) -> list[Upload]:
    """The latest files received, newest first."""
    from sqlmodel import col, select

    with session_scope(ctx.engine) as session:
        return list(session.exec(select(Upload).order_by(col(Upload.id).desc()).limit(limit)))
