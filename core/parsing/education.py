"""Education entries: degree, institution and graduation year from the education section."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.parsing.dates import YEAR
from core.parsing.entries import Line, first, group, mend, split_lines
from core.parsing.entry_model import Span
from core.parsing.profile import EducationEntry
from core.parsing.sections import heading_of

EDUCATION_LABELS = {"DEGREE", "INSTITUTION", "YEAR"}

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


def _fields(line: Line) -> set[str]:
    found = {span.label.lower() for span in line.spans if span.label in EDUCATION_LABELS}
    if "year" not in found and YEAR.search(line.text) and len(line.text) < 40:
        found.add("year")
    return found


def _year(block: list[Line]) -> int | None:
    years = [int(y) for line in block for y in YEAR.findall(line.text)]
    return max(years) if years else None


def _school_by_rules(block: list[Line], degree: str) -> str | None:
    """A part of the block's lines with a school word ("University of Leeds", "MIT")."""
    for line in block:
        for part in _split(line.text.replace(degree, " | ") if degree else line.text):
            if INSTITUTION.search(part) and not DEGREE.search(part):
                return _clean(part) or None
    return None


def _model_degree(block: list[Line], schools_alone: bool) -> Degree | None:
    """One entry from a block, or None when it names no degree (nor, if allowed, a school)."""
    degree, school = first(block, "DEGREE"), first(block, "INSTITUTION")
    name = _clean(degree[0].text) or None if degree else None
    institution = _clean(school[0].text) or None if school else None
    if name and (len(name.split()) > 14 or heading_of(name)):
        return None
    if institution and len(institution.split()) > 14:
        institution = None
    institution = institution or _school_by_rules(block, degree[0].text if degree else "")
    if name is None and not (schools_alone and school and school[1].covered(school[0]) > 0.6):
        return None
    year = _year(block)
    confidence = 0.3 + 0.15 * bool(name) + 0.25 * bool(institution) + 0.15 * bool(year)
    confidence += 0.1 * bool(name and DEGREE.search(name))
    entry = EducationEntry(degree=name, institution=institution, year=year)
    return Degree(entry, round(min(confidence, 0.95), 2))


def find_degrees(
    section: str, orgs: set[str], spans: list[Span] | None = None, *, sectioned: bool = False
) -> list[Degree]:
    """Education entries: the model's when it names a degree, else the word rules'.

    ``sectioned`` says ``section`` is an education section, where a school named alone on its
    line is an entry too ("Stanford University" / "2010").
    """
    lines = split_lines(section, spans or [])
    mend(lines)
    blocks = group(lines, _fields) if spans else []
    found = [d for d in (_model_degree(b, sectioned) for b in blocks) if d is not None]
    if not any(d.entry.degree for d in found):
        return _rule_degrees(section, orgs)
    return found


def _rule_degrees(section: str, orgs: set[str]) -> list[Degree]:
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
        confidence = 0.35 + (0.25 if institution else 0) + (0.15 if year else 0)
        degrees.extend(
            Degree(
                EducationEntry(degree=_clean(part) or None, institution=institution, year=year),
                confidence,
            )
            for part in named
        )
    return degrees
