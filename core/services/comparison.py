"""A/B comparison of two scoring versions on one job (nothing is stored).

The Models pages run it in the background (``start_comparison``): a version's first use loads
its model and may embed every resume with it, minutes on a large workspace.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from core.auth.policy import Action
from core.context import AppContext
from core.monitoring.comparison import Comparison, Move, compare
from core.registry.names import version_name
from core.services.guard import authorize
from core.services.progress import Report
from core.services.ranking import rank_job
from core.work import admin_jobs


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

    def as_record(self) -> dict[str, Any]:
        """Plain data, as the work engine keeps a job's result."""
        return asdict(self)

    @classmethod
    def of_record(cls, record: dict[str, Any]) -> VersionComparison:
        """Back from ``as_record``."""
        found = dict(record["comparison"])
        found["moves"] = [Move(**m) for m in found["moves"]]
        return cls(**{**record, "comparison": Comparison(**found)})


def compare_versions(
    ctx: AppContext,
    job_id: int,
    version_a: str,
    version_b: str,
    *,
    actor: str,
    report: Report | None = None,
) -> VersionComparison:
    """Rank the job's candidates with each version and compare the two rankings."""
    authorize(ctx, actor, Action.MANAGE_MODELS)
    report = report or (lambda _f, _m: None)
    rankings = {}
    names: dict[str, str] = {}
    for i, version in enumerate((version_a, version_b)):
        report(0.05 + 0.45 * i, f"loading {version_name(version)}")
        model = ctx.model_for(version)
        report(0.15 + 0.45 * i, f"ranking with {version_name(version)}")
        ranked = rank_job(ctx, job_id, store=False, model=model, actor=actor)
        rankings[version] = {str(r.candidate.id): r.result.score for r in ranked}
        names.update({str(r.candidate.id): r.candidate.display_name for r in ranked})
    a, b = rankings[version_a], rankings[version_b]
    return VersionComparison(version_a, version_b, job_id, a, b, names, compare(a, b))


def start_comparison(
    ctx: AppContext, job_id: int, version_a: str, version_b: str, *, actor: str
) -> str:
    """Queue ``compare_versions`` on the work engine; returns the job's id."""
    authorize(ctx, actor, Action.MANAGE_MODELS)
    return admin_jobs.enqueue(ctx.settings, admin_jobs.COMPARE, actor, job_id, version_a, version_b)


def latest_comparison(ctx: AppContext, *, actor: str) -> VersionComparison | None:
    """The result of the newest finished comparison, if it succeeded."""
    authorize(ctx, actor, Action.MANAGE_MODELS)
    status = admin_jobs.latest(ctx.settings, admin_jobs.COMPARE)
    if status is None or status.state != "done" or not status.result:
        return None
    return VersionComparison.of_record(status.result)
