"""Job lines -> atomic requirements: one skill (or a choice of skills), a certification or
licence, years of experience, a degree, or a sentence.

"CPR and PALS certification" is two certifications; "such as PowerShell, Go, Python" is one
requirement met by any of them; "5 years of experience in systems administration" is years in
that field; "BA/BS degree or equivalent practical experience" is a bachelor's degree that
experience may replace.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field

from core.parsing.nlp import SkillMatch, match_skills
from core.skills.taxonomy import get_taxonomy

Kind = Literal["skill", "certification", "years", "degree", "sentence"]
Level = Literal["must", "nice"]

YEARS = re.compile(
    r"(?P<n>\d{1,2})(?:\.\d)?\s*\+?\s*(?:(?:-|–|to)\s*\d{1,2}\s*)?\+?\s*(?:years?|yrs)\b"
    r"(?P<rest>[^.;]*)",
    re.IGNORECASE,
)
YEARS_LEAD = re.compile(r"^\s*(?:\+|or more|plus|\)|of)?\s*", re.I)
QUALIFIERS = re.compile(
    r"^(?:(?:of|work|professional|relevant|industry|hands-on|proven|progressive|practical|"
    r"full-time|post-qualification|demonstrated|solid|strong|direct|related|combined|total|"
    r"overall|recent|paid|the)\s+)+",
    re.I,
)
EXPERIENCE_IN = re.compile(
    r"^(?:(?:experience|work|working)\b\s*)+(?:(?:in|with|as|on|doing|at|within|of|using)\b)?\s*",
    re.I,
)
FIELD_END = re.compile(r",|\bor equivalent\b|\bincluding\b|\bsuch as\b|\be\.g\.|\(", re.I)
DEGREE_LEVELS = {"associate": 1, "bachelor": 2, "master": 3, "phd": 4}
DEGREES = (
    ("phd", re.compile(r"\bph\.?\s?d\b|\bdoctora(?:te|l)\b|\bdphil\b", re.I)),
    (
        "master",
        re.compile(r"\bmaster'?s?\b|\bm\.?sc?\b|\bmba\b|\bm\.?eng\b|\bms/phd\b|\bma/ms\b", re.I),
    ),
    (
        "bachelor",
        re.compile(
            r"\bbachelor'?s?\b|\bb\.?sc?\b|\bba/bs\b|\bbs/ba\b|\bb\.?a\.?\b(?=\s*(?:/|or|degree|in))"
            r"|\bb\.?eng\b|\bb\.?tech\b|\bundergraduate degree\b|\b4-year degree\b",
            re.I,
        ),
    ),
    ("associate", re.compile(r"\bassociate'?s? degree\b", re.I)),
)
ANY_DEGREE = re.compile(r"\b(?:university|college)?\s*degree\b", re.I)
EQUIVALENT = re.compile(r"\bor equivalent\b|\bequivalent (?:practical )?experience\b", re.I)
ANY_OF = re.compile(
    r"\b(?:such as|e\.g\.?|for example|including|like|one or more of|one of|any of|"
    r"at least one of|either)\b",
    re.I,
)
NICE_WORDS = re.compile(
    r"\b(?:preferred|is a plus|a plus|nice to have|bonus|desirable|ideally)\b", re.I
)
CERT_WORDS = re.compile(r"\b(?:certifi\w*|licen[cs]\w*|registered|registration)\b", re.I)
CERT_FORM_WORDS = re.compile(r"\b(?:certifi\w*|licen[cs]\w*)\b", re.I)
CERT_PHRASE = re.compile(
    r"(?P<name>(?:[A-Z][\w&+/.-]*\s+){0,3}[A-Z][\w&+/.-]*)\s+"
    r"(?:certification|certificate|license|licence|licensure|credential)s?\b"
)
CERT_AFTER = re.compile(r"^\s*(?:certifi\w*|licen[cs]\w*|credential)", re.I)
LONE_CREDENTIAL = re.compile(
    r"^(?:an?\s+)?(?:active\s+|current\s+|valid\s+)?(?P<name>[A-Z][A-Z0-9+&]{1,7})"
    r"(?:\s+(?:certifi\w*|licen[cs]\w*|qualified|holder|credential))?\.?$"
)
BAR = re.compile(r"\badmi(?:tted|ssion) to (?:the|a|any) (?:state )?bar\b|\bbar admission\b", re.I)
HELD_WORDS = re.compile(r"^(?:(?:an?|the|valid|current|active)\b\s*)+", re.I)
DEGREE_FIELD = re.compile(
    r"\b(?:degree|bachelor'?s?|master'?s?|b\.?sc?|m\.?sc?|ba|bs|ma|ms|science|arts)\s+in\s+"
    r"(?P<field>[^,.;(]+)",
    re.I,
)
MAX_ITEMS = 40


class Requirement(BaseModel):
    """One thing a job asks for; ``options`` are skills or certifications, any one meets it."""

    text: str
    kind: Kind
    level: Level = "must"
    options: list[str] = Field(default_factory=list)
    years: float | None = None
    field: str | None = Field(default=None, description="years: the field they must be in")
    primary: bool = Field(
        default=False, description="years: the one the job's minimum-years field stands for"
    )
    degree: str | None = Field(default=None, description="degree: associate ... phd")
    alternative: bool = Field(default=False, description="degree: experience may replace it")
    line: str = Field(default="", description="the job line it comes from")


@lru_cache(maxsize=1)
def certification_names() -> frozenset[str]:
    """Taxonomy skills that are certifications or licences (a form says so, or the name does)."""
    taxonomy = get_taxonomy()
    # a form such as "registered nursing" does not make nursing a credential
    names = {skill for form, skill in taxonomy.forms.items() if CERT_FORM_WORDS.search(form)}
    return frozenset(names | {s for s in taxonomy.skills if CERT_WORDS.search(s)})


def years_field(rest: str) -> str | None:
    """The field of a years line, from the words after "N years": "of professional software
    engineering experience" and "of experience in software engineering" give "software
    engineering", "of Kafka" gives "Kafka", "of experience" none."""
    words = YEARS_LEAD.sub("", rest, count=1)
    words = FIELD_END.split(words)[0]
    words = QUALIFIERS.sub("", words.strip())
    words = EXPERIENCE_IN.sub("", words)
    words = re.sub(r"\s+(?:experience|work)\b.*$", "", words, flags=re.I)  # "X experience"
    words = re.sub(r"^(?:in|with|as|on|at|within)\s+", "", words.strip(), flags=re.I)
    words = words.strip(" :-–")
    return words[:120] or None


