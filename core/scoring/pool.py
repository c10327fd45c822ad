"""The pool side of a ranking, vectorised: similarities, requirement statuses and components for
every candidate at once. ``judge`` (one candidate, one requirement) states the rules;
``status_values`` applies the same rules to the whole pool (a test holds them equal).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix

from core.scoring.atomic import DEGREE_LEVELS, primary_years
from core.scoring.judge import (
    LEVEL_WEIGHT,
    ROLE_RELEVANT,
    VALUE,
    Career,
    Judgement,
    has_shallow_words,
    judge,
    thresholds,
)
from core.scoring.model import SEMANTIC_CEILING, SEMANTIC_FLOOR, CandidateDoc
from core.scoring.probe import JobProbe

ROLE_FLOOR, ROLE_CEILING = 0.2, 0.8
SUMMARY_FLOOR, SUMMARY_CEILING = 0.1, 0.7


@dataclass(frozen=True)
class PoolVectors:
    """Every document's chunk vectors in one matrix (documents without chunks left out), and
    the sparse matrix that sums each document's rows."""

    present: np.ndarray  # indexes of the documents that have chunks
    starts: np.ndarray  # each present document's first row
    matrix: np.ndarray
    owner: csr_matrix  # present documents x rows, 1 where the row is the document's

    @classmethod
    def of(cls, docs: Sequence[CandidateDoc]) -> PoolVectors:
        sizes = np.array([len(d.vectors) for d in docs], dtype=int)
        present = np.flatnonzero(sizes)
        if present.size == 0:
            empty = np.zeros((0, 0), dtype=np.float32)
            return cls(present, present, empty, csr_matrix((0, 0), dtype=np.float32))
        starts = np.concatenate([[0], np.cumsum(sizes[present])[:-1]])
        matrix = np.concatenate([docs[int(i)].vectors for i in present])
        rows = np.repeat(np.arange(present.size), sizes[present])
        owner = csr_matrix(
            (np.ones(len(matrix), dtype=np.float32), (rows, np.arange(len(matrix)))),
            shape=(present.size, len(matrix)),
        )
        return cls(present, starts, matrix, owner)


def chunk_maxima(
    probes: np.ndarray, docs: Sequence[CandidateDoc], pool: PoolVectors | None = None
) -> np.ndarray:
    """probes x documents: each probe's best chunk similarity per document (0 without chunks)."""
    pool = pool or PoolVectors.of(docs)
    out = np.zeros((len(probes), len(docs)))
    if probes.size == 0 or pool.present.size == 0:
        return out
    similarities = probes @ pool.matrix.T
    out[:, pool.present] = np.maximum.reduceat(similarities, pool.starts, axis=1)
    return out


@dataclass(frozen=True)
class TitleFit:
    """Each distinct title's similarity to the job title, and (per years requirement that names
    a field) to that field or the job title, whichever is higher."""

    to_job: dict[str, float]
    to_field: dict[int, dict[str, float]]

    @classmethod
    def of(cls, probe: JobProbe, titles: dict[str, np.ndarray]) -> TitleFit:
        names = list(titles)
        if not names or probe.title is None:
            return cls({}, {})
        matrix = np.stack([titles[t] for t in names])
        to_job = matrix @ probe.title
        to_field = {
            i: dict(zip(names, np.maximum(to_job, matrix @ v).tolist(), strict=True))
            for i, v in probe.field_vectors.items()
        }
        return cls(dict(zip(names, to_job.tolist(), strict=True)), to_field)


def career_of(doc: CandidateDoc, fit: TitleFit, item: int | None = None) -> Career:
    """The candidate's roles with their similarity to the job (or to a years item's field)."""
    similarity = fit.to_field.get(item, fit.to_job) if item is not None else fit.to_job
    roles = [(title, years, similarity.get(title, 0.0)) for title, years in doc.roles]
    return Career(doc.years, roles, doc.degree_level)


