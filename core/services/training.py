"""Training jobs: fine-tune the champion's embedder on the workspace's labelled pairs, log the
run to MLflow, and register the result as a new version with its test metrics attached."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from core.auth.policy import Action
from core.context import AppContext
from core.embeddings import base_model_path
from core.errors import InvalidInput
from core.registry.loading import ScoringModel
from core.registry.mlflow_store import ModelVersion
from core.registry.scoring_config import EMBEDDER_DIR, LEXICAL_FILE
from core.services import audit as audit_log
from core.services.guard import authorize
from core.services.models import evaluate, register
from core.services.progress import Report
from core.store.db import session_scope
from core.store.models import TrainingUse
from core.training.finetune import TrainingParams, fine_tune
from core.training.pairs import Pair, Split, collect_pairs, describe, split_pairs

MIN_PAIRS = 12


def _digest(pairs: list[Pair]) -> str:
    h = hashlib.sha256()
    for p in pairs:
        h.update(f"{p.job_id}:{p.candidate_id}:{p.label}".encode())
    return h.hexdigest()[:16]


def train_and_register(
    ctx: AppContext,
    *,
    actor: str,
    params: TrainingParams | None = None,
    pairs: list[Pair] | None = None,
    evaluate_it: bool = True,
    report: Report | None = None,
) -> ModelVersion:
    """Fine-tune, test, register; the run's parameters, per-epoch losses and test metrics are in
    MLflow. ``pairs`` replaces the workspace's labels (tests, imports)."""
    authorize(ctx, actor, Action.MANAGE_MODELS)
    params = params or TrainingParams()
    report = report or (lambda _f, _m: None)
    report(0.01, "collecting labelled pairs")
    pairs = collect_pairs(ctx) if pairs is None else pairs
    split = split_pairs(pairs, seed=params.seed)
    if len(pairs) < MIN_PAIRS or not split.validation or not split.test:
        raise InvalidInput(
            f"training needs at least {MIN_PAIRS} labelled pairs spread over enough candidates "
            f"for validation and test (have {len(pairs)}: {split.counts()}); shortlist and "
            "review more candidates, or load the demo set"
        )
    if len({p.label >= 0.5 for p in split.train}) < 2:
        raise InvalidInput("the training pairs need both matches and non-matches")
    parent: ScoringModel = ctx.scoring
    parent_path = (
        str(ctx.registry.local_dir(parent.version) / EMBEDDER_DIR)
        if parent.config.fine_tuned
        else base_model_path()
    )
    registry = ctx.registry
    digest = _digest(pairs)
    run_id = registry.start_run(
        f"fine-tune from {parent.label}",
        {
            **params.model_dump(),
            "parent_version": parent.version,
            "loss": "CoSENT",
            "split": "by candidate, 70/15/15",
            "data_digest": digest,
            **{f"n_{k}": v for k, v in split.counts().items()},
            **describe(pairs),
        },
    )
    try:
        with tempfile.TemporaryDirectory(prefix="talentflow-model-") as tmp:
            result = fine_tune(
                split,
                parent_path,
                Path(tmp) / EMBEDDER_DIR,
                params,
                on_metrics=lambda m, step: registry.log_metrics(run_id, m, step),
                on_progress=report,
            )
            config = parent.config.model_copy(
                update={"fine_tuned": True, "backend": "torch", "embedder": "all-MiniLM-L6-v2"}
            )
            metrics: dict[str, float] = {
                **{f"test_{k}": v for k, v in result.test_tuned.items()},
                **{f"test_base_{k}": v for k, v in result.test_base.items()},
                "epochs_run": result.epochs_run,
            }
            if result.best_validation_loss is not None:
                metrics["best_validation_loss"] = result.best_validation_loss
            if evaluate_it:
                report(0.9, "running the evaluation harness")
                from core.embeddings import get_encoder

                encoder = get_encoder("torch", "", str(result.model_dir), f"candidate-{run_id[:8]}")
                metrics.update(
                    evaluate(ctx, ScoringModel("candidate", config, encoder, parent.vocabulary))
                )
            artifacts: dict[str, Path] = {EMBEDDER_DIR: result.model_dir}
            if parent.config.lexical == "frozen":
                artifacts[LEXICAL_FILE] = registry.local_dir(parent.version) / LEXICAL_FILE
            report(0.97, "registering the version")
            version = register(
                ctx,
                config,
                actor=actor,
                metrics=metrics,
                artifacts=artifacts,
                tags={
                    "source": "fine-tune",
                    "parent_version": parent.version,
                    "data_digest": digest,
                    "evaluated": str(evaluate_it).lower(),
                },
                description=(
                    f"all-MiniLM-L6-v2 fine-tuned from {parent.label} on {len(split.train)} "
                    f"pairs; test spearman {result.test_tuned.get('spearman', float('nan')):.3f} "
                    f"(base {result.test_base.get('spearman', float('nan')):.3f})"
                ),
                run_id=run_id,
            )
    except Exception:
        registry.end_run(run_id, failed=True)
        raise
    _record_lineage(ctx, version.version, split)
    audit_log.record(ctx, actor, "model.train", f"v{version.version}", pairs=len(pairs))
    return version


def _record_lineage(ctx: AppContext, version: str, split: Split) -> None:
    """Remember whose pairs trained or validated ``version`` (test pairs only measure it), so
    erasing one of them marks the version as trained on erased data."""
    people = sorted({p.candidate_id for p in (*split.train, *split.validation)})
    with session_scope(ctx.engine) as session:
        session.add_all(TrainingUse(version=version, candidate_id=c) for c in people)


def start_training(
    ctx: AppContext, *, actor: str, params: TrainingParams | None = None, evaluate_it: bool = True
) -> str:
    """Queue a training job on the work engine; returns its id for progress."""
    from core.work import admin_jobs

    authorize(ctx, actor, Action.MANAGE_MODELS)
    params = params or TrainingParams()
    return admin_jobs.enqueue(
        ctx.settings, admin_jobs.TRAIN, actor, params.model_dump(), evaluate_it
    )