def _years(line: str, level: Level) -> list[Requirement]:
    match = YEARS.search(line)
    if match is None or re.match(r"\s*(?:old|of age|ago)\b", match.group("rest") or ""):
        return []
    field = years_field(match.group("rest") or "")
    # "2 years of Kafka": years in one skill, which the resume must name ("3 years with Python
    # and SQL" stays years in that field, beside its skill rows)
    skills = list(dict.fromkeys(m.skill for m in match_skills(field))) if field else []
    options = skills if len(skills) == 1 else []
    years = float(match.group("n"))
    text = f"{years:g}+ years of experience" + (f" in {field}" if field else "")
    item = Requirement(
        text=text, kind="years", level=level, years=years, field=field, options=options, line=line
    )
    return [item]


def _degree(line: str, level: Level) -> list[Requirement]:
    found = next((name for name, pattern in DEGREES if pattern.search(line)), None)
    if found is None and ANY_DEGREE.search(line) and re.search(r"\bdegree\b", line, re.I):
        found = "bachelor" if not re.search(r"associate", line, re.I) else "associate"
    if found is None:
        return []
    alternative = bool(EQUIVALENT.search(line))
    label = {"associate": "Associate", "bachelor": "Bachelor's", "master": "Master's"}
    text = f"{label.get(found, 'PhD')} degree" if found != "phd" else "PhD"
    field = re.search(r"\bdegree in (?P<f>[^,.;(]+)", line, re.I)
    if field:
        text += f" in {field.group('f').strip()}"
    if alternative:
        text += " (or equivalent experience)"
    return [
        Requirement(
            text=text, kind="degree", level=level, degree=found, alternative=alternative, line=line
        )
    ]


def _groups(line: str, matches: list[SkillMatch]) -> list[list[SkillMatch]]:
    """Skills that form one choice ("such as A, B or C"; "A or B"; "A/B") and skills that stand
    alone ("A and B")."""
    cue = ANY_OF.search(line)
    after = [m for m in matches if cue and m.start >= cue.end()]
    if cue and len(after) >= 2:
        # "programming languages such as ...": the general skill is what the list spells out
        matches = [m for m in matches if m in after or len(line[m.end : cue.start()].split()) > 2]
    else:
        after = []
    groups = _or_lists(line, [[m] for m in matches if m not in after])
    return [*groups, after] if after else groups


def _or_lists(line: str, groups: list[list[SkillMatch]]) -> list[list[SkillMatch]]:
    """Runs of skills separated by commas, "or" or "/" whose last separator is "or" or "/"
    ("PowerShell, Go, Python, C#, or C++") become one choice."""
    out: list[list[SkillMatch]] = []
    run: list[list[SkillMatch]] = []
    for group in groups:
        if run and re.fullmatch(r"\s*(?:,|/|\bor\b|,\s*or\b)\s*", _gap(line, run[-1], group)):
            run.append(group)
            continue
        out.extend(_close(line, run))
        run = [group]
    out.extend(_close(line, run))
    return out


