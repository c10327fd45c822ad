"""Job description -> requirements: title, atomic requirements (``core.scoring.atomic``), the
must- and nice-to-have skills, years and degree a recruiter edits, place."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from core.parsing.nlp import match_skills
from core.scoring.atomic import Requirement, primary_years, split_lines

MUST_HEADINGS = re.compile(
    r"^\s*(requirements|required|must[- ]haves?|(?:minimum|basic|required) qualifications|"
    r"what you(?:'ll)? need|"
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
    items: list[Requirement] = Field(default_factory=list, description="atomic requirements")
    skills: list[str] = Field(
        default_factory=list, description="every skill the description names, requirements or not"
    )

    def atomic(self) -> list[Requirement]:
        """The atomic requirements, kept in step with the editable fields: a skill the recruiter
        removed is dropped, one they added is a requirement of its own, years and degree follow
        the fields (jobs stored before atomic requirements get them from their fields)."""
        listed = {"must": set(self.must_have), "nice": set(self.nice_to_have)}
        kept: list[Requirement] = []
        listed_all = listed["must"] | listed["nice"]
        primary = primary_years(self.items)
        for index, item in enumerate(self.items):
            if item.kind == "skill" and not set(item.options) & listed_all:
                continue
            if item.kind == "skill":
                level = "must" if set(item.options) & listed["must"] else "nice"
                item = item.model_copy(update={"level": level})
            if item.kind == "years" and item.options and not set(item.options) & listed_all:
                continue  # years in a skill the recruiter removed
            if index == primary and not self.min_years:
                continue
            if index == primary and item.years != self.min_years:
                assert self.min_years is not None  # dropped above otherwise
                item = item.model_copy(
                    update={
                        "years": self.min_years,
                        "text": _years_text(self.min_years, item.field),
                        "primary": True,
                    }
                )
            if item.kind == "degree" and self.degree != item.degree and item.level == "must":
                continue
            kept.append(item)
        covered = {o for i in kept for o in i.options}  # a years item's skills included
        for level, skills in (("must", self.must_have), ("nice", self.nice_to_have)):
            kept += [
                Requirement(text=s, kind="skill", level=level, options=[s])  # type: ignore[arg-type]
                for s in skills
                if s not in covered
            ]
        if self.min_years and not any(i.primary for i in kept):
            kept.append(
                Requirement(
                    text=_years_text(self.min_years, None),
                    kind="years",
                    years=self.min_years,
                    primary=True,
                )
            )
        if self.degree and not any(i.kind == "degree" and i.level == "must" for i in kept):
            kept.append(
                Requirement(text=f"{self.degree} degree", kind="degree", degree=self.degree)
            )
        if not self.items:
            kept += [
                Requirement(text=line, kind="sentence", line=line)
                for line in self.lines
                if len(line.split()) >= 3 and not match_skills(line)
            ]
        return kept


def _years_text(years: float, field: str | None) -> str:
    return f"{years:g}+ years of experience" + (f" in {field}" if field else "")


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
    items = split_lines(must_lines, nice_lines)
    # skills (a years item's too: "2 years of Kafka" asks for Kafka) and certifications
    named = [i for i in items if i.kind in ("skill", "certification", "years")]
    must = list(dict.fromkeys(o for i in named if i.level == "must" for o in i.options))
    nice = [
        o
        for o in dict.fromkeys(o for i in named if i.level == "nice" for o in i.options)
        if o not in must
    ]
    primary = primary_years(items)
    degree = next((i.degree for i in items if i.kind == "degree" and i.level == "must"), None)
    location = LOCATION.search(text)
    return Requirements(
        title=title,
        must_have=must,
        nice_to_have=nice,
        min_years=items[primary].years if primary is not None else None,
        degree=degree,
        location=location.group(1).strip()[:200] if location else None,
        lines=[line for line in must_lines + nice_lines if len(line) > 3][:30],
        items=items,
        skills=_skills(lines),
    )
