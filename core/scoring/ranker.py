"""Rank candidate documents for a job: every component, every requirement's status, evidence.

One code path serves the Ranking page, search, explanations, review and the command line. The
job is encoded once (``probe``); the pool is scored at once (``pool``); evidence rows are made for
the top candidates only, from the same rules one candidate at a time.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from core.embeddings import Encoder
from core.scoring.atomic import Requirement
from core.scoring.judge import Judgement, degree_line
from core.scoring.lexical import LexicalVocabulary, lexical_scores
from core.scoring.model import COMPONENTS, CandidateDoc, Evidence, ScoreResult, Weights
from core.scoring.pool import (
    PoolVectors,
    TitleFit,
    chunk_maxima,
    judge_all,
    pool_similarities,
    requirements_values,
    role_values,
    status_values,
)
from core.scoring.probe import JobProbe, job_probe, probe_texts
from core.scoring.requirements import Requirements
from core.skills.taxonomy import get_taxonomy

__all__ = ["chunk_maxima", "job_probe", "probe_texts", "rank", "skill_line", "stack"]
_TITLES: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_TITLES_LOCK = threading.Lock()
_TITLES_SIZE = 200_000


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


def best_line(chunk: str, phrase: str) -> str:
    """The line of a chunk sharing the most words with ``phrase`` (the chunk's first line else)."""
    words = set(re.findall(r"\w{3,}", phrase.lower()))
    lines = [line.strip() for line in chunk.splitlines() if line.strip()] or [chunk]
    return max(lines, key=lambda line: len(words & set(re.findall(r"\w{3,}", line.lower()))))[:300]


def encode_titles(encoder: Encoder, titles: Sequence[str]) -> dict[str, np.ndarray]:
    """Title vectors, cached per model (titles repeat across candidates and rankings)."""
    model = encoder.model_version
    with _TITLES_LOCK:
        missing = [t for t in dict.fromkeys(titles) if (model, t) not in _TITLES]
    if missing:
        vectors = encoder.encode(missing)
        with _TITLES_LOCK:
            for title, vector in zip(missing, vectors, strict=True):
                _TITLES[(model, title)] = vector
            while len(_TITLES) > _TITLES_SIZE:
                _TITLES.popitem(last=False)
    with _TITLES_LOCK:
        return {t: _TITLES[(model, t)] for t in titles if (model, t) in _TITLES}


def skills_values(req: Requirements, docs: Sequence[CandidateDoc]) -> np.ndarray:
    """Share of the skills the description names that each candidate has."""
    wanted = set(req.skills or [*req.must_have, *req.nice_to_have])
    if not wanted:
        return np.ones(len(docs))
    return np.array([len(wanted.intersection(d.skills)) / len(wanted) for d in docs])


def _required(
    required: Sequence[str], docs: Sequence[CandidateDoc], encoder: Encoder
) -> list[CandidateDoc]:
    """The documents meeting every required skill, with the requirements' own matching."""
    items = [Requirement(text=s, kind="skill", options=[s]) for s in required]
    probe = job_probe(Requirements(items=items, must_have=list(required)), "", encoder)
    values, _, _ = status_values(probe, docs, chunk_maxima(probe.probes, docs), TitleFit({}, {}))
    return [doc for j, doc in enumerate(docs) if bool((values[:, j] == 1.0).all())]


def components(
    req: Requirements,
    description: str,
    probe: JobProbe,
    docs: Sequence[CandidateDoc],
    fit: TitleFit,
    vocabulary: LexicalVocabulary | None,
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Every component for every document (rounded), the requirement values, and the maxima."""
    pool = PoolVectors.of(docs)
    maxima = chunk_maxima(probe.probes, docs, pool)
    values, experience, education = status_values(probe, docs, maxima, fit)
    semantic, summary = pool_similarities(probe, docs, maxima, pool)
    lexical = np.clip(lexical_scores(description, [d.text for d in docs], vocabulary), 0, 1)
    columns = {
        "requirements": requirements_values(probe, values),
        "skills": skills_values(req, docs),
        "role": role_values(docs, fit),
        "experience": experience,
        "education": education,
        "lexical": lexical,
        "semantic": semantic,
        "summary": summary,
    }
    return {k: np.round(np.asarray(v, dtype=float), 4) for k, v in columns.items()}, values, maxima


def evidence_for(
    probe: JobProbe, doc: CandidateDoc, judged: Sequence[Judgement], probes: np.ndarray
) -> list[Evidence]:
    """One row per requirement with its status and the resume line behind it."""
    best_chunk = (
        (probes @ doc.vectors.T).argmax(axis=1)
        if probes.size and len(doc.vectors)
        else np.zeros(len(probes), dtype=int)
    )
    rows = []
    for index, (item, judgement) in enumerate(zip(probe.items, judged, strict=True)):
        source: str | None = None
        row = probe.rows.get(index)
        if judgement.via in ("skills", "text") and judgement.detail:
            source = judgement.detail
        elif judgement.via in ("skills", "text") and judgement.option:
            source = skill_line(doc.text, judgement.option) or (
                f"{judgement.option} (listed in the profile's skills)"
            )
        elif judgement.via == "degree" and judgement.status == "met" and doc.degree_level:
            source = degree_line(doc.text, doc.degree_level)
        elif judgement.via == "meaning" and row is not None and doc.chunks:
            source = best_line(doc.chunks[int(best_chunk[row])], item.text)
        elif judgement.detail:
            source = judgement.detail
        rows.append(
            Evidence(
                requirement=item.text,
                matched=judgement.status == "met",
                source=source,
                kind=item.kind,
                status=judgement.status,
                level=item.level,
                via=judgement.via,
            )
        )
    return rows


def rank(
    req: Requirements,
    description: str,
    docs: Sequence[CandidateDoc],
    encoder: Encoder,
    weights: Weights,
    *,
    evidence_for_top: int | None = None,
    vocabulary: LexicalVocabulary | None = None,
    required: Sequence[str] = (),
) -> list[ScoreResult]:
    """Every document scored, best first (ties broken by key, so the order is deterministic).

    ``evidence_for_top`` limits the evidence rows to the top N; scores are unaffected.
    ``vocabulary`` is a legacy scoring version's frozen TF-IDF vocabulary, if it has one.
    ``required`` skills filter the pool with the same matching the requirements use.
    """
    if required and docs:
        docs = _required(required, docs, encoder)
    if not docs:
        return []
    probe = job_probe(req, description, encoder)
    fit = TitleFit.of(probe, encode_titles(encoder, [t for d in docs for t, _ in d.roles]))
    columns, values, maxima = components(req, description, probe, docs, fit, vocabulary)
    share = weights.normalised()
    scores = np.round(sum(share[c] * columns[c] for c in COMPONENTS), 4)
    rows = {c: columns[c].tolist() for c in COMPONENTS}
    must = [i for i, item in enumerate(probe.items) if item.level == "must"]
    unmet = values[must] == 0 if must else np.zeros((0, len(docs)), dtype=bool)
    results = [
        ScoreResult(
            key=doc.key,
            score=float(scores[j]),
            breakdown={c: rows[c][j] for c in COMPONENTS},
            missing_must=[probe.items[must[k]].text for k in np.flatnonzero(unmet[:, j])],
        )
        for j, doc in enumerate(docs)
    ]
    order = {d.key: j for j, d in enumerate(docs)}
    results.sort(key=lambda r: (-r.score, r.key))
    for result in results if evidence_for_top is None else results[:evidence_for_top]:
        j = order[result.key]
        judged = judge_all(probe, docs[j], maxima[:, j], fit)
        result.evidence = evidence_for(probe, docs[j], judged, probe.probes)
    return results


def stack(vectors: Sequence[bytes], dimension: int) -> np.ndarray:
    """Stored float32 vectors as one matrix."""
    if not vectors:
        return np.zeros((0, dimension), dtype=np.float32)
    return np.frombuffer(b"".join(vectors), dtype=np.float32).reshape(len(vectors), dimension)