def _gap(line: str, left: list[SkillMatch], right: list[SkillMatch]) -> str:
    return line[left[-1].end : right[0].start]


def _close(line: str, run: list[list[SkillMatch]]) -> list[list[SkillMatch]]:
    if len(run) >= 2 and re.search(r"\bor\b|/", _gap(line, run[-2], run[-1])):
        return [[m for group in run for m in group]]
    return run


def _skill_items(line: str, level: Level, degree: bool = False) -> list[Requirement]:
    listed = "," in line or "/" in line or len(line.split()) <= 4
    matches = [m for m in match_skills(line) if not m.ambiguous or listed]
    if degree:
        # "Bachelor of Science in Nursing": the field belongs to the degree row, not a skill
        fields = [f.span("field") for f in DEGREE_FIELD.finditer(line)]
        matches = [m for m in matches if not any(a <= m.start < b for a, b in fields)]
    certs = certification_names()
    items: list[Requirement] = []
    seen: set[str] = set()
    for group in _groups(line, matches):
        options = list(dict.fromkeys(m.skill for m in group if m.skill not in seen))
        if not options:
            continue
        seen.update(options)
        surfaces = list(dict.fromkeys(m.surface for m in group))
        text = (
            surfaces[0] if len(surfaces) == 1 else ", ".join(surfaces[:-1]) + f" or {surfaces[-1]}"
        )
        kind: Kind = "certification" if all(o in certs for o in options) else "skill"
        if len(group) == 1 and CERT_AFTER.match(line[group[0].end :]):
            # "PMP certification": the credential itself, not the skill it stands for
            kind, options = "certification", [group[0].surface]
        items.append(Requirement(text=text, kind=kind, level=level, options=options, line=line))
    spans = [(m.start, m.end) for m in matches]
    for phrase in CERT_PHRASE.finditer(line):
        # "Active RN licence": the licence is "RN", a resume never names it "Active RN"
        name = HELD_WORDS.sub("", phrase.group("name")).strip()
        overlaps = any(a < phrase.end() and phrase.start() < b for a, b in spans)
        if overlaps or not name:
            continue
        items.append(
            Requirement(
                text=phrase.group(0).strip(),
                kind="certification",
                level=level,
                options=[name],
                line=line,
            )
        )
    return items


def split_line(line: str, level: Level = "must") -> list[Requirement]:
    """The atomic requirements of one job line (a sentence when nothing more precise is found)."""
    line = line.strip(" -•*\t")
    if NICE_WORDS.search(line):
        level = "nice"
    degree = _degree(line, level)
    years = _years(line, level)
    in_years = {o for item in years for o in item.options}
    skills = [
        item
        for item in _skill_items(line, level, bool(degree))
        if not in_years or not set(item.options) <= in_years  # "2 years of Kafka" is one row
    ]
    items = [*years, *degree, *skills]
    if items:
        return items
    acronym = LONE_CREDENTIAL.match(line)
    if acronym:
        name = acronym.group("name")
        return [Requirement(text=line[:300], kind="certification", level=level, options=[name])]
    if CERT_WORDS.search(line) or BAR.search(line):
        # a licence nothing names precisely ("valid driving licence"): never met by resemblance
        return [Requirement(text=line[:300], kind="certification", level=level, line=line)]
    if len(line.split()) >= 3:
        return [Requirement(text=line[:300], kind="sentence", level=level, line=line)]
    return []


def split_lines(must: list[str], nice: list[str]) -> list[Requirement]:
    """Every line's atomic requirements, duplicates (same kind and options, or years in the same
    field) dropped; the must-have years asked the most are marked ``primary``."""
    out: list[Requirement] = []
    seen: set[tuple[str, ...]] = set()
    for level, lines in (("must", must), ("nice", nice)):
        for line in lines:
            for item in split_line(line, level):  # type: ignore[arg-type]
                key = (item.kind, *(item.options or [item.text.lower()]))
                if item.kind == "years":
                    key = (item.kind, item.level, (item.field or "").lower())
                if item.kind == "degree":
                    key = (item.kind, item.level)
                if key in seen:
                    continue
                seen.add(key)
                out.append(item)
    out = out[:MAX_ITEMS]
    years = [i for i, item in enumerate(out) if item.kind == "years" and item.level == "must"]
    if years:
        first = max(years, key=lambda i: (out[i].years or 0.0, -i))
        out[first] = out[first].model_copy(update={"primary": True})
    return out


def primary_years(items: list[Requirement]) -> int | None:
    """The index of the must-have years the minimum-years field stands for (the first must-have
    years of a job stored before years were marked), or None."""
    must = [i for i, item in enumerate(items) if item.kind == "years" and item.level == "must"]
    return next((i for i in must if items[i].primary), must[0] if must else None)
