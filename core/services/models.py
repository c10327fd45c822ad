"""Scoring versions for admins: register (with evaluation metrics), list, promote, roll back.

Promoting a version makes it the champion (every new score uses it), rescoring the open jobs in
the background and capturing the drift reference from those scores. Every change is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from core.auth.policy import Action
from core.context import AppContext
from core.errors import InvalidInput
from core.registry.loading import BUILTIN, ScoringModel, builtin_model
from core.registry.mlflow_store import ModelVersion
from core.registry.names import version_name
from core.registry.scoring_config import LEXICAL_FILE, ScoringConfig
from core.services import audit as audit_log
from core.services.guard import authorize
from core.services.progress import Report
from core.store.db import session_scope
from core.store.models import Job, Promotion
from core.store.public import PromotionPublic
from core.work import admin_jobs


@dataclass(frozen=True)
class VersionTable:
    """Every registered version and which aliases are where."""

    versions: list[ModelVersion]
    champion: str  # a version number, or "builtin"
    challenger: str | None


def list_versions(ctx: AppContext, *, actor: str) -> VersionTable:
    """The registry's versions, newest first (an empty table before the first registration)."""
    authorize(ctx, actor, Action.MANAGE_MODELS)
    if not ctx.has_registry():
        return VersionTable([], BUILTIN, None)
    challenger = ctx.registry.alias("challenger")
    ctx.forget_champion()
    return VersionTable(
        ctx.registry.versions(),
        ctx.champion_version(),
        challenger.version if challenger else None,
    )


def evaluate(
    ctx: AppContext, model: ScoringModel, sets: Sequence[str] | None = None
) -> dict[str, float]:
    """``python -m core eval`` with this model (on every set whose data is here, or on
    ``sets``): the headline metrics it is registered with."""
    from core.bench import SHARED
    from core.evaluation.matching import headline_metrics, run_eval
    from core.evaluation.matching_sets import LOADERS

    return headline_metrics(run_eval(SHARED, model=model, sets=sets or tuple(LOADERS)))


def register(
    ctx: AppContext,
    config: ScoringConfig,
    *,
    actor: str,
    metrics: dict[str, float] | None = None,
    artifacts: dict[str, Path] | None = None,
    params: dict[str, Any] | None = None,
    tags: dict[str, str] | None = None,
    description: str = "",
    run_id: str | None = None,
) -> ModelVersion:
    """Register a configuration as a new version (audited)."""
    authorize(ctx, actor, Action.MANAGE_MODELS)
    lineage = {"registered_by": actor, "champion_at_registration": ctx.champion_version()}
    version = ctx.registry.register(
        config,
        metrics=metrics or {},
        params=params,
        tags={**lineage, **(tags or {})},
        artifacts=artifacts,
        description=description,
        run_id=run_id,
    )
    audit_log.record(ctx, actor, "model.register", f"v{version.version}", config=config.summary())
    return version


def register_default(
    ctx: AppContext,
    *,
    actor: str,
    evaluate_it: bool = True,
    sets: Sequence[str] | None = None,
) -> ModelVersion:
    """The built-in configuration as a version, measured by the evaluation harness (on every
    set, or on ``sets``)."""
    import json

    from core.scoring.model import WEIGHTS_FILE

    model = builtin_model(ctx.settings)
    metrics = evaluate(ctx, model, sets) if evaluate_it else {}
    fitted = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    spread = fitted.get("cross_validation", {}).get("weights_sd", {})
    return register(
        ctx,
        model.config,
        actor=actor,
        metrics=metrics,
        params={f"weight_sd_{k}": f"{v:g}" for k, v in spread.items()},
        tags={
            "source": "built-in default",
            "evaluated": str(evaluate_it).lower(),
            **({"evaluated_on": ", ".join(sets)} if evaluate_it and sets else {}),
            "weights_fitted_on": str(fitted.get("fitted_on", "")),
        },
        description=(
            "The built-in configuration: base all-MiniLM-L6-v2, BM25 over the pool, component "
            "weights fitted on the train splits of public data."
        ),
    )


def register_lexical(
    ctx: AppContext,
    *,
    actor: str,
    report: Report | None = None,
    evaluate_it: bool = True,
    sets: Sequence[str] | None = None,
) -> ModelVersion:
    """Fit a frozen TF-IDF vocabulary on the workspace's resumes and jobs; register it on the
    champion's embedder, measured on every evaluation set (or on ``sets``)."""
    import tempfile

    from core.scoring.lexical import LexicalVocabulary
    from core.store.models import Candidate, Resume

    authorize(ctx, actor, Action.MANAGE_MODELS)
    report = report or (lambda _f, _m: None)
    report(0.05, "reading resumes and jobs")
    with session_scope(ctx.engine) as session:
        texts = [t for t in session.exec(select(Resume.text)) if t]
        texts += [d for d in session.exec(select(Job.description)) if d]
        people = [
            part
            for name, email in session.exec(select(Candidate.name, Candidate.email))
            for part in (name or "", (email or "").split("@")[0])
        ]
    if len(texts) < 3:
        raise InvalidInput("fitting a vocabulary needs at least three resumes or jobs")
    vocabulary = LexicalVocabulary.fit(texts, personal=people)
    champion = ctx.scoring
    config = champion.config.model_copy(update={"lexical": "frozen"})
    model = ScoringModel("candidate", config, champion.encoder, vocabulary)
    report(0.2, "evaluating")
    metrics = evaluate(ctx, model, sets) if evaluate_it else {}
    report(0.9, "registering")
    with tempfile.TemporaryDirectory(prefix="talentflow-lexical-") as tmp:
        path = Path(tmp) / LEXICAL_FILE
        vocabulary.save(path)
        artifacts: dict[str, Path] = {LEXICAL_FILE: path}
        if champion.config.fine_tuned:
            artifacts["embedder"] = ctx.registry.local_dir(champion.version) / "embedder"
        return register(
            ctx,
            config,
            actor=actor,
            metrics={**metrics, "vocabulary_size": float(vocabulary.size)},
            params={"documents": len(texts)},
            artifacts=artifacts,
            tags={
                "source": "lexical fit",
                "parent_version": champion.version,
                **({"evaluated_on": ", ".join(sets)} if evaluate_it and sets else {}),
            },
            description=f"TF-IDF vocabulary frozen on {len(texts)} documents.",
        )


