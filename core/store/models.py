"""SQLModel tables. JSON columns hold profile data so the schema works on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    """Timezone-aware now, in UTC."""
    return dt.datetime.now(dt.UTC)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC time (SQLite hands datetimes back naive; they are UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


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

    @property
    def display_name(self) -> str:
        """The name to show: the (corrected) name, else one made from the file name, else the id."""
        return self.name or self.profile.get("display_name") or f"Candidate #{self.id}"


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
    # Each hidden run with its reason: {"text", "reason", "page"} (plain reason strings in rows
    # stored before hidden spans existed).
    hidden_reasons: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
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
    work_key: str | None = Field(default=None, max_length=120, unique=True, index=True)


class JobBase(SQLModel):
    """A job opening as the recruiter wrote it."""

    title: str = Field(max_length=200)
    description: str = Field(default="", sa_column=Column(Text, nullable=False))


class Job(JobBase, table=True):
    """A job opening with its (editable) requirements and scoring weights."""

    id: int | None = Field(default=None, primary_key=True)
    status: str = Field(default="open", max_length=16)
    revision: int = 1
    requirements: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    weights: dict[str, float] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    managers: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # the hiring pipeline's stages in order, Rejected aside; empty means the default stages
    stages: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    blind: bool = False
    blind_schools: bool = False
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class JobRevision(SQLModel, table=True):
    """Every saved version of a job, for history and diffs."""

    __table_args__ = (UniqueConstraint("job_id", "revision"),)

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="job.id", index=True)
    revision: int
    title: str = Field(max_length=200)
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    requirements: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    weights: dict[str, float] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="open", max_length=16)
    edited_by: str = Field(default="recruiter", max_length=200)
    created_at: dt.datetime = Field(default_factory=utcnow)


class ChunkVector(SQLModel, table=True):
    """One embedded resume chunk (the durable embedding cache and the index's source of truth)."""

    __table_args__ = (UniqueConstraint("resume_id", "position", "model"),)

    id: int | None = Field(default=None, primary_key=True)
    point_id: str = Field(max_length=36, index=True)
    resume_id: int = Field(foreign_key="resume.id", index=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    position: int
    section: str = Field(max_length=40)
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    model: str = Field(max_length=80, index=True)
    vector: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class Score(SQLModel, table=True):
    """A stored score with the model version, job revision and weights that produced it."""

    __table_args__ = (UniqueConstraint("job_id", "candidate_id"),)

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="job.id", index=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    job_revision: int
    model: str = Field(max_length=80)
    version: str = Field(default="builtin", max_length=40, index=True)
    weights: dict[str, float] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    score: float
    breakdown: dict[str, float] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    evidence: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    created_at: dt.datetime = Field(default_factory=utcnow)


class ShortlistEntry(SQLModel, table=True):
    """A candidate on a job's shortlist."""

    __table_args__ = (UniqueConstraint("job_id", "candidate_id"),)

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="job.id", index=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    score: float | None = None
    added_by: str = Field(default="recruiter", max_length=200)
    note: str = Field(default="", max_length=1000)
    status: str = Field(default="pending", max_length=16)
    created_at: dt.datetime = Field(default_factory=utcnow)


class User(SQLModel, table=True):
    """A local account; the password is stored as a bcrypt hash only."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, unique=True, index=True)
    name: str = Field(default="", max_length=200)
    role: str = Field(max_length=20)
    password_hash: str = Field(default="", max_length=100)
    active: bool = True
    failed_logins: int = 0  # counted failed sign-ins since the last success, lockout or reset
    last_failed_login: dt.datetime | None = None  # the last counted one
    # lockouts in a row: each doubles the next one's length (the server default fills old rows)
    lockouts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    locked_until: dt.datetime | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)
    last_login: dt.datetime | None = None


class UserPublic(SQLModel):
    """An account as services hand it out: never its password hash or sign-in counters."""

    id: int | None = None
    email: str
    name: str = ""
    role: str
    active: bool = True
    locked_until: dt.datetime | None = None
    created_at: dt.datetime
    last_login: dt.datetime | None = None

    @classmethod
    def of(cls, user: User) -> UserPublic:
        """The public part of a stored account."""
        return cls.model_validate(user, from_attributes=True)


class SignInSource(SQLModel, table=True):
    """Failed sign-ins from one source (a client address or network, or a name such as "cli"),
    for the per-source limit in ``core.services.sign_in``."""

    source: str = Field(primary_key=True, max_length=100)
    failures: int = 0  # since the source was last forgotten
    last_failure: dt.datetime = Field(default_factory=utcnow, index=True)
    throttled_until: dt.datetime | None = None


class Review(SQLModel, table=True):
    """A hiring manager's decision on a shortlisted candidate, with the score shown at the time."""

    __table_args__ = (UniqueConstraint("job_id", "candidate_id", "reviewer"),)

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="job.id", index=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    reviewer: str = Field(max_length=320)
    decision: str = Field(max_length=16)
    rating: int = Field(ge=1, le=4)
    comment: str = Field(default="", max_length=4000)
    score: float | None = None
    model: str = Field(default="", max_length=80)
    created_at: dt.datetime = Field(default_factory=utcnow)


class Explanation(SQLModel, table=True):
    """A cached explanation per candidate, job and score version (revision + model)."""

    __table_args__ = (UniqueConstraint("candidate_id", "job_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    job_id: int = Field(foreign_key="job.id", index=True)
    version: str = Field(max_length=120)
    writer: str = Field(max_length=16)
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow)


class AuditEvent(SQLModel, table=True):
    """One entry of the append-only audit log (there is no update or delete path in the code)."""

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=320, index=True)
    action: str = Field(max_length=60, index=True)
    target: str = Field(default="", max_length=300)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class SelfIdentification(SQLModel, table=True):
    """Voluntary self-identified sex and race/ethnicity, kept apart from everything that scores.

    Read only by the bias audit (core/monitoring, core/services/bias_audit.py); a test checks
    that no scoring or ranking module refers to it.
    """

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", unique=True, index=True)
    sex: str | None = Field(default=None, max_length=60)
    race: str | None = Field(default=None, max_length=120)
    source: str = Field(default="csv", max_length=20)
    recorded_at: dt.datetime = Field(default_factory=utcnow)


class Prediction(SQLModel, table=True):
    """The prediction log: every score written, with the version that produced it (append-only;
    plain ids, so the log outlives the rows it names)."""

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(index=True)
    job_id: int = Field(index=True)
    version: str = Field(max_length=40, index=True)
    score: float
    breakdown: dict[str, float] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)


class Promotion(SQLModel, table=True):
    """A change of the champion: which version replaced which, by whom."""

    id: int | None = Field(default=None, primary_key=True)
    version: str = Field(max_length=40)
    previous: str | None = Field(default=None, max_length=40)
    actor: str = Field(max_length=320)
    kind: str = Field(default="promote", max_length=20)  # promote | rollback
    at: dt.datetime = Field(default_factory=utcnow, index=True)


class DriftReference(SQLModel, table=True):
    """What "normal" looked like when a version was promoted: scores, skill mix, centroid."""

    id: int | None = Field(default=None, primary_key=True)
    version: str = Field(max_length=40, index=True)
    scores: list[float] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    skills: dict[str, float] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    centroid: bytes = Field(default=b"", sa_column=Column(LargeBinary, nullable=False))
    model: str = Field(default="", max_length=80)
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)


