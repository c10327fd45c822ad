"""Rank candidate documents for a job: every component, every requirement's status, evidence.

One code path serves the Ranking page, search, explanations, review and the command line. The
maths is vectorised over the pool (one matrix product for the requirement probes against every
chunk); the per-requirement loop is plain Python over a few dozen items per candidate.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from core.embeddings import Encoder
from core.scoring.atomic import Requirement
from core.scoring.judge import Career, Judgement, judge, requirements_component
from core.scoring.lexical import LexicalVocabulary, lexical_scores
from core.scoring.model import (
    SEMANTIC_CEILING,
    SEMANTIC_FLOOR,
    CandidateDoc,
    Evidence,
    ScoreResult,
    Weights,
    combine,
    scaled,
)
from core.scoring.requirements import Requirements
from core.skills.taxonomy import get_taxonomy

ROLE_FLOOR, ROLE_CEILING = 0.2, 0.8
SUMMARY_FLOOR, SUMMARY_CEILING = 0.1, 0.7
MEANING_KINDS = ("skill", "certification", "sentence")
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


def chunk_maxima(probes: np.ndarray, docs: Sequence[CandidateDoc]) -> np.ndarray:
    """probes x documents: each probe's best chunk similarity per document (0 without chunks)."""
    sizes = np.array([len(d.vectors) for d in docs])
    out = np.zeros((len(probes), len(docs)))
    present = np.flatnonzero(sizes)
    if probes.size == 0 or present.size == 0:
        return out
    similarities = probes @ np.concatenate([docs[int(i)].vectors for i in present]).T
    starts = np.concatenate([[0], np.cumsum(sizes[present])[:-1]])
    out[:, present] = np.maximum.reduceat(similarities, starts, axis=1)
    return out


@dataclass(frozen=True)
class JobProbe:
    """What every candidate is compared with: the atomic requirements and their vectors."""

    items: list[Requirement]
    probes: np.ndarray  # one row per item whose kind is in MEANING_KINDS
    rows: dict[int, int]  # item index -> probe row
    title: np.ndarray | None
    description: np.ndarray
    field_vectors: dict[int, np.ndarray]  # years item index -> vector of its field


def job_items(req: Requirements, description: str) -> list[Requirement]:
    """The job's atomic requirements; without any, its first sentences."""
    items = req.atomic()
    if not items:
        lines = [line.strip() for line in description.splitlines() if len(line.split()) >= 3]
        items = [Requirement(text=line[:300], kind="sentence", line=line) for line in lines[:10]]
    return items


def probe_texts(req: Requirements, description: str) -> list[str]:
    """The texts a resume's chunks are compared with (requirements judged by meaning)."""
    return [i.text for i in job_items(req, description) if i.kind in MEANING_KINDS]


def job_probe(req: Requirements, description: str, encoder: Encoder) -> JobProbe:
    """Encode the job's requirements, title and the fields its years are asked in."""
    items = job_items(req, description)
    rows = {i: n for n, i in enumerate(i for i, it in enumerate(items) if it.kind in MEANING_KINDS)}
    texts = [items[i].text for i in rows]
    fields = {i: it.field for i, it in enumerate(items) if it.kind == "years" and it.field}
    title = req.title or description[:200]
    encoded = encoder.encode([*texts, *fields.values(), title, description or title])
    probes = encoded[: len(texts)]
    field_vectors = dict(zip(fields, encoded[len(texts) : -2], strict=True))
    return JobProbe(items, probes, rows, encoded[-2], encoded[-1], field_vectors)


def _career(
    doc: CandidateDoc, probe: JobProbe, titles: dict[str, np.ndarray], item: int | None
) -> Career:
    target = probe.field_vectors.get(item) if item is not None else None
    roles = []
    for title, years in doc.roles:
        vector = titles.get(title)
        similarity = 0.0
        if vector is not None and probe.title is not None:
            similarity = float(vector @ probe.title)
            if target is not None:
                similarity = max(similarity, float(vector @ target))
        roles.append((title, years, similarity))
    return Career(doc.years, roles, doc.degree_level)


def judge_all(
    probe: JobProbe, doc: CandidateDoc, maxima: np.ndarray, titles: dict[str, np.ndarray]
) -> list[Judgement]:
    """Every requirement's status for one candidate (``maxima``: that document's column)."""
    skills = set(doc.skills)
    out = []
    for index, item in enumerate(probe.items):
        row = probe.rows.get(index)
        out.append(
            judge(
                item,
                skills=skills,
                text=doc.text,
                similarity=float(maxima[row]) if row is not None else 0.0,
                career=_career(doc, probe, titles, index if item.kind == "years" else None),
            )
        )
    return out


def role_fit(doc: CandidateDoc, probe: JobProbe, titles: dict[str, np.ndarray]) -> float:
    """The most similar of the candidate's titles to the job title, mapped to [0, 1]."""
    if probe.title is None:
        return 0.0
    similarities = [float(titles[t] @ probe.title) for t, _ in doc.roles if t in titles]
    return scaled(max(similarities), ROLE_FLOOR, ROLE_CEILING) if similarities else 0.0


