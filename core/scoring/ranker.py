"""Rank candidate documents for a job: probes, lexical baseline, component scores, evidence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np

from core.embeddings import Encoder
from core.scoring.lexical import LexicalVocabulary, lexical_scores
from core.scoring.model import (
    SEMANTIC_CEILING,
    SEMANTIC_FLOOR,
    CandidateDoc,
    ScoreResult,
    Weights,
    breakdown_of,
    build_evidence,
    combine,
    semantic_component,
)
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


def batch_semantic(probes: np.ndarray, docs: Sequence[CandidateDoc]) -> np.ndarray:
    """The semantic component of every document with one matrix product (same maths as
    ``semantic_component``: mean over probes of the best chunk's cosine, mapped to [0, 1])."""
    sizes = np.array([len(d.vectors) for d in docs])
    out = np.zeros(len(docs))
    present = np.flatnonzero(sizes)
    if probes.size == 0 or present.size == 0:
        return out
    similarities = probes @ np.concatenate([docs[int(i)].vectors for i in present]).T
    starts = np.concatenate([[0], np.cumsum(sizes[present])[:-1]])
    maxima = np.maximum.reduceat(similarities, starts, axis=1)  # probes x documents
    scaled = (maxima.mean(axis=0) - SEMANTIC_FLOOR) / (SEMANTIC_CEILING - SEMANTIC_FLOOR)
    out[present] = np.clip(scaled, 0.0, 1.0)
    return out


def rank(
    req: Requirements,
    description: str,
    docs: Sequence[CandidateDoc],
    encoder: Encoder,
    weights: Weights,
    *,
    evidence_for: int | None = None,
    vocabulary: LexicalVocabulary | None = None,
) -> list[ScoreResult]:
    """Every document scored, best first (ties broken by key, so the order is deterministic).

    ``evidence_for`` limits the (slower) sentence evidence to the top N; scores are unaffected.
    ``vocabulary`` is the scoring version's frozen TF-IDF vocabulary, if it has one.
    """
    if not docs:
        return []
    texts = probe_texts(req, description)
    probes = encoder.encode(texts)
    lexical = lexical_scores(description, [d.text for d in docs], vocabulary)
    semantic = batch_semantic(probes, docs)
    results = []
    for doc, sem, lex in zip(docs, semantic, lexical, strict=True):
        breakdown = breakdown_of(req, float(sem), doc, float(lex))
        have = set(doc.skills)
        results.append(
            ScoreResult(
                key=doc.key,
                score=combine(breakdown, weights),
                breakdown=breakdown,
                evidence=[],
                missing_must=[s for s in req.must_have if s not in have],
            )
        )
    results.sort(key=lambda r: (-r.score, r.key))
    by_key = {d.key: d for d in docs}
    job_skills = [*req.must_have, *req.nice_to_have]
    for result in results[: len(results) if evidence_for is None else evidence_for]:
        doc = by_key[result.key]
        lines = {s: line for s in job_skills if (line := skill_line(doc.text, s))}
        _, best = semantic_component(probes, doc.vectors)
        result.evidence = build_evidence(req, texts, replace(doc, skill_lines=lines), best)
    return results


def stack(vectors: Sequence[bytes], dimension: int) -> np.ndarray:
    """Stored float32 vectors as one matrix."""
    if not vectors:
        return np.zeros((0, dimension), dtype=np.float32)
    return np.frombuffer(b"".join(vectors), dtype=np.float32).reshape(len(vectors), dimension)
