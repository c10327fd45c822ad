"""SQLModel tables. JSON columns hold profile data so the schema works on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    """Timezone-aware now, in UTC."""
    return dt.datetime.now(dt.UTC)


class CandidateBase(SQLModel):
    """What the candidates table shows."""

    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320, index=True)
    phone: str | None = Field(default=None, max_length=64)
    location: str | None = Field(default=None, max_length=200)
    headline: str | None = Field(default=None, max_length=300)
    years_experience: float | None = None
    flagged: bool = Field(default=False, index=True)


class Candidate(CandidateBase, table=True):
    """A person: the latest resume's profile with the recruiter's corrections applied."""

    id: int | None = Field(default=None, primary_key=True)
    skills: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    profile: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    confidence: dict[str, float] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    warnings: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    current_resume_id: int | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class Resume(SQLModel, table=True):
    """One uploaded file version; raw bytes live in the blob store under ``sha256``."""

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    version: int = 1
    sha256: str = Field(max_length=64, unique=True, index=True)
    filename: str = Field(max_length=200)
    kind: str = Field(max_length=8)
    size: int
    pages: int = 1
    language: str | None = Field(default=None, max_length=8)
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    hidden_text: str = Field(default="", sa_column=Column(Text, nullable=False))
    hidden_reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sections: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    profile: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    confidence: dict[str, float] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    warnings: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow)


class FieldCorrection(SQLModel, table=True):
    """A recruiter's value for one profile field; it wins over every later re-parse."""

    __table_args__ = (UniqueConstraint("candidate_id", "field"),)

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    field: str = Field(max_length=40)
    value: Any = Field(default=None, sa_column=Column(JSON))
    corrected_by: str = Field(default="recruiter", max_length=200)
    corrected_at: dt.datetime = Field(default_factory=utcnow)


class OutboxEvent(SQLModel, table=True):
    """Work for the indexer, written in the same transaction as the resume it concerns."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40, index=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow)
    processed_at: dt.datetime | None = Field(default=None, index=True)


class Upload(SQLModel, table=True):
    """One file received, parsed or rejected: the upload history shown to recruiters."""

    id: int | None = Field(default=None, primary_key=True)
    filename: str = Field(max_length=200)
    sha256: str | None = Field(default=None, max_length=64)
    size: int = 0
    status: str = Field(max_length=16)
    reason: str | None = Field(default=None, max_length=500)
    candidate_id: int | None = Field(default=None, foreign_key="candidate.id")
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)


class JobBase(SQLModel):
    """A job opening as the recruiter wrote it."""

    title: str = Field(max_length=200)
    description: str = Field(default="", sa_column=Column(Text, nullable=False))


class Job(JobBase, table=True):
    """A job opening."""

    id: int | None = Field(default=None, primary_key=True)
    status: str = Field(default="open", max_length=16)
    created_at: dt.datetime = Field(default_factory=utcnow)
