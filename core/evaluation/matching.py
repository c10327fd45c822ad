"""``python -m core eval``: TalentFlow's ranking against baselines on public data, with an
ablation of its components.

Every method ranks the same pool for the same queries in one run: TF-IDF, BM25 and whole-resume
MiniLM cosine (``matching_baselines``), TalentFlow's ``rank_job``, each score component alone
(``only_<c>``) and the score without each component (``without_<c>``). Sets and their gains are
in ``matching_sets``; the train splits are for fitting, the validation splits for reporting.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from core.context import AppContext
from core.evaluation.matching_baselines import BASELINES, Bm25Pool, minilm_scores, tfidf_scores
from core.evaluation.matching_sets import LOADERS, NEEDS_SHARED, EvalSet, Split
from core.evaluation.matching_workspace import ACTOR, DEFAULT_CACHE, documents, workspace
from core.evaluation.metrics import bootstrap_interval, ndcg_at, pairwise_accuracy, precision_at
from core.scoring import model as scoring_model
from core.services.jobs import create_job, get_job
from core.services.ranking import rank_job

if TYPE_CHECKING:
    from core.registry.loading import ScoringModel

K = 10
STUFFED, STUFFED_JOB = "victor-hale", "backend-engineer"


def _order(ids: list[int], scores: list[float]) -> list[int]:
    """Best first, ties broken by candidate id."""
    return [ids[j] for j in sorted(range(len(ids)), key=lambda j: (-scores[j], ids[j]))]


def _ablation(breakdowns: list[dict[str, float]], weights: Any) -> dict[str, list[float]]:
    scores: dict[str, list[float]] = {}
    for c in scoring_model.COMPONENTS:
        scores[f"only_{c}"] = [b.get(c, 0.0) for b in breakdowns]
        without = weights.model_copy(update={c: 0.0})
        scores[f"without_{c}"] = [scoring_model.combine(b, without) for b in breakdowns]
    return scores


def _talentflow(
    ctx: AppContext, description: str, ids: list[int], model: ScoringModel | None
) -> tuple[list[int], dict[str, list[float]], list[dict[str, float]]]:
    """rank_job's order, its scores and the ablation scores (pool order), and the breakdowns."""
    job = create_job(ctx, description, actor=ACTOR)
    ranked = rank_job(ctx, job.id, store=False, model=model, actor=ACTOR)
    weights = scoring_model.Weights.of_job(get_job(ctx, job.id, actor=ACTOR).weights)
    found = {r.candidate.id: r.result for r in ranked}
    floor = min((r.score for r in found.values()), default=0.0) - 1.0
    empty = {c: 0.0 for c in scoring_model.COMPONENTS}
    breakdowns = [dict(found[i].breakdown) if i in found else empty for i in ids]
    scores = {"talentflow": [found[i].score if i in found else floor for i in ids]}
    scores.update(_ablation(breakdowns, weights))
    order = [r.candidate.id for r in ranked if r.candidate.id is not None]
    return order + [i for i in ids if i not in found], scores, breakdowns


def _query_metrics(
    order: list[int], scores: list[float], gains: dict[int, float], ids: list[int]
) -> dict[str, float | None]:
    ranked = [gains[i] for i in order]
    return {
        "ndcg_at_10": ndcg_at(ranked, list(gains.values()), K),
        "precision_at_10": precision_at(ranked, K),
        "pairwise_accuracy": pairwise_accuracy(scores, [gains[i] for i in ids]),
    }


def _summary(per_query: list[dict[str, float | None]]) -> dict[str, Any]:
    ndcg = [float(q["ndcg_at_10"] or 0.0) for q in per_query]
    pairwise = [float(v) for q in per_query if (v := q["pairwise_accuracy"]) is not None]
    precision = [float(q["precision_at_10"] or 0.0) for q in per_query]
    low, high = bootstrap_interval(ndcg)
    return {
        "ndcg_at_10": round(float(np.mean(ndcg)), 4) if ndcg else 0.0,
        "ndcg_at_10_ci": [round(low, 4), round(high, 4)],
        "precision_at_10": round(float(np.mean(precision)), 4) if precision else 0.0,
        "pairwise_accuracy": round(float(np.mean(pairwise)), 4) if pairwise else None,
    }