class DriftAlert(SQLModel, table=True):
    """A drift threshold breach, shown to admins until acknowledged."""

    id: int | None = Field(default=None, primary_key=True)
    version: str = Field(max_length=40)
    metric: str = Field(max_length=40)
    value: float
    threshold: float
    window_start: dt.datetime
    delivered: str = Field(default="", max_length=200)  # webhook outcome
    acknowledged_by: str | None = Field(default=None, max_length=320)
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)


class DriftSettings(SQLModel, table=True):
    """Thresholds an admin has set on the Drift page (the environment gives the defaults)."""

    id: int | None = Field(default=None, primary_key=True)
    psi: float
    kl: float
    skills: float
    centroid: float
    updated_by: str = Field(max_length=320)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class TrainingUse(SQLModel, table=True):
    """Lineage of a fine-tuned version: a candidate whose labelled pairs trained or validated it
    (plain ids: an erasure reads these to mark the versions, then deletes them)."""

    id: int | None = Field(default=None, primary_key=True)
    version: str = Field(max_length=40, index=True)
    candidate_id: int = Field(index=True)


class Application(SQLModel, table=True):
    """A candidate's stage in one job's hiring pipeline (no row: still at the first stage)."""

    __table_args__ = (UniqueConstraint("job_id", "candidate_id"),)

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="job.id", index=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    stage: str = Field(max_length=40, index=True)
    reason: str = Field(default="", max_length=500)  # why a candidate was rejected
    moved_by: str = Field(max_length=320)
    moved_at: dt.datetime = Field(default_factory=utcnow)


class CandidateNote(SQLModel, table=True):
    """A recruiter's note on a candidate, with its author and time."""

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    author: str = Field(max_length=320)
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow)


class CandidateTag(SQLModel, table=True):
    """A label a recruiter put on a candidate (once per candidate)."""

    __table_args__ = (UniqueConstraint("candidate_id", "tag"),)

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id", index=True)
    tag: str = Field(max_length=40, index=True)
    added_by: str = Field(max_length=320)
    created_at: dt.datetime = Field(default_factory=utcnow)


class WebSession(SQLModel, table=True):
    """A browser's signed-in session: only the SHA-256 of its random token is stored, so a copy
    of the database signs nobody in (``core.services.web_sessions``)."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    email: str = Field(max_length=320, index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    expires_at: dt.datetime = Field(index=True)
    last_seen_at: dt.datetime = Field(default_factory=utcnow)
