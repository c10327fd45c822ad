"""Experience entries (title, company, place, dates) of the experience section.

The span model proposes titles, companies and places; date ranges come from ``dates``. Lines are
grouped into entries by ``entries.group``; where the model names nothing around a date range,
the word rules below (title head words, company suffixes) name the job at a lower confidence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from core.parsing.dates import MONTH, RANGE, DateRange, find_ranges
from core.parsing.entries import Line, first, group, mend, split_lines
from core.parsing.entry_model import Span
from core.parsing.profile import ExperienceEntry
from core.parsing.sections import heading_of
from core.parsing.titles import is_title, title_at_end

JOB_LABELS = {"TITLE", "COMPANY", "LOCATION"}

COMPANY_HINTS = re.compile(
    r"\b(inc|ltd|llc|llp|corp|corporation|company|co|gmbh|ag|plc|pvt|limited|group|solutions|"
    r"technologies|labs|bank|university|hospital|consulting|partners|studios|agency|"
    r"foundation|institute|tech|center|centre|clinic|school|college|restaurant|hotel|store|"
    r"services|systems|health|healthcare|associates|traders|council|department|authority)\b\.?",
    re.IGNORECASE,
)
COMPANY_WORD = re.compile(COMPANY_HINTS.pattern + r"|consultancy|corporate", re.IGNORECASE)
LEGAL_SUFFIX = re.compile(r"\b(inc|ltd|llc|llp|corp|gmbh|plc|pvt|limited)\b\.?\s*$", re.IGNORECASE)
SEPARATORS = re.compile(r"\s*(?:\||•|·|—|–|\s-\s|,\s| at | @ |\t)\s*")
TRAILING_PLACE = re.compile(
    r"(?:[,•|]|\s-)?\s*\b[A-Z][a-zA-Z.'-]+(?:\s[A-Z][a-zA-Z.'-]+)?,\s?[A-Z]{2,3}\b"
    r"(?:,\s?[A-Z][A-Za-z]+)?\s*[-,|]?\s*$"
)


@dataclass(frozen=True)
class Job:
    """An experience entry with the confidence of its parts."""

    entry: ExperienceEntry
    confidence: float
    range: DateRange | None


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

    titles = [c for c in chunks if is_title(c) and not LEGAL_SUFFIX.search(c)]
    title = next((c for c in titles if not org_like(c) or TITLE_START.match(c)), None) or next(
        (c for c in titles if title_at_end(c)), None
    )
    others = [c for c in chunks if c != title and not (is_title(c) and not org_like(c))]
    company = next((c for c in others if org_like(c)), None)
    confidence = 0.3 + (0.3 if title else 0.0) + (0.3 if company else 0.0)
    if company is None and title is not None and others:
        company, confidence = others[0], confidence + 0.15
    return title, company, min(confidence, 0.95)


MAX_TITLE_WORDS = 9
NAME_LIKE = re.compile(
    r"[A-Z0-9&][\w&.'’()!-]*(?:\s(?:[A-Z0-9&(][\w&.'’()!-]*|of|and|the|for|de|du|la|&))*"
)
NOT_A_NAME = re.compile(
    rf"^(?:from|since|until|current|present|duration|served|worked|role|client|project|ongoing"
    rf"|past|previous|summer|winter|spring|fall|autumn)\b|\b(?:of|and|for|the|&)$"
    rf"|\b(?:experiences?|responsibilities|{MONTH})\b|^[\d\W]+$",
    re.IGNORECASE,
)
TITLE_START = re.compile(
    r"^(?:(?:senior|junior|assistant|associate|deputy|executive|regional|general)\s+)?"
    r"(?:vice[- ]president|president|director|head|manager|chief\s+\w+\s+officer)\b",
    re.IGNORECASE,
)
LEVEL = re.compile(r"\s+(?:I{1,3}|IV|V|[1-4])\b(?!\.\d)")
STANDALONE = 0.6  # a field alone makes an entry only when it fills most of its line
PLACE_LINE = re.compile(r"^(?:city|state|country)\b|,\s*(?:state|[A-Z]{2})$", re.IGNORECASE)


def _fields(line: Line, today: dt.date) -> set[str]:
    found = {span.label.lower() for span in line.spans if span.label in JOB_LABELS}
    if find_ranges(line.text, today):
        found.add("dates")
    if TRAILING_PLACE.search(line.text):
        found.add("location")
    return found


def _clean(value: str | None) -> str | None:
    """Without a trailing place, leading placeholder place words or edge punctuation."""
    if value is None:
        return None
    value = TRAILING_PLACE.sub("", value)
    value = re.sub(r"^(?:(?:city|state)\s*,?\s*)+", "", value, flags=re.IGNORECASE)
    value = value.strip(" .,:;|()[]-–—\t")
    return value or None


def _plausible(title: str | None, company: str | None) -> bool:
    """Not a sentence, a skill list or a heading."""
    for value in (title, company):
        if value is None:
            continue
        if len(value.split()) > MAX_TITLE_WORDS or value.count(",") >= 2 or ": " in value:
            return False
        if heading_of(value) is not None or PLACE_LINE.search(value):
            return False
    return bool(title or company)


def _place(block: list[Line]) -> str | None:
    span = first(block, "LOCATION")
    if span and not is_title(span[0].text):
        return span[0].text.strip(" .,:;|()[]-–—\t") or None
    for line in block:
        found = TRAILING_PLACE.search(RANGE.sub(" ", line.text))
        if found:
            return found.group(0).strip(" ,•|-–") or None
    return None


def _without_place(company: str | None, place: str | None) -> str | None:
    """ "Stripe San Francisco" with the place "San Francisco, CA" is "Stripe"."""
    if company and place:
        city = place.split(",")[0].strip()
        if city and company.endswith(city) and len(company) > len(city):
            return _clean(company[: -len(city)])
    return company


def _by_rules(
    block: list[Line], title: str | None, orgs: set[str], places: set[str]
) -> tuple[str | None, str | None]:
    """Title and company named by the word rules from the block's lines (dates removed)."""
    rest = [RANGE.sub(" | ", line.text) for line in block]
    named = [s.text for line in block for s in line.spans if s.label in ("TITLE", "COMPANY")]
    for known in (title, *named, *places):
        rest = [part.replace(known, " | ") for part in rest] if known else rest
    ruled_title, company, _ = _classify(rest, orgs, places)
    if company is None and title is not None:
        chunks = [c for part in rest for c in _chunks(part) if c not in places]
        company = next((c for c in chunks if _could_be_company(c)), None)
    return (title or _clean(ruled_title)), _clean(company)