def evaluate_split(
    ctx: AppContext,
    split: Split,
    model: ScoringModel | None = None,
    features: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Every method on one split; appends one feature row per (query, candidate) to ``features``."""
    docs = documents(ctx)
    ids = sorted(docs)
    texts = [docs[i][1] for i in ids]
    bm25 = Bm25Pool(texts)
    vectors = np.asarray(ctx.encoder.encode(texts)) if texts else np.zeros((0, 1))
    per_method: dict[str, list[dict[str, float | None]]] = {}
    per_query: dict[str, dict[str, float]] = {}
    skipped = 0
    for query, description in split.queries.items():
        gains = {i: split.gain(query, docs[i][0]) for i in ids}
        if not any(g > 0 for g in gains.values()):
            skipped += 1  # nothing relevant in this pool: nDCG is undefined
            continue
        scores = {
            "tfidf": tfidf_scores(description, texts),
            "bm25": bm25.scores(description),
            "minilm": minilm_scores(ctx.encoder, description, vectors),
        }
        talentflow_order, own, breakdowns = _talentflow(ctx, description, ids, model)
        scores.update(own)
        for method, values in scores.items():
            order = talentflow_order if method == "talentflow" else _order(ids, values)
            result = _query_metrics(order, values, gains, ids)
            per_method.setdefault(method, []).append(result)
            per_query.setdefault(query, {})[method] = round(float(result["ndcg_at_10"] or 0), 4)
        if features is not None:
            features += [
                {"query": query, "candidate": i, "gain": gains[i], "breakdown": b}
                for i, b in zip(ids, breakdowns, strict=True)
            ]
    methods = {m: _summary(v) for m, v in per_method.items()}
    return {
        "queries": len(split.queries) - skipped,
        "queries_without_relevant": skipped,
        "documents": len(ids),
        "methods": methods,
        "comparison": _comparison(per_method),
        "ndcg_per_query": per_query,
    }


def _comparison(per_method: dict[str, list[dict[str, float | None]]]) -> dict[str, Any]:
    """The best baseline by mean nDCG@10, and TalentFlow's paired difference with it."""
    if "talentflow" not in per_method:
        return {}
    mean = {m: float(np.mean([q["ndcg_at_10"] or 0.0 for q in per_method[m]])) for m in BASELINES}
    best = max(BASELINES, key=lambda m: (mean[m], m))
    diff = [
        float((t["ndcg_at_10"] or 0.0) - (b["ndcg_at_10"] or 0.0))
        for t, b in zip(per_method["talentflow"], per_method[best], strict=True)
    ]
    low, high = bootstrap_interval(diff)
    return {
        "best_baseline": best,
        "talentflow_minus_best": round(float(np.mean(diff)), 4),
        "difference_ci": [round(low, 4), round(high, 4)],
        "talentflow_beats_best": bool(np.mean(diff) > 0),
    }


def _stuffed_rank(ctx: AppContext, description: str, model: ScoringModel | None) -> int:
    """Where the keyword-stuffed demo resume lands for the backend job (1 = first)."""
    docs = documents(ctx)
    job = create_job(ctx, description, actor=ACTOR)
    names = [
        Path(docs[r.candidate.id or 0][0]).stem.removesuffix("-2026")
        for r in rank_job(ctx, job.id, store=False, model=model, actor=ACTOR)
    ]
    return names.index(STUFFED) + 1 if STUFFED in names else len(names) + 1


def evaluate_set(
    data: EvalSet,
    *,
    model: ScoringModel | None = None,
    cache: Path = DEFAULT_CACHE,
    fresh: bool = False,
    features: IO[str] | None = None,
) -> dict[str, Any]:
    """Every split of one set, each over its own cached workspace."""
    result: dict[str, Any] = {"note": data.note, "splits": {}}
    for name, split in data.splits.items():
        rows: list[dict[str, Any]] = []
        with workspace(
            f"{data.name}-{name}", split.documents, cache, fresh=fresh, model=model
        ) as ctx:
            result["splits"][name] = evaluate_split(ctx, split, model, rows)
            if data.name == "demo" and STUFFED_JOB in split.queries:
                rank = _stuffed_rank(ctx, split.queries[STUFFED_JOB], model)
                result["stuffed_resume_rank_for_backend_job"] = rank
                result["stuffed_resume_outside_top_3"] = rank > 3
        if features is not None:
            for row in rows:
                features.write(json.dumps({"set": data.name, "split": name, **row}) + "\n")
    result["queries"] = {n: s["queries"] for n, s in result["splits"].items()}
    result["documents"] = {n: s["documents"] for n, s in result["splits"].items()}
    return result


def run_eval(
    shared: Path,
    model: ScoringModel | None = None,
    *,
    sets: Iterable[str] = tuple(LOADERS),
    cache: Path | None = None,
    fresh: bool = False,
    features: Path | None = None,
) -> dict[str, Any]:
    """Every requested set whose data is present (with the default model, or ``model``)."""
    started = time.perf_counter()
    results: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "sets": {},
        "skipped": {},
    }
    out = open(features, "w", encoding="utf-8") if features else None  # noqa: SIM115
    try:
        for name in sets:
            if name not in LOADERS:
                raise ValueError(f"unknown evaluation set {name!r}; known: {', '.join(LOADERS)}")
            if name in NEEDS_SHARED and not shared.is_dir():
                results["skipped"][name] = f"{shared} is not present"
                continue
            data = LOADERS[name](shared)
            results["sets"][name] = evaluate_set(
                data, model=model, cache=cache or DEFAULT_CACHE, fresh=fresh, features=out
            )
    finally:
        if out:
            out.close()
    results["seconds"] = round(time.perf_counter() - started, 1)
    return results


def headline_metrics(results: dict[str, Any]) -> dict[str, float]:
    """The figures a scoring version is registered with: TalentFlow's on each set's validation
    split (or its only split)."""
    metrics: dict[str, float] = {}
    for name, data in results.get("sets", {}).items():
        split = "validation" if "validation" in data["splits"] else "all"
        own = data["splits"][split]["methods"].get("talentflow", {})
        for key in ("ndcg_at_10", "precision_at_10", "pairwise_accuracy"):
            if own.get(key) is not None:
                metrics[f"{name}_{split}_{key}"] = float(own[key])
        if "stuffed_resume_rank_for_backend_job" in data:
            metrics[f"{name}_stuffed_resume_rank"] = float(
                data["stuffed_resume_rank_for_backend_job"]
            )
    return metrics
