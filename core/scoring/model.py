"""The scoring model: components, weights, evidence. Pure data; the ranker computes them.

A score is a weighted mean of named components, each in [0, 1]:

- requirements: the job's atomic requirements met (1), unsure (0.5) or not met (0), must-haves
  counting twice as much as nice-to-haves (``core.scoring.judge``);
- skills: share of the skills the whole description names that the candidate has (taxonomy);
- role: the job title against the candidate's titles and headline (embedding similarity);
- experience: years in matching roles against the years asked (1 when none are asked);
- education: the highest degree against the level asked (1 when none is asked);
- lexical: BM25 of the description over the resume's visible text;
- semantic: for each requirement, the best-matching resume chunk's similarity; their mean;
- summary: the job description against the resume's opening (its first chunk: headline, summary,
  latest role), as a reader skimming the top of the page would compare them.

Default weights are fitted on the training splits of public data sets
(``python -m core.evaluation.weights --write``); a recruiter may change them per job. Nothing here
reads demographic data, and hidden text never reaches these inputs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, Field

COMPONENTS = (
    "requirements",
    "skills",
    "role",
    "experience",
    "education",
    "lexical",
    "semantic",
    "summary",
)
# how pages and job histories name each component
COMPONENT_LABELS = {
    "requirements": "Requirements met",
    "skills": "Skills",
    "role": "Role fit",
    "experience": "Experience",
    "education": "Education",
    "lexical": "Word overlap",
    "semantic": "Meaning",
    "summary": "Summary fit",
}
SEMANTIC_FLOOR, SEMANTIC_CEILING = 0.1, 0.6
WEIGHTS_FILE = Path(__file__).parent / "data" / "weights.json"
_FITTED: dict[str, float] = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))["weights"]


def _weight(name: str) -> Any:
    return Field(default=_FITTED.get(name, 0.0), ge=0, le=1)


class Weights(BaseModel):
    """Relative weight of each component (normalised when applied)."""

    requirements: float = _weight("requirements")
    skills: float = _weight("skills")
    role: float = _weight("role")
    experience: float = _weight("experience")
    education: float = _weight("education")
    lexical: float = _weight("lexical")
    semantic: float = _weight("semantic")
    summary: float = _weight("summary")

    @classmethod
    def of_job(cls, stored: Mapping[str, float] | None) -> Weights:
        """A job's weights; those saved before the current components are replaced by the
        defaults (they weighed components that no longer exist)."""
        if not stored or "requirements" not in stored:
            return cls()
        return cls.model_validate(stored)

    def normalised(self) -> dict[str, float]:
        values = self.model_dump()
        total = sum(values.values()) or 1.0
        return {k: v / total for k, v in values.items()}


@dataclass(frozen=True)
class CandidateDoc:
    """What scoring sees of a candidate: visible text, skills, career, chunk vectors."""

    key: str
    skills: Sequence[str]
    years: float | None
    text: str
    chunks: Sequence[str]
    vectors: np.ndarray
    roles: Sequence[tuple[str, float | None]] = ()
    degree_level: int | None = None


@dataclass(frozen=True)
class Evidence:
    """One requirement, its status and the resume line behind it.

    ``kind`` is skill, certification, years, degree or sentence; ``status`` met, not_met or
    unsure (``matched`` is true only when met); ``via`` says how it was decided (skills, text,
    meaning, years, degree); for a match by meaning ``source`` is the resume's phrase.
    """

    requirement: str
    matched: bool
    source: str | None
    kind: str
    status: str = ""
    level: str = "must"
    via: str | None = None

    def __post_init__(self) -> None:
        if not self.status:
            object.__setattr__(self, "status", "met" if self.matched else "not_met")

    @classmethod
    def from_stored(cls, row: Mapping[str, Any]) -> Evidence:
        """Evidence as stored with a score (rows from older versions lack the newer fields)."""
        known = {f.name for f in fields(cls)}
        data = {k: v for k, v in row.items() if k in known}
        if data.get("kind") in ("must", "nice"):  # before atomic requirements
            data["level"], data["kind"] = data["kind"], "skill"
        return cls(**data)


@dataclass
class ScoreResult:
    """A candidate's score for a job, its components and its evidence."""

    key: str
    score: float
    breakdown: dict[str, float]
    evidence: list[Evidence] = field(default_factory=list)
    missing_must: list[str] = field(default_factory=list)


def combine(breakdown: Mapping[str, float], weights: Weights) -> float:
    """The weighted mean of the components, rounded for stable storage and display."""
    w = weights.normalised()
    return round(float(sum(w[k] * breakdown.get(k, 0.0) for k in COMPONENTS)), 4)


def scaled(value: float, floor: float, ceiling: float) -> float:
    """``value`` mapped linearly from [floor, ceiling] to [0, 1]."""
    return min(1.0, max(0.0, (value - floor) / (ceiling - floor)))
