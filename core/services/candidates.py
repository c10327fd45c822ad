"""Candidate actions: list and search, view a profile, correct a field, get the original file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import col, select

from core.auth.policy import Action
from core.context import AppContext
from core.errors import InvalidInput, NotFound
from core.parsing.profile import PROFILE_FIELDS, EducationEntry, ExperienceEntry
from core.services import audit
from core.services.guard import authorize
from core.services.tags import normal_tag
from core.store import candidates as repo
from core.store.db import session_scope
from core.store.models import Application, Job, Resume, Upload
from core.store.public import CandidatePublic, FieldCorrectionPublic, ResumePublic, UploadPublic

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
    tags: list[str] = field(default_factory=list)
    pipeline: str = ""  # "Interview (Backend engineer), Rejected (Data analyst)"


@dataclass
class CandidateDetail:
    """Everything the profile view shows."""

    candidate: CandidatePublic
    resumes: list[ResumePublic]
    corrections: dict[str, FieldCorrectionPublic]

    @property
    def current(self) -> ResumePublic:
        """The latest resume version."""
        return self.resumes[0]


def list_candidates(
    ctx: AppContext,
    *,
    actor: str,
    search: str = "",
    flagged_only: bool = False,
    tags: Sequence[str] = (),
    stages: Sequence[str] = (),
) -> list[CandidateRow]:
    """Rows for the candidates table: filtered by text, flags, tags (any of them) and pipeline
    stages (at any of them in some job)."""
    authorize(ctx, actor, Action.VIEW_CANDIDATES)
    with session_scope(ctx.engine) as session:
        found = repo.search_candidates(
            session,
            text=search.strip(),
            flagged_only=flagged_only,
            tags=[normal_tag(t) for t in tags],
            stages=list(stages),
        )
        ids = [c.id for c in found if c.id is not None]
        tagged = repo.tags_of(session, ids)
        placed: dict[int, list[str]] = {}
        for candidate_id, stage, title in session.exec(
            select(Application.candidate_id, Application.stage, Job.title)
            .join(Job, col(Job.id) == col(Application.job_id))
            .where(col(Application.candidate_id).in_(ids))
            .order_by(col(Application.moved_at).desc())
        ):
            placed.setdefault(candidate_id, []).append(f"{stage} ({title})")
    return [
        CandidateRow(
            id=c.id or 0,
            name=c.display_name,
            headline=c.headline or "",
            years_experience=c.years_experience,
            top_skills=", ".join(c.skills[:5]),
            warnings=list(c.warnings),
            updated=c.updated_at.strftime("%Y-%m-%d %H:%M"),
            tags=tagged.get(c.id or 0, []),
            pipeline=", ".join(placed.get(c.id or 0, [])),
        )
        for c in found
    ]


def candidate_detail(ctx: AppContext, candidate_id: int, *, actor: str) -> CandidateDetail:
    """The profile, every resume version and the corrections of one candidate."""
    authorize(ctx, actor, Action.VIEW_CANDIDATES)
    with session_scope(ctx.engine) as session:
        candidate = repo.get_candidate(session, candidate_id=candidate_id)
        corrections = repo.corrections_of(session, candidate_id=candidate_id)
        return CandidateDetail(
            candidate=CandidatePublic.of(candidate),
            resumes=[
                ResumePublic.of(r) for r in repo.resumes_of(session, candidate_id=candidate_id)
            ],
            corrections={f: FieldCorrectionPublic.of(c) for f, c in corrections.items()},
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
    ctx: AppContext, candidate_id: int, field: str, value: Any, *, actor: str
) -> CandidatePublic:
    """Keep a recruiter's value for a field; later re-parses never overwrite it."""
    authorize(ctx, actor, Action.EDIT_CANDIDATE)
    clean = _validate(field, value)
    with session_scope(ctx.engine) as session:
        candidate = repo.set_correction(
            session, candidate_id=candidate_id, field=field, value=clean, user=actor
        )
    audit.record(ctx, actor, "candidate.correct", f"candidate {candidate_id}", field=field)
    return CandidatePublic.of(candidate)


def original_file(ctx: AppContext, resume_id: int, *, actor: str) -> bytes:
    """The bytes of an uploaded resume version, as received.

    Raises:
        NotFound: no resume with this id.
    """
    authorize(ctx, actor, Action.VIEW_CANDIDATES)
    with session_scope(ctx.engine) as session:
        resume = session.get(Resume, resume_id)
        if resume is None:
            raise NotFound(f"resume {resume_id} not found")
        sha256, kind = resume.sha256, resume.kind
    return ctx.blobs.get(sha256, kind)


def recent_uploads(ctx: AppContext, *, actor: str, limit: int = 200) -> list[UploadPublic]:
    """The latest files received, newest first."""
    from sqlmodel import col, select

    authorize(ctx, actor, Action.UPLOAD)
    with session_scope(ctx.engine) as session:
        rows = session.exec(select(Upload).order_by(col(Upload.id).desc()).limit(limit))
        return [UploadPublic.of(u) for u in rows]
