"""Scoring versions and their background work in words for the Models and Drift pages:
"Registered version 3 (lexical fit): test nDCG@10 0.41", "Version 3 is now the champion (was
version 2)"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.registry.names import version_name
from core.work.admin_jobs import ACTIVATE, COMPARE, LEXICAL, REGISTER, TRAIN

METRICS = {
    "category_validation_ndcg_at_10": "category nDCG@10 (validation)",
    "ner_dotin_validation_ndcg_at_10": "titles nDCG@10 (validation)",
    "layouts_all_ndcg_at_10": "layouts nDCG@10",
    "demo_all_ndcg_at_10": "demo nDCG@10 (in-sample)",
    "demo_stuffed_resume_rank": "stuffed rank",
    "test_spearman": "test Spearman",
    "test_base_spearman": "test Spearman (parent)",
    "test_auc": "test AUC",
    "test_ndcg_at_10": "test nDCG@10",
}
# the figure an outcome quotes, the first a version has
HEADLINE = (
    "test_ndcg_at_10",
    "category_validation_ndcg_at_10",
    "demo_all_ndcg_at_10",
    "layouts_all_ndcg_at_10",
)
KINDS = {REGISTER: "built-in configuration", LEXICAL: "lexical fit", TRAIN: "fine-tuned"}
WORK = {
    REGISTER: "Registering the built-in configuration",
    LEXICAL: "Fitting a lexical vocabulary",
    TRAIN: "Training a new version",
    ACTIVATE: "Activating the new champion",
    COMPARE: "Comparing two versions",
}


def metric_label(key: str) -> str:
    """A registry metric's name for people ("test_ndcg_at_10" -> "test nDCG@10")."""
    if key in METRICS:
        return METRICS[key]
    return key.replace("_ndcg_at_", " nDCG@").replace("_at_", "@").replace("_", " ")


def headline(metrics: Mapping[str, float] | None) -> str:
    """The version's headline figure ("test nDCG@10 0.41"), or "not measured"."""
    for key in HEADLINE:
        if (metrics or {}).get(key) is not None:
            return f"{metric_label(key)} {metrics[key]:.2f}"  # type: ignore[index]
    return "not measured"


def work_label(job: str) -> str:
    """What a background job of the Models page is doing, as a phrase."""
    return WORK.get(job, job.capitalize())


def outcome_text(
    job: str,
    result: Mapping[str, Any] | None,
    *,
    metrics: Mapping[str, float] | None = None,
    previous: str | None = None,
) -> str:
    """The finished job in one sentence.

    Args:
        job: the job's name (``REGISTER``, ``LEXICAL``, ``TRAIN`` or ``ACTIVATE``).
        result: what the job returned (its ``version``; for activation, ``jobs`` rescored).
        metrics: the registered version's metrics, for its headline figure.
        previous: the champion before an activation's promotion.
    """
    result = result or {}
    version = result.get("version")
    if version is None:
        return f"{work_label(job)}: done."
    if job == ACTIVATE:
        was = f" (was {version_name(previous)})" if previous else ""
        jobs = result.get("jobs")
        rescored = f"; {jobs} open job{'' if jobs == 1 else 's'} rescored" if jobs else ""
        return f"{version_name(str(version)).capitalize()} is now the champion{was}{rescored}."
    kind = f" ({KINDS[job]})" if job in KINDS else ""
    return f"Registered {version_name(str(version))}{kind}: {headline(metrics)}."