def judge_all(
    probe: JobProbe, doc: CandidateDoc, maxima: np.ndarray, fit: TitleFit
) -> list[Judgement]:
    """Every requirement's status for one candidate (``maxima``: that document's column)."""
    skills = set(doc.skills)
    career = career_of(doc, fit)
    out = []
    for index, item in enumerate(probe.items):
        row = probe.rows.get(index)
        years_career = career_of(doc, fit, index) if index in probe.field_vectors else career
        out.append(
            judge(
                item,
                skills=skills,
                text=doc.text,
                similarity=float(maxima[row]) if row is not None else 0.0,
                career=years_career,
            )
        )
    return out


def _scaled(values: np.ndarray, floor: float, ceiling: float) -> np.ndarray:
    return np.clip((values - floor) / (ceiling - floor), 0.0, 1.0)


def pool_similarities(
    probe: JobProbe, docs: Sequence[CandidateDoc], maxima: np.ndarray, pool: PoolVectors
) -> tuple[np.ndarray, np.ndarray]:
    """Per document: the semantic component (mean best-chunk similarity over the requirements)
    and the summary component (the description against the centroid of its chunks)."""
    semantic = np.zeros(len(docs))
    summary = np.zeros(len(docs))
    present = pool.present
    if present.size == 0:
        return semantic, summary
    if maxima.size:
        semantic[present] = maxima[:, present].mean(axis=0)
    centroids = np.asarray(pool.owner @ pool.matrix)
    norms = np.linalg.norm(centroids, axis=1)
    cosine = np.divide(
        centroids @ probe.description, norms, where=norms > 0, out=np.zeros(len(norms))
    )
    summary[present] = _scaled(cosine, SUMMARY_FLOOR, SUMMARY_CEILING)
    return _scaled(semantic, SEMANTIC_FLOOR, SEMANTIC_CEILING), summary


@dataclass(frozen=True)
class YearsFacts:
    """Per document, for one years requirement: years in matching roles, whether any role is
    dated, and the total years."""

    relevant: np.ndarray
    dated: np.ndarray
    total: np.ndarray  # nan when unknown


def years_facts(docs: Sequence[CandidateDoc], fit: TitleFit, index: int) -> YearsFacts:
    """The numbers ``judge_years`` reads, for the whole pool."""
    similarity = fit.to_field.get(index, fit.to_job)
    relevant = np.zeros(len(docs))
    dated = np.zeros(len(docs), dtype=bool)
    total = np.full(len(docs), np.nan)
    for j, doc in enumerate(docs):
        years_sum = 0.0
        for title, years in doc.roles:
            if years is None:
                continue
            dated[j] = True
            years_sum += years
            if years and similarity.get(title, 0.0) >= ROLE_RELEVANT:
                relevant[j] += years
        relevant[j] = round(relevant[j], 1)
        total[j] = (
            doc.years if doc.years is not None else (round(years_sum, 1) if dated[j] else np.nan)
        )
    return YearsFacts(relevant, dated, total)


def years_values(wanted: float, facts: YearsFacts, docs: Sequence[CandidateDoc]) -> np.ndarray:
    """``judge_years`` for the whole pool: met 1, unsure 0.5, not met 0."""
    stated = np.array([np.nan if d.years is None else d.years for d in docs])
    undated = np.where(
        np.isnan(stated), VALUE["unsure"], np.where(stated >= wanted, VALUE["unsure"], 0.0)
    )
    return np.where(facts.dated, np.where(facts.relevant >= wanted, 1.0, 0.0), undated)


def experience_values(wanted: float, values: np.ndarray, facts: YearsFacts) -> np.ndarray:
    """Years in matching roles against the years asked: 1 when met; without dated roles 0.5 if
    unsure, else 0.25; otherwise the share of the years asked."""
    share = np.minimum(1.0, facts.relevant / (wanted or 1.0))
    undated = np.where(values == VALUE["unsure"], 0.5, 0.25)
    return np.where(values == 1.0, 1.0, np.where(facts.dated, share, undated))


