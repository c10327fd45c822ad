"""Is each atomic requirement met, not met or unsure, and which resume line shows it?

- a skill is met when the candidate's skills (normalised with the parser's taxonomy) include one
  of its options, or by meaning when a resume chunk is at least ``MEANING_MET`` similar to it
  (both phrases are shown); ``MEANING_UNSURE`` and above is unsure;
- a certification or licence is met only when the resume names it: similar wording is at most
  unsure, since holding a licence is never a matter of resemblance;
- years count only the roles similar to the job (or to the field the requirement names);
- a degree is compared by level (associate < bachelor < master < PhD);
- a sentence is met by meaning, with the same thresholds.

The thresholds come from ``data/thresholds.json``, calibrated for precision >= 0.9 on labelled
(requirement, resume line) pairs by ``python -m core.evaluation.requirements --write``. Resume
chunks hold several lines, so a chunk is less similar to a requirement than its best line:
applied to chunks the thresholds err towards unsure.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from core.scoring.atomic import DEGREE_LEVELS, DEGREES, Requirement
from core.skills.taxonomy import get_taxonomy

Status = Literal["met", "not_met", "unsure"]
THRESHOLDS = Path(__file__).parent / "data" / "thresholds.json"
ROLE_RELEVANT = 0.5  # a role this similar to the job (or the field) counts towards its years
Limits = Mapping[str, float] | None
ACRONYM = re.compile(r"[A-Z][A-Z0-9+&]{1,7}")
CREDENTIAL_WORDS = re.compile(
    r"\b(?:certifi\w*|licen[cs]\w*|accredit\w*|registered|chartered|charter\w*|credential\w*|"
    r"qualified|member)\b",
    re.I,
)
SHALLOW = re.compile(
    r"\b(?:basic|conversational|familiar\w*|exposure|beginner|elementary|limited|some knowledge|"
    r"coursework|learning|introduct\w*)\b",
    re.I,
)
NOT_HELD = re.compile(
    r"\b(?:candidate|pursu\w*|eligib\w*|studying|seeking|prepar\w*|in (?:progress|process)|"
    r"expected|anticipated|course\w*|working (?:towards?|on)|application|enrolled|attended)\b",
    re.I,
)
LICENCE_CLASS = re.compile(r"\bclass\s+([A-Z]\d?)\b", re.I)
VALUE = {"met": 1.0, "unsure": 0.5, "not_met": 0.0}
LEVEL_WEIGHT = {"must": 1.0, "nice": 0.5}


@lru_cache(maxsize=1)
def thresholds() -> dict[str, float]:
    """The calibrated similarity thresholds: ``meaning_met`` and ``meaning_unsure``."""
    data = json.loads(THRESHOLDS.read_text(encoding="utf-8"))
    return {
        "meaning_met": float(data["meaning_met"]),
        "meaning_unsure": float(data["meaning_unsure"]),
    }


@dataclass(frozen=True)
class Judgement:
    """One requirement's status for one candidate; ``via`` says how it was decided."""

    status: Status
    via: str  # skills | text | meaning | years | degree | none
    option: str | None = None  # the option (skill or certification) that met it
    detail: str | None = None  # years: what was counted


@dataclass(frozen=True)
class Career:
    """What the years and degree checks read: roles with their similarity to the job."""

    years: float | None
    roles: Sequence[tuple[str, float | None, float]]  # title, years, similarity to job or field
    degree_level: int | None


def _names(text: str, option: str) -> bool:
    pattern = rf"(?<![\w+#.]){re.escape(option)}(?![\w+#])"
    return re.search(pattern, text, re.IGNORECASE) is not None


def judge_skill(
    item: Requirement, skills: set[str], text: str, similarity: float, limits: Limits = None
) -> Judgement:
    """A skill: by the taxonomy, else by meaning; named only as shallow ("basic German",
    "familiar with Excel") it is unsure."""
    for option in item.options:
        if option not in skills:
            continue
        if has_shallow_words(text):
            lines = [x.strip() for x in text.splitlines() if _names(x, option)]
            if lines and all(SHALLOW.search(x) for x in lines):
                return Judgement("unsure", "skills", option, detail=lines[0][:300])
        return Judgement("met", "skills", option)
    return _by_meaning(similarity, limits)