def summary_fit(probe: JobProbe, doc: CandidateDoc) -> float:
    """The job description against the resume as a whole (the centroid of its chunks)."""
    if not len(doc.vectors):
        return 0.0
    centroid = doc.vectors.mean(axis=0)
    norm = float(np.linalg.norm(centroid))
    if not norm:
        return 0.0
    return scaled(float(centroid @ probe.description) / norm, SUMMARY_FLOOR, SUMMARY_CEILING)


def experience_component(probe: JobProbe, judged: Sequence[Judgement], career: Career) -> float:
    """Years in matching roles against the must-have years (1 when none are asked)."""
    asked = [(i, j) for i, j in zip(probe.items, judged, strict=True) if i.kind == "years"]
    must = [(i, j) for i, j in asked if i.level == "must"] or asked
    if not must:
        return 1.0
    item, judgement = must[0]
    if judgement.status == "met":
        return 1.0
    relevant = sum(y for _, y, s in career.roles if y and s >= 0.5)
    if not career.roles or all(y is None for _, y, _ in career.roles):
        return 0.5 if judgement.status == "unsure" else 0.25
    return float(min(1.0, relevant / (item.years or 1.0)))


def education_component(probe: JobProbe, judged: Sequence[Judgement]) -> float:
    """1 when the degree asked is held (or none is asked), 0.5 unsure, 0 otherwise."""
    values = {"met": 1.0, "unsure": 0.5, "not_met": 0.0}
    asked = [j for i, j in zip(probe.items, judged, strict=True) if i.kind == "degree"]
    return values[asked[0].status] if asked else 1.0


def skills_component(req: Requirements, skills: Sequence[str]) -> float:
    """Share of the skills the description names that the candidate has."""
    wanted = req.skills or [*req.must_have, *req.nice_to_have]
    if not wanted:
        return 1.0
    have = set(skills)
    return sum(s in have for s in wanted) / len(wanted)


def breakdown_for(
    req: Requirements,
    probe: JobProbe,
    doc: CandidateDoc,
    maxima: np.ndarray,
    titles: dict[str, np.ndarray],
    lexical: float,
) -> tuple[dict[str, float], list[Judgement]]:
    """Every component of one candidate, and the requirement statuses behind the first."""
    judged = judge_all(probe, doc, maxima, titles)
    career = _career(doc, probe, titles, None)
    semantic = float(maxima.mean()) if maxima.size and len(doc.vectors) else 0.0
    breakdown = {
        "requirements": requirements_component(probe.items, judged),
        "skills": skills_component(req, doc.skills),
        "role": role_fit(doc, probe, titles),
        "experience": experience_component(probe, judged, career),
        "education": education_component(probe, judged),
        "lexical": float(np.clip(lexical, 0.0, 1.0)),
        "semantic": scaled(semantic, SEMANTIC_FLOOR, SEMANTIC_CEILING),
        "summary": summary_fit(probe, doc),
    }
    return {k: round(v, 4) for k, v in breakdown.items()}, judged


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


def missing_must(probe: JobProbe, judged: Sequence[Judgement]) -> list[str]:
    """Must-have requirements not met."""
    return [
        i.text
        for i, j in zip(probe.items, judged, strict=True)
        if i.level == "must" and j.status == "not_met"
    ]


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
    if not docs:
        return []
    probe = job_probe(req, description, encoder)
    if required:
        filter_items = [Requirement(text=s, kind="skill", options=[s]) for s in required]
        filtering = job_probe(
            Requirements(items=filter_items, must_have=list(required)), "", encoder
        )
        fmax = chunk_maxima(filtering.probes, docs)
        kept = [
            j
            for j, doc in enumerate(docs)
            if all(x.status == "met" for x in judge_all(filtering, doc, fmax[:, j], {}))
        ]
        docs = [docs[j] for j in kept]
        if not docs:
            return []
    titles = encode_titles(encoder, [t for d in docs for t, _ in d.roles])
    maxima = chunk_maxima(probe.probes, docs)
    lexical = lexical_scores(description, [d.text for d in docs], vocabulary)
    results = []
    judged_by_key: dict[str, list[Judgement]] = {}
    for j, doc in enumerate(docs):
        breakdown, judged = breakdown_for(req, probe, doc, maxima[:, j], titles, float(lexical[j]))
        judged_by_key[doc.key] = judged
        results.append(
            ScoreResult(
                key=doc.key,
                score=combine(breakdown, weights),
                breakdown=breakdown,
                missing_must=missing_must(probe, judged),
            )
        )
    results.sort(key=lambda r: (-r.score, r.key))
    by_key = {d.key: d for d in docs}
    top = results if evidence_for_top is None else results[:evidence_for_top]
    for result in top:
        doc = by_key[result.key]
        result.evidence = evidence_for(probe, doc, judged_by_key[result.key], probe.probes)
    return results


def stack(vectors: Sequence[bytes], dimension: int) -> np.ndarray:
    """Stored float32 vectors as one matrix."""
    if not vectors:
        return np.zeros((0, dimension), dtype=np.float32)
    return np.frombuffer(b"".join(vectors), dtype=np.float32).reshape(len(vectors), dimension)