def start_registration(ctx: AppContext, *, actor: str, evaluate_it: bool = True) -> str:
    """Queue the registration of the built-in configuration (its evaluation takes minutes)."""
    authorize(ctx, actor, Action.MANAGE_MODELS)
    return admin_jobs.enqueue(ctx.settings, admin_jobs.REGISTER, actor, evaluate_it)


def start_lexical_fit(ctx: AppContext, *, actor: str) -> str:
    """Queue fitting and registering a frozen lexical vocabulary."""
    authorize(ctx, actor, Action.MANAGE_MODELS)
    return admin_jobs.enqueue(ctx.settings, admin_jobs.LEXICAL, actor)


def latest_job(ctx: AppContext, name: str, *, actor: str) -> admin_jobs.JobStatus | None:
    """Where the newest admin job of that name stands (``admin_jobs.TRAIN``, ``REGISTER``,
    ``LEXICAL``, ``ACTIVATE``)."""
    authorize(ctx, actor, Action.MANAGE_MODELS)
    return admin_jobs.latest(ctx.settings, name)


def set_challenger(ctx: AppContext, version: str, *, actor: str) -> None:
    """Point the ``challenger`` alias at a version (audited)."""
    authorize(ctx, actor, Action.MANAGE_MODELS)
    ctx.registry.set_alias("challenger", version)
    audit_log.record(ctx, actor, "model.challenger", f"v{version}")


def promote(ctx: AppContext, version: str, *, actor: str, kind: str = "promote") -> str:
    """Make ``version`` the champion; returns the queued job that rescores the open jobs and
    captures the drift reference."""
    make_champion(ctx, version, actor=actor, kind=kind)
    return admin_jobs.enqueue(ctx.settings, admin_jobs.ACTIVATE)


def make_champion(ctx: AppContext, version: str, *, actor: str, kind: str = "promote") -> None:
    """Point the ``champion`` alias at ``version`` (recorded and audited) without rescoring:
    ``promote`` queues that; the demo world scores everything after it anyway."""
    authorize(ctx, actor, Action.MANAGE_MODELS)
    ctx.forget_champion()
    previous = ctx.champion_version()
    if version == previous:
        raise InvalidInput(f"{version_name(version).capitalize()} is already the champion")
    ctx.registry.set_alias("champion", version)
    challenger = ctx.registry.alias("challenger")
    if challenger is not None and challenger.version == version:
        ctx.registry.delete_alias("challenger")
    with session_scope(ctx.engine) as session:
        session.add(Promotion(version=version, previous=previous, actor=actor, kind=kind))
    ctx.forget_champion()
    audit_log.record(ctx, actor, f"model.{kind}", f"v{version}", previous=previous)


def rollback(ctx: AppContext, *, actor: str) -> str:
    """Make the champion before the last promotion the champion again."""
    authorize(ctx, actor, Action.MANAGE_MODELS)
    with session_scope(ctx.engine) as session:
        last = session.exec(select(Promotion).order_by(col(Promotion.id).desc())).first()
    if last is None or not last.previous or last.previous == BUILTIN:
        raise InvalidInput("there is no earlier registered champion to roll back to")
    return promote(ctx, last.previous, actor=actor, kind="rollback")


def promotions(ctx: AppContext, *, actor: str) -> list[PromotionPublic]:
    """Champion changes, newest first."""
    authorize(ctx, actor, Action.MANAGE_MODELS)
    with session_scope(ctx.engine) as session:
        rows = session.exec(select(Promotion).order_by(col(Promotion.id).desc()))
        return [PromotionPublic.of(p) for p in rows]


def activate(ctx: AppContext, report: Report) -> dict[str, Any]:
    """Rescore every open job with the champion, then capture the drift reference."""
    from core.services.drift import capture_reference
    from core.services.ranking import ensure_indexed, rank_job

    model = ctx.scoring
    report(0.02, f"embedding resumes with {model.label}")
    ensure_indexed(ctx, lambda d, t: report(0.05 + 0.6 * d / max(t, 1), "embedding resumes"))
    with session_scope(ctx.engine) as session:
        jobs = list(session.exec(select(Job.id).where(Job.status == "open")))
    for i, job_id in enumerate(jobs, start=1):
        report(0.65 + 0.3 * i / max(len(jobs), 1), f"rescoring job {i} of {len(jobs)}")
        rank_job(ctx, job_id or 0, actor="system")
    reference = capture_reference(ctx, model)
    return {"version": model.version, "jobs": len(jobs), "reference_scores": len(reference.scores)}
