"""A/B comparison of two scoring versions on one job (nothing is stored)."""

from __future__ import annotations

from dataclasses import dataclass

from core.auth.policy import Action
from core.context import AppContext
from core.monitoring.comparison import Comparison, compare
from core.services.guard import authorize
from core.services.ranking import rank_job


@dataclass(frozen=True)
class VersionComparison:
    """Both rankings and their comparison; ``names`` maps candidate keys to display names."""

    version_a: str
    version_b: str
    job_id: int
    scores_a: dict[str, float]
    scores_b: dict[str, float]
    names: dict[str, str]
    comparison: Comparison


def compare_versions(
    ctx: AppContext, job_id: int, version_a: str, version_b: str, *, actor: str
) -> VersionComparison:
    """Rank the job's candidates with each version and compare the two rankings."""
    authorize(ctx, actor, Action.MANAGE_MODELS)
    rankings = {}
    names: dict[str, str] = {}
    for version in (version_a, version_b):
        ranked = rank_job(ctx, job_id, store=False, model=ctx.model_for(version), actor=actor)
        rankings[version] = {str(r.candidate.id): r.result.score for r in ranked}
        names.update({str(r.candidate.id): r.candidate.display_name for r in ranked})
    a, b = rankings[version_a], rankings[version_b]
    return VersionComparison(version_a, version_b, job_id, a, b, names, compare(a, b))
