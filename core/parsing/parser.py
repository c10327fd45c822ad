"""Visible resume text -> profile with per-field confidence and warnings."""

from __future__ import annotations

import datetime as dt
import re

import py3langid

from core.parsing import contact, phones
from core.parsing.calibration import calibrate_all
from core.parsing.dates import find_ranges, join_split_ranges, total_months
from core.parsing.education import Degree, find_degrees
from core.parsing.entries import worth_reading
from core.parsing.entry_model import find_spans
from core.parsing.experience import Job, find_jobs
from core.parsing.nlp import Entities, entities
from core.parsing.profile import PROFILE_FIELDS, ParsedResume, Profile
from core.parsing.sections import split_sections
from core.parsing.skill_extraction import find_skills
from core.parsing.titles import is_title

EXPLICIT_YEARS = re.compile(r"(\d{1,2}(?:\.\d)?)\s*\+?\s*(?:years|yrs)", re.IGNORECASE)
CERTIFICATION = re.compile(r"\b(certified|certification|certificate|licensed)\b", re.IGNORECASE)
# OCR misreads characters: every field read from page images is less certain.
OCR_CONFIDENCE = 0.85
# The entry model reads at most this much of the experience and education sections.
ENTRY_CHARS = 20_000
EDUCATION_CHARS = 5_000


def restore_lines(text: str) -> str:
    """Normalise spaces; wide gaps become line breaks (aligned columns, flattened exports)."""
    flattened = text.count("\n") < len(text) / 300
    gap = r"[ \t\u00a0]{2,}" if flattened else r"[ \t\u00a0]{3,}"
    text = re.sub(gap, "\n", text.strip().strip('"'))
    text = re.sub(r"(?<=\S)[ \u00a0]*\t[ \u00a0]*(?=\S)", " | ", text)  # a tab parts cells
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def _entries(
    experience: str, education: str | None, text: str, head: Entities, today: dt.date
) -> tuple[list[Job], list[Degree]]:
    """Jobs and degrees from the entry model's spans (one pass over both sections)."""
    sectioned = education is not None
    experience = join_split_ranges(experience[:ENTRY_CHARS])
    education = join_split_ranges((education or text)[:EDUCATION_CHARS])
    job_spans, degree_spans = find_spans([experience, education], worth_reading)
    orgs = {s.text for s in job_spans + degree_spans if s.label in ("COMPANY", "INSTITUTION")}
    places = {s.text for s in job_spans if s.label == "LOCATION"} | set(head.places)
    jobs = find_jobs(experience, job_spans, today, orgs | set(head.orgs), places)
    return jobs, find_degrees(education, orgs | set(head.orgs), degree_spans, sectioned=sectioned)


def _language(text: str) -> str:
    lang, _ = py3langid.classify(text[:3000])
    return str(lang)


def _headline(header_lines: list[str], name: str | None, summary: str) -> tuple[str | None, float]:
    start = 0
    if name:
        for i, line in enumerate(header_lines[:6]):
            if name.lower() in line.lower():
                start = i + 1
                break
    for line in header_lines[start : start + 3]:
        line = line.strip(" |•")
        if line and is_title(line) and len(line) < 80 and "@" not in line:
            return (line.title() if line.isupper() else line), 0.85
    flat = re.sub(r"\s+", " ", summary).strip()
    first = re.split(r"(?<=[.!?])\s", flat, maxsplit=1)[0] if flat else ""
    return (first[:120] or None), (0.6 if first else 0.0)


def _certifications(sections: dict[str, str], text: str) -> list[str]:
    found = [
        line.strip(" •-*–·\t")
        for line in sections.get("certifications", "").splitlines()
        if 3 < len(line.strip(" •-*–·\t")) <= 120
    ]
    for line in text.splitlines():
        clean = line.strip(" •-*–·\t")
        if CERTIFICATION.search(clean) and len(clean) <= 120 and clean not in found:
            found.append(clean)
    return found[:20]


