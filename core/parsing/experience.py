"""Experience entries (title, company, dates) around each date range of the experience section."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from core.parsing.dates import DateRange, find_ranges
from core.parsing.profile import ExperienceEntry
from core.parsing.titles import is_title, title_at_end

COMPANY_HINTS = re.compile(
    r"\b(inc|ltd|llc|llp|corp|corporation|company|co|gmbh|ag|plc|pvt|limited|group|solutions|"
    r"technologies|labs|bank|university|hospital|consulting|partners|studios|agency|"
    r"foundation|institute)\b\.?",
    re.IGNORECASE,
)
LEGAL_SUFFIX = re.compile(r"\b(inc|ltd|llc|llp|corp|gmbh|plc|pvt|limited)\b\.?\s*$", re.IGNORECASE)
SEPARATORS = re.compile(r"\s*(?:\||•|·|—|–|\s-\s|,\s| at | @ |\t)\s*")
TRAILING_PLACE = re.compile(
    r"(?:[,•|]|\s-)?\s*\b[A-Z][a-zA-Z.'-]+(?:\s[A-Z][a-zA-Z.'-]+)?,\s?[A-Z]{2,3}\b"
    r"(?:,\s?[A-Z][A-Za-z]+)?\s*[-,|]?\s*$"
)
BULLET = re.compile(r"^\s*[•\-*–·▪●◦]")


@dataclass(frozen=True)
class Job:
    """An experience entry with the confidence of its parts."""

    entry: ExperienceEntry
    confidence: float
    range: DateRange | None


def _could_name(line: str) -> bool:
    """Whether a line could hold a title or company (not a bullet or a wrapped sentence)."""
    stripped = line.strip()
    return (
        bool(stripped)
        and not BULLET.match(stripped)
        and not stripped[0].islower()
        and len(stripped) <= 90
        and not stripped.endswith((",", ";"))
    )


def _chunks(line: str) -> list[str]:
    line = TRAILING_PLACE.sub("", line)
    strip = " .,:;()[]-–"
    return [c.strip(strip) for c in SEPARATORS.split(line) if c and c.strip(strip)]


def _classify(
    lines: list[str], orgs: set[str], places: set[str]
) -> tuple[str | None, str | None, float]:
    """Title first (the first title-like chunk), then the company among the other chunks."""
    chunks = [
        chunk
        for line in lines
        for chunk in _chunks(line)
        if len(chunk) <= 70 and re.search(r"[A-Za-z]", chunk) and chunk not in places
    ]

    def org_like(chunk: str) -> bool:
        return chunk in orgs or bool(COMPANY_HINTS.search(chunk))

    title = next(
        (
            c
            for c in chunks
            if is_title(c) and not LEGAL_SUFFIX.search(c) and (not org_like(c) or title_at_end(c))
        ),
        None,
    )
    others = [c for c in chunks if c != title and not (is_title(c) and not org_like(c))]
    company = next((c for c in others if org_like(c)), None)
    confidence = 0.3 + (0.3 if title else 0.0) + (0.3 if company else 0.0)
    if company is None and title is not None and others:
        company, confidence = others[0], confidence + 0.15
    return title, company, min(confidence, 0.95)


def _starts_next_job(lines: list[str], index: int, today: dt.date) -> bool:
    """Whether the line at ``index`` is followed closely by a date range (the next job's header)."""
    return any(find_ranges(line, today) for line in lines[index + 1 : index + 3])


def find_jobs(
    section: str, orgs: set[str], today: dt.date, places: set[str] | None = None
) -> list[Job]:
    """One entry per date range: title and company from the lines just before it, then after it."""
    lines = [line for line in section.splitlines() if line.strip()]
    jobs: list[Job] = []
    for index, line in enumerate(lines):
        for found in find_ranges(line, today):
            rest = (line[: found.span[0]] + " | " + line[found.span[1] :]).strip(" |,;-–()")
            before = [lines[i] for i in range(index - 1, max(-1, index - 3), -1)]
            after = [
                lines[i]
                for i in range(index + 1, min(len(lines), index + 3))
                if not _starts_next_job(lines, i, today)
            ][:1]
            near = [
                candidate
                for candidate in [rest, *before, *after]
                if _could_name(candidate) and not find_ranges(candidate, today)
            ]
            title, company, confidence = _classify(near, orgs, places or set())
            entry = ExperienceEntry(
                title=title, company=company, start=found.start_label, end=found.end_label
            )
            jobs.append(Job(entry, confidence, found))
    return jobs


def find_undated_jobs(section: str, orgs: set[str], places: set[str], used: set[str]) -> list[Job]:
    """Entries for title lines with no date nearby ("Sales Director" / "ACME CORPORATION")."""
    lines = [line.strip() for line in section.splitlines() if line.strip()]
    jobs: list[Job] = []
    for index, line in enumerate(lines):
        if not _could_name(line) or len(line.split()) > 6 or line in used or ":" in line:
            continue
        title, company, confidence = _classify(
            [line, *lines[index + 1 : index + 2], *lines[max(0, index - 1) : index]], orgs, places
        )
        if title is None or title in used or company is None or confidence < 0.85:
            continue  # without a date, only a title next to a recognised organisation counts
        used.update({title, company})
        jobs.append(Job(ExperienceEntry(title=title, company=company), min(confidence, 0.5), None))
    return jobs