def _initials(line: str) -> set[str]:
    """Acronyms spelled out in a line: "Certified Information Systems Auditor" gives CISA."""
    found: set[str] = set()
    for run in re.findall(r"(?:[A-Z][\w-]*(?:\s+(?:of|in|and|for|&)\s+|\s+)?)+", line):
        words = [w for w in re.split(r"\s+", run.strip()) if w and w[0].isupper()]
        initials = "".join(w[0] for w in words)
        found |= {
            initials[i:j] for i in range(len(initials)) for j in range(i + 2, len(initials) + 1)
        }
    return found


def _other_class(line: str, wanted: str | None) -> bool:
    """The line names a licence class, but not the one asked ("Class B CDL" for Class A)."""
    classes = {c.upper() for c in LICENCE_CLASS.findall(line)}
    return wanted is not None and bool(classes) and wanted.upper() not in classes


@lru_cache(maxsize=1)
def _credential_forms() -> dict[str, list[str]]:
    """Each taxonomy skill's other written forms that are themselves credentials ("RN licence"
    for RN License)."""
    forms: dict[str, list[str]] = {}
    for form, skill in get_taxonomy().forms.items():
        if form.lower() != skill.lower() and CREDENTIAL_WORDS.search(form):
            forms.setdefault(skill, []).append(form)
    return forms


class _TextCache:
    """A bounded cache keyed by a resume text's hash, so it never keeps the texts themselves."""

    def __init__(self, size: int) -> None:
        self.size, self.lock = size, threading.Lock()
        self.values: OrderedDict[tuple[object, ...], object] = OrderedDict()

    def get(self, key: tuple[object, ...]) -> tuple[bool, object]:
        with self.lock:
            if key in self.values:
                self.values.move_to_end(key)
                return True, self.values[key]
        return False, None

    def put(self, key: tuple[object, ...], value: object) -> None:
        with self.lock:
            self.values[key] = value
            while len(self.values) > self.size:
                self.values.popitem(last=False)


_SHALLOW = _TextCache(50_000)
_CREDENTIALS = _TextCache(100_000)


def has_shallow_words(text: str) -> bool:
    """Whether a resume says "basic", "familiar" or the like anywhere (cached per text)."""
    key = (hash(text), len(text))
    found, value = _SHALLOW.get(key)
    if not found:
        value = SHALLOW.search(text) is not None
        _SHALLOW.put(key, value)
    return bool(value)


def _credential_line(text: str, option: str, wanted: str | None = None) -> str | None:
    """``credential_line``, cached per (text, option, class)."""
    key = (hash(text), len(text), option, wanted)
    found, value = _CREDENTIALS.get(key)
    if not found:
        value = credential_line(text, option, wanted)
        _CREDENTIALS.put(key, value)
    return value if isinstance(value, str) else None


def credential_line(text: str, option: str, wanted: str | None = None) -> str | None:
    """The resume line naming ``option`` as a credential the person holds: the name itself (or
    its acronym spelled out, or a credential form of it such as "RN licence"), with a word such
    as "certified" unless the name is an acronym; ``wanted``: the licence class asked, if any."""
    acronym = bool(ACRONYM.fullmatch(option))
    forms = _credential_forms().get(option, [])
    lowered = text.lower()
    if not acronym and not any(f.lower() in lowered for f in (option, *forms)):
        return None  # named nowhere: no need to read line by line
    for line in text.splitlines():
        if _other_class(line, wanted):
            continue
        named = _names(line, option) or (acronym and option in _initials(line))
        if named and (acronym or CREDENTIAL_WORDS.search(line)):
            return line.strip()
        if any(_names(line, form) for form in forms):
            return line.strip()
    return None


def judge_certification(
    item: Requirement, skills: set[str], text: str, similarity: float, limits: Limits = None
) -> Judgement:
    """A certification or licence: named in the resume as held, never inferred from similar
    wording; a mention that is only planned or near ("CPA candidate", "pursuing PMP", "worked
    with the CPA"), or named without a word saying it is held ("operated a forklift"), is
    unsure; a licence of another class ("Class B CDL" for Class A) does not count."""
    asked = LICENCE_CLASS.search(item.text)
    wanted = asked.group(1) if asked else None
    for option in item.options:
        line = _credential_line(text, option, wanted)
        if line is None and option in skills:
            named = (
                x.strip()
                for x in text.splitlines()
                if _names(x, option) and not _other_class(x, wanted)
            )
            mention = next(named, None)
            if mention is not None:
                return Judgement("unsure", "text", option, detail=mention[:300])
        if line is None:
            continue
        if NOT_HELD.search(line) or re.search(
            rf"\b(?:with|assisted|for)\s+(?:the\s+|a\s+)?{re.escape(option)}\b|\b{re.escape(option)}\s+(?:firms?|clients?|exams?)\b",
            line,
            re.I,
        ):
            return Judgement("unsure", "text", option, detail=line[:300])
        return Judgement("met", "text", option, detail=line[:300])
    meaning = _by_meaning(similarity, limits)
    return Judgement("unsure", "meaning") if meaning.status != "not_met" else meaning


