"""Rank candidate documents for a job: probes, lexical baseline, component scores, evidence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np

from core.embeddings import Encoder
from core.scoring.lexical import lexical_scores
from core.scoring.model import CandidateDoc, ScoreResult, Weights, score_candidate
from core.scoring.requirements import Requirements
from core.skills.taxonomy import get_taxonomy


@lru_cache(maxsize=1)
def _forms_by_skill() -> dict[str, list[str]]:
    forms: dict[str, list[str]] = {}
    for form, skill in get_taxonomy().forms.items():
        forms.setdefault(skill, []).append(form)
    return forms


def skill_line(text: str, skill: str) -> str | None:
    """The first resume line that names ``skill`` (or one of its aliases)."""
    for form in sorted(_forms_by_skill().get(skill, [skill]), key=len, reverse=True):
        pattern = re.compile(rf"(?<![\w+#.]){re.escape(form)}(?![\w+#])", re.IGNORECASE)
        for line in text.splitlines():
            if pattern.search(line):
                return line.strip()[:300]
    return None


def probe_texts(req: Requirements, description: str) -> list[str]:
    """The sentences a resume is compared with: requirement lines, else the description's start."""
    if req.lines:
        return [line for line in req.lines if len(line.split()) >= 2][:20] or req.lines[:20]
    lines = [line.strip() for line in description.splitlines() if len(line.split()) >= 3]
    return lines[:10] or [req.title or description[:200]]


def rank(
    req: Requirements,
    description: str,
    docs: Sequence[CandidateDoc],
    encoder: Encoder,
    weights: Weights,
    *,
    evidence_for: int | None = None,
) -> list[ScoreResult]:
    """Every document scored, best first (ties broken by key, so the order is deterministic).

    ``evidence_for`` limits the (slower) sentence evidence to the top N; scores are unaffected.
    """
    if not docs:
        return []
    texts = probe_texts(req, description)
    probes = encoder.encode(texts)
    lexical = lexical_scores(description, [d.text for d in docs])
    job_skills = [*req.must_have, *req.nice_to_have]
    results = [
        score_candidate(req, probes, texts, doc, float(lex), weights)
        for doc, lex in zip(docs, lexical, strict=True)
    ]
    order = sorted(range(len(results)), key=lambda i: (-results[i].score, results[i].key))
    ranked = [results[i] for i in order]
    limit = len(ranked) if evidence_for is None else evidence_for
    by_key = {d.key: d for d in docs}
    for position, result in enumerate(ranked[:limit]):
        doc = by_key[result.key]
        lines = {s: line for s in job_skills if (line := skill_line(doc.text, s))}
        enriched = replace(doc, skill_lines=lines)
        ranked[position] = score_candidate(
            req, probes, texts, enriched, result.breakdown["lexical"], weights
        )
    return ranked


def stack(vectors: Sequence[bytes], dimension: int) -> np.ndarray:
    """Stored float32 vectors as one matrix."""
    if not vectors:
        return np.zeros((0, dimension), dtype=np.float32)
    return np.frombuffer(b"".join(vectors), dtype=np.float32).reshape(len(vectors), dimension)