def _confidence(title: str | None, company: str | None, dated: bool, ruled: int) -> float:
    """Higher with each part found, and when the word rules agree the title is a job."""
    score = 0.3 + 0.25 * (title is not None) + 0.2 * (company is not None) + 0.15 * dated
    score += 0.05 * bool(title and is_title(title)) - 0.1 * ruled
    return round(min(max(score, 0.05), 0.95), 2)


def _job(block: list[Line], orgs: set[str], places: set[str], today: dt.date) -> Job | None:
    """One entry from a block of header lines, or None when it names no job."""
    title_span, company_span = first(block, "TITLE"), first(block, "COMPANY")
    found = next((r for line in block for r in find_ranges(line.text, today)), None)
    title = _clean(_with_level(*title_span)) if title_span else None
    company = _clean(company_span[0].text) if company_span else None
    if title is None and company is not None and _reads_as_title(company):
        title, company = company, None  # "MERN Stack Developer" read as an employer
    place = _place(block)
    ruled = 0
    if (company is None or title is None) and (title or company or found) is not None:
        ruled_title, ruled_company = _by_rules(block, title, orgs, {place} if place else set())
        ruled = (title is None and ruled_title is not None) + (
            company is None and ruled_company is not None
        )
        title, company = title or ruled_title, company or ruled_company
    if (title is None) != (company is None):
        title, company = _split_title(title or company or "", title, company)
    company = _without_place(company, place)
    if company is not None and (NOT_A_NAME.search(company) or COMPANY_WORD.fullmatch(company)):
        company = None  # "Summer 2004", "Ongoing", "Corporation": not an employer's name
    if not _plausible(title, company):
        return None
    alone = sum(v is not None for v in (title, company, found)) == 1
    if alone and (ruled or found is not None or not _standalone(title_span or company_span)):
        return None  # one part alone is an entry only as a title or employer on its own line
    entry = ExperienceEntry(
        title=title,
        company=company,
        start=found.start_label if found else None,
        end=found.end_label if found else None,
        location=place,
    )
    return Job(entry, _confidence(title, company, found is not None, ruled), found)


def _could_be_company(chunk: str) -> bool:
    """A chunk beside a title that reads as a name ("Figma", "River Corporation")."""
    return (
        len(chunk) > 2
        and len(chunk.split()) <= 6
        and bool(NAME_LIKE.fullmatch(chunk))
        and not NOT_A_NAME.search(chunk)
        and not is_title(chunk)
        and not LEVEL.match(" " + chunk)
    )


def _split_title(
    phrase: str, title: str | None, company: str | None
) -> tuple[str | None, str | None]:
    """ "Staff Nurse Mercy General Hospital" is a title, then an employer with a company word."""
    words = phrase.split()
    heads = [i for i, word in enumerate(words) if is_title(word)]
    if heads and heads[-1] < len(words) - 1:
        rest = " ".join(words[heads[-1] + 1 :])
        if COMPANY_HINTS.search(rest) and _could_be_company(rest):
            return " ".join(words[: heads[-1] + 1]), rest
    return title, company


def _with_level(span: Span, line: Line) -> str:
    """The title with a level the model left out ("Software Engineer" + " II")."""
    after = LEVEL.match(line.text[span.end - line.start :])
    return span.text + after.group(0) if after else span.text


def _reads_as_title(value: str) -> bool:
    """ "Vice President of Sales", "MERN Stack Developer": a job, not an employer."""
    return bool(TITLE_START.match(value)) or (title_at_end(value) and not _org_like(value))


def _org_like(value: str) -> bool:
    return bool(COMPANY_HINTS.search(value))


def _standalone(found: tuple[Span, Line] | None) -> bool:
    """A title or company alone on its line (an entry with nothing else must look like one)."""
    return found is not None and found[1].covered(found[0]) >= STANDALONE


def find_jobs(
    section: str,
    spans: list[Span],
    today: dt.date,
    orgs: set[str] | None = None,
    places: set[str] | None = None,
) -> list[Job]:
    """Experience entries of a section: model spans and date ranges grouped line by line."""
    lines = split_lines(section, spans)
    mend(lines)
    jobs = []
    for block in group(lines, lambda line: _fields(line, today)):
        job = _job(block, orgs or set(), places or set(), today)
        if job is not None:
            jobs.append(job)
    return jobs
