"""Education entries: degree, institution and graduation year from the education section."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.parsing.dates import YEAR
from core.parsing.profile import EducationEntry

DEGREE = re.compile(
    r"\b(bachelor(?:'s)?|master(?:'s)?|doctor(?:ate)?|ph\.?\s?d|mba|m\.?\s?b\.?\s?a|"
    r"b\.?\s?sc|m\.?\s?sc|b\.?\s?tech|m\.?\s?tech|b\.?\s?e\b|m\.?\s?e\b|b\.?\s?s\b|m\.?\s?s\b|"
    r"b\.?\s?a\b|m\.?\s?a\b|bca|mca|b\.?\s?com|m\.?\s?com|b\.?\s?eng|m\.?\s?eng|associate(?:'s)? degree|"
    r"diploma|high school|secondary school|hsc|ssc|a-levels|pgdm|pgdbm|llb|ll\.?m|md\b|"
    r"bba|b\.?\s?ba|aa\b|as\b|ged)",
    re.IGNORECASE,
)
INSTITUTION = re.compile(
    r"\b(university|universit[äa]t|college|institute|school|academy|polytechnic|iit|nit|"
    r"iim|vidyalaya|vidyapeeth|mit|ucla|uc\s\w+|conservatory|seminary)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Degree:
    """An education entry with its confidence."""

    entry: EducationEntry
    confidence: float


def _clean(text: str) -> str:
    text = YEAR.sub(" ", text)
    text = re.sub(r"\b(?:to|-|–)\s*$|^\W+|\W+$", "", re.sub(r"\s+", " ", text)).strip(" ,|-–:")
    return text[:120]


def _split(line: str) -> list[str]:
    return [p for p in re.split(r"\s*(?:\||•|–|—|\s-\s|,\s(?=[A-Z]))\s*", line) if p.strip()]


def find_degrees(section: str, orgs: set[str]) -> list[Degree]:
    """One entry per line naming a degree; institution and year from the nearest lines."""
    lines = [line for line in section.splitlines() if line.strip()]
    degrees: list[Degree] = []
    for index, line in enumerate(lines):
        if not DEGREE.search(line):
            continue
        parts = _split(line)
        degree_part = next(p for p in parts if DEGREE.search(p)) if parts else line
        window = [line] + lines[index + 1 : index + 3] + lines[max(0, index - 2) : index][::-1]
        institution = None
        for candidate in window:
            for part in _split(candidate):
                if part is degree_part or DEGREE.search(part) and not INSTITUTION.search(part):
                    continue
                if INSTITUTION.search(part) or part.strip() in orgs:
                    institution = _clean(part)
                    break
            if institution:
                break
        years = [int(y) for c in window[:3] for y in YEAR.findall(c)]
        year = max(years) if years else None
        confidence = 0.5 + (0.25 if institution else 0) + (0.15 if year else 0)
        degrees.append(
            Degree(
                EducationEntry(degree=_clean(degree_part) or None, institution=institution, year=year),
                confidence,
            )
        )
    return degrees
