"""The MLflow registry of scoring versions, through ``MlflowClient`` only (no global state).

One registered model, ``talentflow-scoring``; each version's source is a run's ``scoring/``
artifact folder (``config.json``, optional ``embedder/`` and ``lexical.json``). Aliases
``champion`` (used for all new scores) and ``challenger``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import TalentFlowError
from core.registry.scoring_config import CONFIG_FILE, ScoringConfig

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")
os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")
logging.getLogger("mlflow").setLevel(logging.WARNING)
logging.getLogger("alembic").setLevel(logging.WARNING)

MODEL_NAME = "talentflow-scoring"
EXPERIMENT = "talentflow-scoring"
ARTIFACT_PATH = "scoring"
ALIASES = ("champion", "challenger")


class VersionNotFound(TalentFlowError):
    """No such model version."""


@dataclass(frozen=True)
class ModelVersion:
    """A registered scoring version with what it was measured at and where it came from."""

    version: str
    config: ScoringConfig
    metrics: dict[str, float]
    params: dict[str, str]
    tags: dict[str, str]
    aliases: tuple[str, ...]
    run_id: str
    created_at: dt.datetime
    description: str = ""
    source: str = field(default="", repr=False)


class Registry:
    """Register, list and alias scoring versions; fetch their artifacts into a local cache."""

    def __init__(self, tracking_uri: str, artifact_root: Path, cache_dir: Path) -> None:
        from mlflow import MlflowClient

        logging.getLogger("mlflow").setLevel(logging.WARNING)  # mlflow sets INFO on import
        self.tracking_uri = tracking_uri
        self.cache_dir = cache_dir
        self.local_artifacts = artifact_root if tracking_uri.startswith("sqlite") else None
        self.client = MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)
        from mlflow.exceptions import MlflowException

        location = artifact_root.resolve().as_uri() if tracking_uri.startswith("sqlite") else None
        experiment = self.client.get_experiment_by_name(EXPERIMENT)
        if experiment is None:
            try:
                self.experiment_id = self.client.create_experiment(EXPERIMENT, location)
            except MlflowException:  # another process created it first
                experiment = self.client.get_experiment_by_name(EXPERIMENT)
                if experiment is None:
                    raise
        if experiment is not None:
            self.experiment_id = experiment.experiment_id
        if not self.client.search_registered_models(f"name = '{MODEL_NAME}'"):
            try:
                self.client.create_registered_model(
                    MODEL_NAME, description="TalentFlow scoring configurations"
                )
            except MlflowException:  # another process created it first
                if not self.client.search_registered_models(f"name = '{MODEL_NAME}'"):
                    raise

    # runs ---------------------------------------------------------------------------------

    def start_run(self, name: str, params: Mapping[str, object] | None = None) -> str:
        """A new run in the scoring experiment; returns its id."""
        run = self.client.create_run(self.experiment_id, run_name=name)
        if params:
            self.log_params(run.info.run_id, params)
        return run.info.run_id

    def log_params(self, run_id: str, params: Mapping[str, object]) -> None:
        from mlflow.entities import Param

        self.client.log_batch(run_id, params=[Param(k, str(v)[:6000]) for k, v in params.items()])

    def log_metrics(
        self, run_id: str, metrics: Mapping[str, float], step: int | None = None
    ) -> None:
        from mlflow.entities import Metric

        now = int(dt.datetime.now(dt.UTC).timestamp() * 1000)
        self.client.log_batch(
            run_id, metrics=[Metric(k, float(v), now, step or 0) for k, v in metrics.items()]
        )

    def end_run(self, run_id: str, failed: bool = False) -> None:
        self.client.set_terminated(run_id, "FAILED" if failed else "FINISHED")

    # versions -----------------------------------------------------------------------------

    def register(
        self,
        config: ScoringConfig,
        *,
        metrics: Mapping[str, float],
        params: Mapping[str, object] | None = None,
        tags: Mapping[str, str] | None = None,
        artifacts: Mapping[str, Path] | None = None,
        description: str = "",
        run_id: str | None = None,
    ) -> ModelVersion:
        """Log the configuration and its artifacts to a run and register them as a new version."""
        run_id = run_id or self.start_run(f"register {config.summary()}")
        self.log_params(run_id, {**config_params(config), **(params or {})})
        self.log_metrics(run_id, metrics)
        with tempfile.TemporaryDirectory(prefix="talentflow-version-") as tmp:
            folder = Path(tmp)
            (folder / CONFIG_FILE).write_text(config.model_dump_json(indent=2), encoding="utf-8")
            for name, path in (artifacts or {}).items():
                target = folder / name
                if path.is_dir():
                    shutil.copytree(path, target)
                else:
                    target.write_bytes(path.read_bytes())
            self.client.log_artifacts(run_id, str(folder), ARTIFACT_PATH)
        self.end_run(run_id)
        run = self.client.get_run(run_id)
        created = self.client.create_model_version(
            MODEL_NAME,
            source=f"{run.info.artifact_uri}/{ARTIFACT_PATH}",
            run_id=run_id,
            tags=dict(tags or {}),
            description=description,
        )
        return self.get(str(created.version))

    def versions(self) -> list[ModelVersion]:
        """Every version, newest first."""
        found = self.client.search_model_versions(f"name = '{MODEL_NAME}'")
        aliases = self._aliases()  # search results carry no aliases: one lookup for all
        out = [self._describe(v, aliases) for v in found]
        return sorted(out, key=lambda v: int(v.version), reverse=True)

    def get(self, version: str) -> ModelVersion:
        """One version."""
        from mlflow.exceptions import MlflowException

        try:
            return self._describe(self.client.get_model_version(MODEL_NAME, str(version)))
        except MlflowException as e:
            raise VersionNotFound(f"no scoring version {version}") from e

    def alias(self, alias: str) -> ModelVersion | None:
        """The version an alias points at, if any."""
        from mlflow.exceptions import MlflowException

        try:
            return self._describe(self.client.get_model_version_by_alias(MODEL_NAME, alias))
        except MlflowException:
            return None

    def set_alias(self, alias: str, version: str) -> None:
        self.get(version)
        self.client.set_registered_model_alias(MODEL_NAME, alias, str(version))

    def delete_alias(self, alias: str) -> None:
        if self.alias(alias) is not None:
            self.client.delete_registered_model_alias(MODEL_NAME, alias)

    def local_dir(self, version: str) -> Path:
        """The version's artifact folder on this machine (downloaded once into the cache)."""
        from mlflow.artifacts import download_artifacts

        target = self.cache_dir / f"v{version}"
        done = target / ".complete"
        if not done.exists():
            described = self.get(version)
            target.mkdir(parents=True, exist_ok=True)
            download_artifacts(
                run_id=described.run_id,
                artifact_path=ARTIFACT_PATH,
                dst_path=str(target),
                tracking_uri=self.tracking_uri,
            )
            done.touch()
        return target / ARTIFACT_PATH

    def set_version_tag(self, version: str, key: str, value: str) -> None:
        self.client.set_model_version_tag(MODEL_NAME, str(version), key, value)

    def remove_model_cards(self) -> int:
        """Delete ``README.md`` model cards from fine-tuned embedders kept on this machine (the
        local artifact store and the cache); versions trained before cards were turned off quote
        training examples in them. Loading never reads a card. Returns how many were removed."""
        roots = [r for r in (self.local_artifacts, self.cache_dir) if r is not None and r.exists()]
        cards = [c for root in roots for c in root.rglob(f"{ARTIFACT_PATH}/*/README.md")]
        for card in cards:
            card.unlink()
        return len(cards)

    def _aliases(self) -> dict[str, str]:
        """Alias -> version of the registered model."""
        found = self.client.get_registered_model(MODEL_NAME).aliases or {}
        return {alias: str(version) for alias, version in found.items()}

    def _describe(self, mv: object, aliases: dict[str, str] | None = None) -> ModelVersion:
        version = str(mv.version)  # type: ignore[attr-defined]
        aliases = self._aliases() if aliases is None else aliases
        run = self.client.get_run(mv.run_id)  # type: ignore[attr-defined]
        params = dict(run.data.params)
        config = ScoringConfig.model_validate(json.loads(params.get("config", "{}")))
        return ModelVersion(
            version=version,
            config=config,
            metrics=dict(run.data.metrics),
            params=params,
            tags=dict(mv.tags or {}),  # type: ignore[attr-defined]
            aliases=tuple(sorted(a for a, v in aliases.items() if v == version)),
            run_id=mv.run_id,  # type: ignore[attr-defined]
            created_at=dt.datetime.fromtimestamp(
                mv.creation_timestamp / 1000,  # type: ignore[attr-defined]
                tz=dt.UTC,
            ),
            description=mv.description or "",  # type: ignore[attr-defined]
            source=mv.source,  # type: ignore[attr-defined]
        )


def config_params(config: ScoringConfig) -> dict[str, str]:
    """The configuration as run parameters (the whole document under ``config``)."""
    return {
        "config": config.model_dump_json(),
        "embedder": config.embedder,
        "fine_tuned": str(config.fine_tuned),
        "backend": config.backend,
        "lexical": config.lexical,
        **{f"weight_{k}": f"{v:g}" for k, v in config.weights.model_dump().items()},
    }
