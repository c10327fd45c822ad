"""Education entries: degree, institution and graduation year from the education section."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.parsing.dates import YEAR
from core.parsing.profile import EducationEntry

DEGREE_WORDS = re.compile(
    r"\b(bachelor(?:'s)?|master(?:'s)?|doctor(?:ate)?|ph\.?\s?d|diploma|high school|"
    r"secondary school|associate(?:'s)? degree|a-levels|graduate|post[- ]?graduate)",
    re.IGNORECASE,
)
# Abbreviations count only as written ("BE", "B.E."), so the words "be", "as" or "me" do not.
DEGREE_ABBREVIATIONS = re.compile(
    r"(?<![A-Za-z])(B\.?\s?Sc|M\.?\s?Sc|B\.?\s?Tech|M\.?\s?Tech|B\.?\s?E|M\.?\s?E|B\.?\s?S|M\.?\s?S|"
    r"B\.?\s?A|M\.?\s?A|BCA|MCA|B\.?\s?Com|M\.?\s?Com|B\.?\s?Eng|M\.?\s?Eng|MBA|M\.B\.A|PhD|Ph\.D|"
    r"M\.?\s?Phil|B\.?\s?Ed|M\.?\s?Ed|BFA|MFA|MSW|BSN|MSN|B\.?\s?Pharm|"
    r"LLB|LL\.?M|MD|BBA|PGDM|PGDBM|HSC|SSC|GED|AA|AS)\b\.?"
)
# Two-letter codes that are also US states, software brands or words in context.
NOT_A_DEGREE = re.compile(
    r",\s*(?:MA|MS|ME|MD|AS|AA|BE)\b|\bMS[\s-]+(?:Office|Word|Excel|Access|Project|PowerPoint|"
    r"Outlook|SQL|Dynamics|Visio|Teams|Windows)\b",
)


class _Degree:
    """Either pattern: a degree named in words or by a written abbreviation."""

    @staticmethod
    def search(text: str) -> re.Match[str] | None:
        found = DEGREE_WORDS.search(text)
        if found:
            return found
        return DEGREE_ABBREVIATIONS.search(NOT_A_DEGREE.sub(" ", text))


DEGREE = _Degree()
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
    pattern = r"\s*(?:\||•|–|—|\s-\s|\s/\s|,\s(?=[A-Z]))\s*"
    return [p for p in re.split(pattern, line) if p.strip()]


def find_degrees(section: str, orgs: set[str]) -> list[Degree]:
    """One entry per line naming a degree; institution and year from the nearest lines."""
    lines = [line for line in section.splitlines() if line.strip()]
    degrees: list[Degree] = []
    for index, line in enumerate(lines):
        if not DEGREE.search(line):
            continue
        parts = _split(line)
        named = [p for p in parts if DEGREE.search(p)] or [line]
        window = [line, *lines[index + 1 : index + 3], *lines[max(0, index - 2) : index][::-1]]
        institution = None
        for candidate in window:
            for part in _split(candidate):
                if part in named or (DEGREE.search(part) and not INSTITUTION.search(part)):
                    continue
                if INSTITUTION.search(part) or part.strip() in orgs:
                    institution = _clean(part)
                    break
            if institution:
                break
        years = [int(y) for c in window[:3] for y in YEAR.findall(c)]
        year = max(years) if years else None
        confidence = 0.5 + (0.25 if institution else 0) + (0.15 if year else 0)
        degrees.extend(
            Degree(
                EducationEntry(degree=_clean(part) or None, institution=institution, year=year),
                confidence,
            )
            for part in named
        )
    return degrees
