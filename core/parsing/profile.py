"""The structured profile a resume parses to, and the per-file parse result (the CLI contract)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

PROFILE_FIELDS = (
    "name",
    "email",
    "phone",
    "location",
    "links",
    "headline",
    "years_experience",
    "skills",
    "experience",
    "education",
    "certifications",
)


class ExperienceEntry(BaseModel):
    """One job: dates are ``YYYY-MM`` (or ``YYYY``), ``end`` may be ``"present"``."""

    title: str | None = None
    company: str | None = None
    start: str | None = None
    end: str | None = None
    location: str | None = None


class EducationEntry(BaseModel):
    """One degree."""

    degree: str | None = None
    institution: str | None = None
    year: int | None = None


class Profile(BaseModel):
    """What a recruiter needs to know about a candidate, extracted from visible text only."""

    name: str | None = None
    display_name: str | None = None
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    links: list[str] = Field(default_factory=list)
    headline: str | None = None
    years_experience: float | None = None
    skills: list[str] = Field(default_factory=list)
    experience: list[ExperienceEntry] = Field(default_factory=list)
    education: list[EducationEntry] = Field(default_factory=list)
    certifications: list[str] = Field(default_factory=list)
    ocr: bool = False


class ParsedResume(BaseModel):
    """A profile with per-field confidence, warnings, and the text and sections it came from."""

    profile: Profile
    confidence: dict[str, float]
    warnings: list[str]
    text: str
    sections: dict[str, str]
    language: str | None = None


class ParseResult(BaseModel):
    """One line of ``python -m core parse --json``."""

    file: str
    status: Literal["parsed", "rejected"]
    reason: str | None = None
    profile: Profile | None = None
    confidence: dict[str, float] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
