"""Bias audit by the method of NYC Local Law 144 (DCWP rules) and the EEOC four-fifths rule.

For a scoring tool: the median score of the whole sample; a category's scoring rate is the share
of its members scoring above that median; its impact ratio is its rate divided by the highest
rate. For decisions (shortlisted, approved): selection rate = selected / members, impact ratio
likewise. Categories under 2% of the sample are shown but excluded from the ratios; unknown sex
or race never enters a ratio. Ratios under 0.8 are flagged.

Demographic data is voluntary, read only here, and never by scoring code.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Literal

FOUR_FIFTHS = 0.8
MIN_SHARE = 0.02
SMALL_SAMPLE = 30


@dataclass(frozen=True)
class Subject:
    """One person in the audit: a score or a decision, and self-identified categories."""

    sex: str | None
    race: str | None
    score: float | None = None
    selected: bool | None = None


@dataclass
class Row:
    """One category of one table."""

    category: str
    count: int
    rate: float
    impact_ratio: float | None
    excluded: bool


@dataclass
class AuditReport:
    """The audit's tables and flags (the CLI's JSON contract)."""

    kind: Literal["scoring", "selection"]
    median_score: float | None
    unknown_count: int
    by_sex: list[Row] = field(default_factory=list)
    by_race: list[Row] = field(default_factory=list)
    intersectional: list[Row] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain data for JSON."""
        return asdict(self)


def _known(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _table(name: str, groups: dict[str, list[bool]], sample: int, flags: list[str]) -> list[Row]:
    rows = []
    for category in sorted(groups):
        hits = groups[category]
        share = len(hits) / sample if sample else 0.0
        excluded = share < MIN_SHARE
        rows.append(Row(category, len(hits), round(sum(hits) / len(hits), 4), None, excluded))
        if excluded:
            flags.append(
                f"{name}: {category} excluded from impact ratios: {len(hits)} of {sample} "
                f"({share:.1%}) is under {MIN_SHARE:.0%} of the sample"
            )
    included = [r for r in rows if not r.excluded]
    best = max((r.rate for r in included), default=0.0)
    for row in included:
        row.impact_ratio = round(row.rate / best, 4) if best > 0 else None
        if row.impact_ratio is not None and row.impact_ratio < FOUR_FIFTHS:
            flags.append(
                f"{name}: {row.category} impact ratio {row.impact_ratio:.2f} is under "
                f"{FOUR_FIFTHS} (four-fifths rule)"
            )
    return rows


def audit(subjects: Sequence[Subject]) -> AuditReport:
    """The LL144 tables for scores (if every subject has one) or else for selections."""
    scored = all(s.score is not None for s in subjects) and bool(subjects)
    kind: Literal["scoring", "selection"] = "scoring" if scored else "selection"
    median = statistics.median(s.score for s in subjects if s.score is not None) if scored else None

    def hit(s: Subject) -> bool:
        if scored:
            return (s.score or 0.0) > (median or 0.0)
        return bool(s.selected)

    sample = len(subjects)
    by_sex: dict[str, list[bool]] = {}
    by_race: dict[str, list[bool]] = {}
    both: dict[str, list[bool]] = {}
    unknown = 0
    for s in subjects:
        sex, race = _known(s.sex), _known(s.race)
        if sex is None or race is None:
            unknown += 1
        if sex is not None:
            by_sex.setdefault(sex, []).append(hit(s))
        if race is not None:
            by_race.setdefault(race, []).append(hit(s))
        if sex is not None and race is not None:
            both.setdefault(f"{sex} / {race}", []).append(hit(s))
    flags: list[str] = []
    report = AuditReport(
        kind=kind,
        median_score=round(float(median), 4) if median is not None else None,
        unknown_count=unknown,
        by_sex=_table("sex", by_sex, sample, flags),
        by_race=_table("race/ethnicity", by_race, sample, flags),
        intersectional=_table("intersectional", both, sample, flags),
    )
    if sample < SMALL_SAMPLE:
        flags.insert(0, f"small sample: {sample} people; ratios are unstable below {SMALL_SAMPLE}")
    report.flags = flags
    return report


def read_csv(path: str) -> list[Subject]:
    """Subjects from a CSV with ``score`` or ``selected`` and ``sex``, ``race`` columns."""
    import csv

    from core.errors import InvalidInput

    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        columns = set(reader.fieldnames or [])
        if not {"sex", "race"} <= columns or not ({"score", "selected"} & columns):
            raise InvalidInput("the CSV needs sex and race columns and a score or selected column")
        subjects = []
        for line, row in enumerate(reader, start=2):
            try:
                score = float(row["score"]) if row.get("score") not in (None, "") else None
                selected = (
                    row["selected"].strip() in {"1", "true", "True"}
                    if row.get("selected")
                    else None
                )
            except ValueError as e:
                raise InvalidInput(f"line {line}: score must be a number") from e
            subjects.append(Subject(row.get("sex"), row.get("race"), score, selected))
    return subjects
