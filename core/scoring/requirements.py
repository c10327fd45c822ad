"""Job description -> requirements: title, must- and nice-to-have skills, years, degree, place."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from core.parsing.nlp import match_skills

MUST_HEADINGS = re.compile(
    r"^\s*(requirements|required|must[- ]haves?|minimum qualifications|what you(?:'ll)? need|"
    r"qualifications|you have|skills|what we(?: are|'re) looking for)\s*:?\s*$",
    re.IGNORECASE,
)
NICE_HEADINGS = re.compile(
    r"^\s*(nice[- ]to[- ]haves?|preferred qualifications|preferred|bonus(?: points)?|plus|"
    r"good to have|desirable)\s*:?\s*$",
    re.IGNORECASE,
)
OTHER_HEADINGS = re.compile(
    r"^\s*(responsibilities|about (?:us|the role)|what you(?:'ll)? do|benefits|we offer|"
    r"the role)\s*:?\s*$",
    re.IGNORECASE,
)
YEARS = re.compile(r"(\d{1,2})(?:\.\d)?\s*\+?\s*(?:-\s*\d+\s*)?(?:years|yrs)", re.IGNORECASE)
DEGREES = (
    ("phd", re.compile(r"\bph\.?d|doctorate", re.I)),
    ("master", re.compile(r"\bmaster'?s?\b|\bm\.?sc\b|\bmba\b", re.I)),
    ("bachelor", re.compile(r"\bbachelor'?s?\b|\bb\.?sc\b|\bdegree\b", re.I)),
)
LOCATION = re.compile(r"^\s*location\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)


class Requirements(BaseModel):
    """What a job asks for; the recruiter can edit every field."""

    title: str = ""
    must_have: list[str] = Field(default_factory=list)
    nice_to_have: list[str] = Field(default_factory=list)
    min_years: float | None = None
    degree: str | None = None
    location: str | None = None
    lines: list[str] = Field(default_factory=list, description="requirement sentences")


def _split_parts(text: str) -> tuple[list[str], list[str], list[str]]:
    must: list[str] = []
    nice: list[str] = []
    other: list[str] = []
    current = other
    for line in text.splitlines():
        if MUST_HEADINGS.match(line):
            current = must
        elif NICE_HEADINGS.match(line):
            current = nice
        elif OTHER_HEADINGS.match(line):
            current = other
        elif line.strip():
            current.append(line.strip(" -•*\t"))
    return must, nice, other


def _skills(lines: list[str]) -> list[str]:
    found: list[str] = []
    for match in match_skills("\n".join(lines)):
        if match.skill not in found:
            found.append(match.skill)
    return found


def extract_requirements(text: str) -> Requirements:
    """Requirements from a pasted description (headings such as "Requirements", "Nice to have")."""
    lines = [line for line in text.splitlines() if line.strip()]
    title = lines[0].strip()[:200] if lines else ""
    must_lines, nice_lines, other_lines = _split_parts("\n".join(lines[1:]))
    if not must_lines and not nice_lines:
        must_lines = other_lines
    must = _skills(must_lines)
    nice = [s for s in _skills(nice_lines) if s not in must]
    years = [float(m.group(1)) for m in YEARS.finditer("\n".join(must_lines) or text)]
    degree = next(
        (name for name, pattern in DEGREES if pattern.search("\n".join(must_lines))), None
    )
    location = LOCATION.search(text)
    return Requirements(
        title=title,
        must_have=must,
        nice_to_have=nice,
        min_years=min(years) if years else None,
        degree=degree,
        location=location.group(1).strip()[:200] if location else None,
        lines=[line for line in must_lines + nice_lines if len(line) > 3][:30],
    )