def parse_text(
    text: str,
    *,
    hidden_reasons: list[str] | None = None,
    today: dt.date | None = None,
    max_chars: int = 100_000,
    low_confidence: float = 0.6,
    ocr: bool = False,
    filename: str | None = None,
    calibrated: bool = True,
) -> ParsedResume:
    """Build a profile from visible text. Pure: no I/O, deterministic for a given ``today``.

    ``ocr`` says the text was read from page images (confidences are lowered to reflect it);
    ``filename`` gives a display name to a resume whose name could not be read;
    ``calibrated=False`` keeps the raw scores (used to fit the calibration itself).
    """
    today = today or dt.date.today()
    warnings: list[str] = []
    if len(text) > max_chars:
        text = text[:max_chars]
        warnings.append("truncated")
    text = restore_lines(text)
    sections = split_sections(text)
    header = sections.get("header", "")
    header_lines = [line for line in header.splitlines() if line.strip()]
    head_ents = entities("\n".join(header_lines[:12]))
    confidence: dict[str, float] = {}
    profile = Profile()

    profile.email = contact.find_email(text)
    confidence["email"] = 0.99 if profile.email else 0.0
    profile.links = contact.find_links(text)
    confidence["links"] = 0.95 if profile.links else 0.0

    places = {p.lower() for p in head_ents.places}

    first_line = header_lines[0].strip().lower() if header_lines else ""

    def is_name(candidate: str) -> bool:
        # NER mistakes rare names for places; the first line of a resume is usually the name
        place = candidate.lower() in places and candidate.lower() != first_line
        return not is_title(candidate) and not place

    names = [
        n for n in contact.name_candidates(header_lines or text.splitlines()[:8]) if is_name(n)
    ]
    persons = {p.strip().lower() for p in head_ents.persons}
    plausible = [
        p for p in contact.name_candidates([p.strip() for p in head_ents.persons]) if is_name(p)
    ]
    if names:
        profile.name = names[0]
        confidence["name"] = 0.95 if profile.name.lower() in persons else 0.75
    elif plausible:
        profile.name = plausible[0]
        confidence["name"] = 0.5
    else:
        confidence["name"] = 0.0

    profile.location = contact.find_location(header) or (
        head_ents.places[0] if head_ents.places else None
    )
    confidence["location"] = 0.8 if profile.location else 0.0
    language = _language(text)
    where = [profile.location or "", *head_ents.places]  # as written: "TX" names a state
    phone = phones.find_phone(
        "\n".join(header_lines[:15]) or text[:2000], where, language
    ) or phones.find_phone(text, where, language)
    profile.phone = phone.number if phone else None
    confidence["phone"] = phone.confidence if phone else 0.0
    profile.headline, confidence["headline"] = _headline(
        header_lines, profile.name, sections.get("summary", "")
    )

    experience_text = sections.get("experience") or text
    jobs, degrees = _entries(experience_text, sections.get("education"), text, head_ents, today)
    profile.experience = [job.entry for job in jobs]
    confidence["experience"] = (
        round(sum(j.confidence for j in jobs) / len(jobs), 2) if jobs else 0.0
    )
    profile.education = [d.entry for d in degrees]
    confidence["education"] = (
        round(sum(d.confidence for d in degrees) / len(degrees), 2) if degrees else 0.0
    )

    ranges = (
        [j.range for j in jobs if j.range is not None]
        if sections.get("experience")
        else find_ranges(experience_text, today)
    )
    if ranges:
        profile.years_experience = round(total_months(ranges, today) / 12, 1)
        confidence["years_experience"] = 0.85 if sections.get("experience") else 0.6
    else:
        stated = [float(m.group(1)) for m in EXPLICIT_YEARS.finditer(text[:5000])]
        profile.years_experience = max(stated) if stated else None
        confidence["years_experience"] = 0.5 if stated else 0.0

    profile.skills, confidence["skills"] = find_skills(text, sections, profile.name)
    profile.certifications = _certifications(sections, text)
    confidence["certifications"] = 0.8 if profile.certifications else 0.0

    if calibrated:
        confidence = calibrate_all(confidence)
    if language != "en":
        warnings.append(f"language:{language}")
        confidence = {k: round(v * 0.8, 2) for k, v in confidence.items()}
    if ocr:
        warnings.append("ocr")
        confidence = {k: round(v * OCR_CONFIDENCE, 2) for k, v in confidence.items()}
    profile.ocr = ocr
    profile.display_name = profile.name or contact.name_from_filename(filename) or "Unnamed resume"
    if hidden_reasons:
        warnings.append("hidden_text")
    for field in PROFILE_FIELDS:
        value = confidence.setdefault(field, 0.0)
        if 0 < value < low_confidence:
            warnings.append(f"low_confidence:{field}")
    if not profile.name:
        warnings.append("missing:name")
    if not profile.email and not profile.phone:
        warnings.append("missing:contact")
    return ParsedResume(
        profile=profile,
        confidence={k: confidence[k] for k in PROFILE_FIELDS},
        warnings=warnings,
        text=text,
        sections=sections,
        language=language,
    )