def degree_values(
    wanted: str | None, alternative: bool, docs: Sequence[CandidateDoc]
) -> np.ndarray:
    """``judge_degree`` for the whole pool."""
    level = DEGREE_LEVELS.get(wanted or "", 2)
    held = np.array([-1 if d.degree_level is None else d.degree_level for d in docs])
    below = VALUE["unsure"] if alternative else 0.0
    return np.where(held < 0, VALUE["unsure"], np.where(held >= level, 1.0, below))


def status_values(
    probe: JobProbe, docs: Sequence[CandidateDoc], maxima: np.ndarray, fit: TitleFit
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """items x documents: each requirement's value (met 1, unsure 0.5, not met 0) with the
    rules of ``judge``; and per document the experience and education components."""
    n = len(docs)
    values = np.zeros((len(probe.items), n))
    experience = np.ones(n)
    education = np.ones(n)
    skill_sets = [set(d.skills) for d in docs]
    shallow = np.array([has_shallow_words(d.text) for d in docs], dtype=bool)
    limits = thresholds()
    degree_done = False
    years = [i for i, it in enumerate(probe.items) if it.kind == "years"]
    primary = primary_years(probe.items)  # the one the experience component reads
    first_years = primary if primary is not None else (years or [-1])[0]
    for index, item in enumerate(probe.items):
        row = probe.rows.get(index)
        sims = maxima[row] if row is not None else np.zeros(n)
        by_meaning = np.where(
            sims >= limits["meaning_met"], 1.0, np.where(sims >= limits["meaning_unsure"], 0.5, 0)
        )
        if item.kind == "sentence":
            values[index] = by_meaning
        elif item.kind == "skill":
            options = set(item.options)
            has = np.array([not s.isdisjoint(options) for s in skill_sets], dtype=bool)
            values[index] = np.where(has, 1.0, by_meaning)
            for k in np.flatnonzero(has & shallow).tolist():
                verdict = judge(
                    item,
                    skills=skill_sets[k],
                    text=docs[k].text,
                    similarity=float(sims[k]),
                    career=career_of(docs[k], fit),
                )
                values[index, k] = VALUE[verdict.status]
        elif item.kind == "years":
            facts = years_facts(docs, fit, index)
            values[index] = years_values(item.years or 0.0, facts, docs)
            if item.options:  # years in a skill
                has = np.array([not s.isdisjoint(item.options) for s in skill_sets], dtype=bool)
                long_enough = np.nan_to_num(facts.total, nan=-1.0) >= (item.years or 0.0)
                maybe = (values[index] == 0.0) & facts.dated & long_enough
                held = np.where(maybe, VALUE["unsure"], values[index])
                values[index] = np.where(has, held, np.where(values[index] == 1.0, 1.0, 0.0))
            if index == first_years:
                experience = experience_values(item.years or 0.0, values[index], facts)
        elif item.kind == "degree":
            values[index] = degree_values(item.degree, item.alternative, docs)
            if not degree_done:
                education = values[index].copy()
                degree_done = True
        else:  # certifications: read the resume's lines, one candidate at a time (cached)
            for j, doc in enumerate(docs):
                verdict = judge(
                    item,
                    skills=skill_sets[j],
                    text=doc.text,
                    similarity=float(sims[j]),
                    career=Career(doc.years, [], doc.degree_level),
                )
                values[index, j] = VALUE[verdict.status]
    return values, experience, education


def requirements_values(probe: JobProbe, values: np.ndarray) -> np.ndarray:
    """The requirements component: met 1, unsure 0.5, not met 0, must-haves counting twice."""
    level = np.array([LEVEL_WEIGHT[i.level] for i in probe.items])
    if not level.size:
        return np.ones(values.shape[1])
    return (level @ values) / level.sum()


def role_values(docs: Sequence[CandidateDoc], fit: TitleFit) -> np.ndarray:
    """The most similar of each candidate's titles to the job title, mapped to [0, 1]."""
    best = np.array(
        [max((fit.to_job.get(t, -1.0) for t, _ in d.roles), default=-1.0) for d in docs]
    )
    return np.where(best > -1.0, _scaled(best, ROLE_FLOOR, ROLE_CEILING), 0.0)
