"""Ranking quality, side by side: TF-IDF baseline, plain MiniLM cosine, and TalentFlow's score.

(a) Category search on ``resumes_by_category``: one job description per category (written for
    TalentFlow, ``data/category_jobs.tsv``); same-category resumes are relevant.
(b) The demo set with graded relevance (``data/demo/labels.csv``) for the five demo jobs.
(c) The keyword-stuffed demo resume (white text) must stay out of the backend job's top 3.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from core.config import Settings
from core.evaluation.metrics import ndcg_at, precision_at
from core.parsing.files import IncomingFile
from core.scoring.lexical import lexical_scores
from core.services.context import AppContext, build_context
from core.services.ingest import files_from_paths, ingest_files
from core.services.jobs import create_job
from core.services.ranking import rank_job
from core.store.db import session_scope
from core.store.models import Candidate, Resume

if TYPE_CHECKING:
    from core.registry.loading import ScoringModel

DATA = Path(__file__).parent / "data"
DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
METHODS = ("lexical_tfidf", "minilm_whole_resume", "talentflow")


def _documents(ctx: AppContext) -> dict[int, tuple[str, str]]:
    """candidate id -> (file name of the current resume, visible text)."""
    with session_scope(ctx.engine) as session:
        rows = session.exec(
            Candidate.__table__.join(Resume.__table__, Candidate.current_resume_id == Resume.id)  # type: ignore[attr-defined]
            .select()
            .with_only_columns(Candidate.id, Resume.filename, Resume.text)
        ).all()
    return {int(i): (f, t) for i, f, t in rows}


def _rankings(
    ctx: AppContext,
    description: str,
    docs: dict[int, tuple[str, str]],
    whole: dict[int, np.ndarray],
) -> dict[str, list[int]]:
    ids = sorted(docs)
    lexical = lexical_scores(description, [docs[i][1] for i in ids])
    query = ctx.encoder.encode([description])[0]
    cosine = [float(whole[i] @ query) for i in ids]
    job = create_job(ctx, description)
    talentflow = [r.candidate.id for r in rank_job(ctx, job.id or 0, store=False)]

    def order(scores: Sequence[float]) -> list[int]:
        return [ids[j] for j in sorted(range(len(ids)), key=lambda j: (-scores[j], ids[j]))]

    return {
        "lexical_tfidf": order(list(lexical)),
        "minilm_whole_resume": order(cosine),
        "talentflow": [i for i in talentflow if i is not None],
    }


def _evaluate(
    ctx: AppContext, queries: dict[str, str], gain: Callable[[str, int], float], k: int = 10
) -> dict[str, Any]:
    docs = _documents(ctx)
    whole_vectors = ctx.encoder.encode([docs[i][1] for i in sorted(docs)])
    whole = dict(zip(sorted(docs), whole_vectors, strict=True))
    totals = {m: {"precision_at_10": 0.0, "ndcg_at_10": 0.0} for m in METHODS}
    per_query: dict[str, dict[str, float]] = {}
    for name, description in queries.items():
        all_gains = [gain(name, i) for i in docs]
        for method, ranking in _rankings(ctx, description, docs, whole).items():
            gains = [gain(name, i) for i in ranking]
            p, n = precision_at(gains, k), ndcg_at(gains, all_gains, k)
            totals[method]["precision_at_10"] += p / len(queries)
            totals[method]["ndcg_at_10"] += n / len(queries)
            per_query.setdefault(name, {})[method] = round(n, 3)
    return {
        "methods": {m: {k2: round(v, 4) for k2, v in t.items()} for m, t in totals.items()},
        "ndcg_per_query": per_query,
        "documents": len(docs),
    }


def category_search(
    shared: Path, per_category: int, model: ScoringModel | None = None
) -> dict[str, Any]:
    """(a): the first ``per_category`` resumes (by id) of every category."""
    folder = shared / "resumes_by_category"
    with open(folder / "labels.csv", encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: r["ID"])
    chosen: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        if len(chosen.setdefault(row["Category"], [])) < per_category:
            chosen[row["Category"]].append(row)
    category_of = {Path(r["path"]).name: r["Category"] for group in chosen.values() for r in group}
    with open(DATA / "category_jobs.tsv", encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    queries = {r["category"]: r["description"] for r in csv.DictReader(lines, delimiter="\t")}
    with tempfile.TemporaryDirectory(prefix="talentflow-eval-") as home:
        ctx = build_context(Settings(home=Path(home), load_demo=False), pinned=model)
        try:
            files = [
                IncomingFile(Path(r["path"]).name, (folder / r["path"]).read_bytes())
                for group in chosen.values()
                for r in group
            ]
            ingest_files(ctx, files)
            docs = _documents(ctx)
            result = _evaluate(
                ctx, queries, lambda category, i: float(category_of.get(docs[i][0]) == category)
            )
        finally:
            ctx.close()
    result["per_category"] = per_category
    return result


def demo_set(model: ScoringModel | None = None) -> dict[str, Any]:
    """(b) graded relevance on the demo set, and (c) the keyword-stuffed resume's rank."""
    labels: dict[tuple[str, str], int] = {}
    with open(DEMO / "labels.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            labels[(row["job"], row["resume"])] = int(row["relevance"])
    queries = {p.stem: p.read_text(encoding="utf-8") for p in sorted((DEMO / "jobs").glob("*.txt"))}
    with tempfile.TemporaryDirectory(prefix="talentflow-eval-") as home:
        ctx = build_context(Settings(home=Path(home), load_demo=False), pinned=model)
        try:
            ingest_files(ctx, files_from_paths([DEMO / "resumes"]))
            docs = _documents(ctx)

            def person(i: int) -> str:
                return Path(docs[i][0]).stem.removesuffix("-2026")

            result = _evaluate(ctx, queries, lambda job, i: float(labels.get((job, person(i)), 0)))
            backend = create_job(ctx, queries["backend-engineer"])
            order = [
                person(r.candidate.id or 0) for r in rank_job(ctx, backend.id or 0, store=False)
            ]
            result["stuffed_resume_rank_for_backend_job"] = order.index("victor-hale") + 1
            result["stuffed_resume_outside_top_3"] = order.index("victor-hale") >= 3
        finally:
            ctx.close()
    return result


def run_eval(
    shared: Path, per_category: int = 10, model: ScoringModel | None = None
) -> dict[str, Any]:
    """Every evaluation whose data is present (with the default model, or ``model``)."""
    results: dict[str, Any] = {"demo_set": demo_set(model)}
    if (shared / "resumes_by_category").is_dir():
        results["category_search"] = category_search(shared, per_category, model)
    else:
        results["category_search"] = {"skipped": "../shared/data is not present"}
    return results


def headline_metrics(results: dict[str, Any]) -> dict[str, float]:
    """The figures a model version is registered with (TalentFlow's own ranking)."""
    metrics: dict[str, float] = {}
    for key, prefix in (("demo_set", "demo"), ("category_search", "category")):
        methods = results.get(key, {}).get("methods", {})
        for name, value in methods.get("talentflow", {}).items():
            metrics[f"{prefix}_{name}"] = float(value)
    demo = results.get("demo_set", {})
    if "stuffed_resume_rank_for_backend_job" in demo:
        metrics["demo_stuffed_resume_rank"] = float(demo["stuffed_resume_rank_for_backend_job"])
    return metrics