def judge_years(item: Requirement, career: Career, skills: set[str] | None = None) -> Judgement:
    """Years in roles similar to the job (or the field) against the years asked. Years in a skill
    ("2 years of Kafka") without a role that matches it are unsure when the resume names the
    skill and the career is long enough (a resume rarely dates its skills), else not met."""
    wanted = item.years or 0.0
    named = not item.options or skills is None or not skills.isdisjoint(item.options)
    dated = [(t, y, s) for t, y, s in career.roles if y is not None]
    if not dated and not named:
        return Judgement("not_met", "years", detail=f"the resume does not name {item.options[0]}")
    if not dated:
        if career.years is None:
            return Judgement("unsure", "years", detail="the resume has no dated experience")
        status: Status = "unsure" if career.years >= wanted else "not_met"
        return Judgement(status, "years", detail=f"{career.years:g} years in total, roles undated")
    relevant = 0.0
    for _, years, similarity in dated:
        if similarity >= ROLE_RELEVANT and years:
            relevant += years
    relevant = round(relevant, 1)
    total = career.years if career.years is not None else round(sum(y or 0 for _, y, _ in dated), 1)
    detail = f"{relevant:g} years in matching roles ({total:g} in total)"
    if relevant >= wanted:
        return Judgement("met", "years", detail=detail)
    if item.options and named and total >= wanted:
        detail = f"names {item.options[0]}; {total:g} years in total, the years in it not dated"
        return Judgement("unsure", "years", detail=detail)
    return Judgement("not_met", "years", detail=detail)


def judge_degree(item: Requirement, career: Career, text: str = "") -> Judgement:
    """The highest degree's level against the level asked (met: the resume line naming it)."""
    wanted = DEGREE_LEVELS.get(item.degree or "", 2)
    if career.degree_level is None:
        return Judgement("unsure", "degree", detail="no degree found in the resume")
    if career.degree_level >= wanted:
        return Judgement("met", "degree")  # the line naming it is found for the evidence only
    return Judgement("unsure" if item.alternative else "not_met", "degree")


def degree_line(text: str, level: int) -> str | None:
    """The first resume line naming a degree of ``level``."""
    patterns = [pattern for name, pattern in DEGREES if DEGREE_LEVELS[name] == level]
    lines = (line.strip() for line in text.splitlines())
    return next((line[:300] for line in lines if any(p.search(line) for p in patterns)), None)


def _by_meaning(similarity: float, limits: Limits = None) -> Judgement:
    limits = limits or thresholds()
    if similarity >= limits["meaning_met"]:
        return Judgement("met", "meaning")
    if similarity >= limits["meaning_unsure"]:
        return Judgement("unsure", "meaning")
    return Judgement("not_met", "none")


def judge(
    item: Requirement,
    *,
    skills: set[str],
    text: str,
    similarity: float,
    career: Career,
    limits: Limits = None,
) -> Judgement:
    """The status of one requirement for one candidate (``limits``: thresholds other than the
    calibrated ones, for calibrating them)."""
    if item.kind == "skill":
        return judge_skill(item, skills, text, similarity, limits)
    if item.kind == "certification":
        return judge_certification(item, skills, text, similarity, limits)
    if item.kind == "years":
        return judge_years(item, career, skills)
    if item.kind == "degree":
        return judge_degree(item, career, text)
    return _by_meaning(similarity, limits)


def requirements_component(items: Sequence[Requirement], judged: Sequence[Judgement]) -> float:
    """Met 1, unsure 0.5, not met 0; must-haves count twice as much as nice-to-haves."""
    total = sum(LEVEL_WEIGHT[i.level] for i in items)
    if not total:
        return 1.0
    got = sum(LEVEL_WEIGHT[i.level] * VALUE[j.status] for i, j in zip(items, judged, strict=True))
    return got / total
