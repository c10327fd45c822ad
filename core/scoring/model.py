"""The scoring model: components, weights, evidence. Pure functions over plain data.

A score is a weighted mean of four components, each in [0, 1]:

- semantic: for each requirement sentence, the cosine similarity of the best-matching resume
  chunk; their mean, mapped linearly from [0.1, 0.6] to [0, 1];
- skills: coverage of the job's skills, must-haves counting twice as much as nice-to-haves;
- experience: years of experience against the minimum asked (1.0 when none is asked, 0.5 when
  the resume does not say);
- lexical: TF-IDF cosine between the job description and the resume (the classic baseline).

Nothing here reads demographic data, and hidden text never reaches these inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from pydantic import BaseModel, Field

from core.scoring.requirements import Requirements

COMPONENTS = ("semantic", "skills", "experience", "lexical")
SEMANTIC_FLOOR, SEMANTIC_CEILING = 0.1, 0.6
SEMANTIC_MATCH = 0.45  # a requirement sentence counts as met by a chunk this similar


class Weights(BaseModel):
    """Relative weight of each component (normalised when applied)."""

    semantic: float = Field(default=0.35, ge=0, le=1)
    skills: float = Field(default=0.35, ge=0, le=1)
    experience: float = Field(default=0.15, ge=0, le=1)
    lexical: float = Field(default=0.15, ge=0, le=1)

    def normalised(self) -> dict[str, float]:
        values = self.model_dump()
        total = sum(values.values()) or 1.0
        return {k: v / total for k, v in values.items()}


@dataclass(frozen=True)
class CandidateDoc:
    """What scoring sees of a candidate: visible text, skills, years, chunk vectors."""

    key: str
    skills: Sequence[str]
    years: float | None
    text: str
    chunks: Sequence[str]
    vectors: np.ndarray
    skill_lines: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Evidence:
    """Which requirement was met, and by which resume sentence."""

    requirement: str
    matched: bool
    source: str | None
    kind: str  # must | nice | years | semantic


@dataclass
class ScoreResult:
    """A candidate's score for a job, its components and its evidence."""

    key: str
    score: float
    breakdown: dict[str, float]
    evidence: list[Evidence]
    missing_must: list[str]


def skills_component(req: Requirements, skills: Sequence[str]) -> float:
    """Coverage with must-haves weighted twice."""
    have = set(skills)
    total = 2 * len(req.must_have) + len(req.nice_to_have)
    if total == 0:
        return 1.0
    got = 2 * sum(s in have for s in req.must_have) + sum(s in have for s in req.nice_to_have)
    return got / total


def experience_component(req: Requirements, years: float | None) -> float:
    """Years against the minimum asked."""
    if not req.min_years:
        return 1.0
    if years is None:
        return 0.5
    return float(min(1.0, max(0.0, years / req.min_years)))


def semantic_component(
    probes: np.ndarray, vectors: np.ndarray
) -> tuple[float, list[tuple[int, float]]]:
    """Mean best-chunk cosine over the probes, mapped to [0, 1]; (best chunk, cosine) per probe."""
    if probes.size == 0 or vectors.size == 0:
        return 0.0, []
    similarities = probes @ vectors.T
    best = similarities.argmax(axis=1)
    maxima = similarities.max(axis=1)
    scaled = (float(maxima.mean()) - SEMANTIC_FLOOR) / (SEMANTIC_CEILING - SEMANTIC_FLOOR)
    pairs = [(int(i), float(m)) for i, m in zip(best, maxima, strict=True)]
    return float(np.clip(scaled, 0.0, 1.0)), pairs


def combine(breakdown: dict[str, float], weights: Weights) -> float:
    """The weighted mean of the components, rounded for stable storage and display."""
    w = weights.normalised()
    return round(float(sum(w[k] * breakdown[k] for k in COMPONENTS)), 4)


def build_evidence(
    req: Requirements,
    probe_texts: Sequence[str],
    doc: CandidateDoc,
    best: Sequence[tuple[int, float]],
) -> list[Evidence]:
    """Which requirement was met by which resume sentence (skills, years, requirement lines)."""
    have = set(doc.skills)
    evidence = [
        Evidence(skill, skill in have, doc.skill_lines.get(skill), kind)
        for kind, skills in (("must", req.must_have), ("nice", req.nice_to_have))
        for skill in skills
    ]
    if req.min_years:
        met = doc.years is not None and doc.years >= req.min_years
        source = (
            f"{doc.years:g} years in dated experience entries" if doc.years is not None else None
        )
        evidence.append(Evidence(f"{req.min_years:g}+ years of experience", met, source, "years"))
    for text, (index, cosine) in zip(probe_texts, best, strict=False):
        source = doc.chunks[index] if doc.chunks else None
        evidence.append(Evidence(text, cosine >= SEMANTIC_MATCH, source, "semantic"))
    return evidence


def breakdown_of(
    req: Requirements, semantic: float, doc: CandidateDoc, lexical: float
) -> dict[str, float]:
    """The four components, rounded for stable storage and display."""
    return {
        "semantic": round(semantic, 4),
        "skills": round(skills_component(req, doc.skills), 4),
        "experience": round(experience_component(req, doc.years), 4),
        "lexical": round(float(np.clip(lexical, 0.0, 1.0)), 4),
    }


def score_candidate(
    req: Requirements,
    probes: np.ndarray,
    probe_texts: Sequence[str],
    doc: CandidateDoc,
    lexical: float,
    weights: Weights,
) -> ScoreResult:
    """Score one candidate and collect the evidence behind each component."""
    semantic, best = semantic_component(probes, doc.vectors)
    breakdown = breakdown_of(req, semantic, doc, lexical)
    return ScoreResult(
        key=doc.key,
        score=combine(breakdown, weights),
        breakdown=breakdown,
        evidence=build_evidence(req, probe_texts, doc, best),
        missing_must=[s for s in req.must_have if s not in set(doc.skills)],
    )
