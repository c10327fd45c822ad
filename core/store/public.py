"""Read models: what services hand out instead of table rows (the ``UserPublic`` pattern).

Each is a non-table SQLModel with the attribute names of its table, so a page reads the same
fields, but it is detached from any session, carries nothing the app does not show (no password
hash, no content hash of a stored file, no vectors) and writing to it changes nothing stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Self

from sqlmodel import SQLModel

from core.store.models import CandidateBase, JobBase


class ReadModel(SQLModel):
    """A read model built from the row of the same name."""

    @classmethod
    def of(cls, row: SQLModel) -> Self:
        """The public part of a stored row."""
        return cls.model_validate(row, from_attributes=True)


class CandidatePublic(CandidateBase, ReadModel):
    """A person as the candidates table and profile show them."""

    id: int
    skills: list[str] = []
    profile: dict[str, Any] = {}
    confidence: dict[str, float] = {}
    warnings: list[str] = []
    current_resume_id: int | None = None
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def display_name(self) -> str:
        """The name to show: the (corrected) name, else one made from the file name, else the id."""
        return self.name or self.profile.get("display_name") or f"Candidate #{self.id}"


class ResumePublic(ReadModel):
    """One resume version as the profile shows it (its file is fetched by id)."""

    id: int
    candidate_id: int
    version: int
    filename: str
    kind: str
    size: int
    pages: int
    language: str | None = None
    text: str = ""
    hidden_text: str = ""
    hidden_reasons: list[Any] = []
    created_at: dt.datetime


class FieldCorrectionPublic(ReadModel):
    """A recruiter's value for one profile field."""

    candidate_id: int
    field: str
    value: Any = None
    corrected_by: str
    corrected_at: dt.datetime


class UploadPublic(ReadModel):
    """One file received, parsed or rejected."""

    id: int
    filename: str
    size: int = 0
    status: str
    reason: str | None = None
    candidate_id: int | None = None
    created_at: dt.datetime


class JobPublic(JobBase, ReadModel):
    """A job opening with its requirements, weights, reviewers and blind-review settings."""

    id: int
    status: str
    revision: int
    requirements: dict[str, Any] = {}
    weights: dict[str, float] = {}
    managers: list[str] = []
    stages: list[str] = []
    blind: bool = False
    blind_schools: bool = False
    created_at: dt.datetime
    updated_at: dt.datetime


class JobRevisionPublic(ReadModel):
    """One saved version of a job."""

    job_id: int
    revision: int
    title: str
    description: str = ""
    requirements: dict[str, Any] = {}
    weights: dict[str, float] = {}
    status: str
    edited_by: str
    created_at: dt.datetime


class ScorePublic(ReadModel):
    """A stored score with the model version, job revision and weights that produced it."""

    job_id: int
    candidate_id: int
    job_revision: int
    model: str
    version: str
    weights: dict[str, float] = {}
    score: float
    breakdown: dict[str, float] = {}
    evidence: list[dict[str, Any]] = []
    created_at: dt.datetime


class ShortlistEntryPublic(ReadModel):
    """A candidate on a job's shortlist, with the score shown when they were added."""

    job_id: int
    candidate_id: int
    score: float | None = None
    added_by: str
    note: str = ""
    status: str
    created_at: dt.datetime


class ReviewPublic(ReadModel):
    """A reviewer's decision, rating and comment on a shortlisted candidate."""

    job_id: int
    candidate_id: int
    reviewer: str
    decision: str
    rating: int
    comment: str = ""
    score: float | None = None
    model: str = ""
    created_at: dt.datetime


class AuditEventPublic(ReadModel):
    """One entry of the audit log."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    target: str = ""
    details: dict[str, Any] = {}


class PromotionPublic(ReadModel):
    """A change of the champion."""

    version: str
    previous: str | None = None
    actor: str
    kind: str
    at: dt.datetime


class DriftAlertPublic(ReadModel):
    """A drift threshold breach."""

    id: int
    version: str
    metric: str
    value: float
    threshold: float
    window_start: dt.datetime
    delivered: str = ""
    acknowledged_by: str | None = None
    created_at: dt.datetime


class ApplicationPublic(ReadModel):
    """A candidate's stage in one job's pipeline."""

    job_id: int
    candidate_id: int
    stage: str
    reason: str = ""
    moved_by: str
    moved_at: dt.datetime


class CandidateNotePublic(ReadModel):
    """A note on a candidate with its author and time."""

    id: int
    candidate_id: int
    author: str
    text: str
    created_at: dt.datetime
