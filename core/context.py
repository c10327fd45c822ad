"""The composition root: the collaborators services need, built once per process from settings
(pages, the command line and workers build it; services only receive it)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from core.config import Settings
from core.parsing.ocr import OcrOptions
from core.parsing.sandbox import Limits, WorkerPool
from core.store.blobs import BlobStore
from core.store.db import make_engine

if TYPE_CHECKING:
    from core.embeddings import Encoder
    from core.index.indexer import Indexer
    from core.registry.loading import ScoringModel
    from core.registry.mlflow_store import Registry

CHAMPION_TTL_S = 10.0  # another process (the CLI) may promote a version meanwhile


@dataclass
class AppContext:
    """Settings, database engine, blob store, extraction pool; scoring model, index, registry
    and background workers on first use.

    ``pinned`` fixes the scoring model (evaluation of one version); otherwise the registry's
    champion is used, or the built-in default while no version has been promoted.
    """

    settings: Settings
    engine: Engine
    blobs: BlobStore
    pool: WorkerPool = field(repr=False)
    pinned: ScoringModel | None = field(default=None, repr=False)
    _indexers: dict[str, Indexer] = field(default_factory=dict, repr=False)
    _models: dict[str, ScoringModel] = field(default_factory=dict, repr=False)
    _registry: Registry | None = field(default=None, repr=False)
    _champion: tuple[float, str] | None = field(default=None, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    @property
    def encoder(self) -> Encoder:
        """The embedding model of the scoring version in force (loaded on first use, ~5 s)."""
        return self.scoring.encoder

    @property
    def indexer(self) -> Indexer:
        """The indexer of the scoring version in force (opened on first use)."""
        return self.indexer_for(self.scoring.encoder)

    def indexer_for(self, encoder: Encoder) -> Indexer:
        """The indexer over the vector index of one embedding model (one index per model)."""
        with self._lock:
            if encoder.model_version not in self._indexers:
                from core.index.factory import open_index
                from core.index.indexer import Indexer

                index = open_index(
                    self.settings, encoder.dimension, encoder.model_version, self.engine
                )
                self._indexers[encoder.model_version] = Indexer(self.engine, encoder, index)
            return self._indexers[encoder.model_version]

    def open_indexer(self, model_version: str) -> Indexer | None:
        """The indexer of an embedding model if this context has it open."""
        with self._lock:
            return self._indexers.get(model_version)

    def has_registry(self) -> bool:
        """Whether a model registry exists (a tracking server is configured, or a local store)."""
        return (
            self._registry is not None
            or bool(self.settings.mlflow_tracking_uri)
            or self.settings.mlflow_db.exists()
        )

    @property
    def registry(self) -> Registry:
        """The MLflow model registry (created on first use)."""
        with self._lock:
            if self._registry is None:
                from core.registry.mlflow_store import Registry

                self._registry = Registry(
                    self.settings.tracking_uri,
                    self.settings.home / "mlartifacts",
                    self.settings.models_dir / "registry",
                )
            return self._registry

    def champion_version(self) -> str:
        """The version new scores use: the champion alias, else the built-in default."""
        from core.registry.loading import BUILTIN

        with self._lock:
            now = time.monotonic()
            if self._champion is None or now - self._champion[0] > CHAMPION_TTL_S:
                champion = self.registry.alias("champion") if self.has_registry() else None
                self._champion = (now, champion.version if champion else BUILTIN)
            return self._champion[1]

    def forget_champion(self) -> None:
        """Read the champion alias again on next use (after a promotion)."""
        with self._lock:
            self._champion = None

    def encoder_version_in_force(self) -> str:
        """The embedding model version of the scoring version in force, without loading it
        (a health check must not wait for a model)."""
        from core.registry.loading import encoder_version_of

        if self.pinned is not None:
            return self.pinned.encoder.model_version
        version = self.champion_version()
        with self._lock:
            if version in self._models:
                return self._models[version].encoder.model_version
        return encoder_version_of(
            self.settings, self.registry if self.has_registry() else None, version
        )

    @property
    def scoring(self) -> ScoringModel:
        """The scoring model in force."""
        return self.pinned or self.model_for(self.champion_version())

    def model_for(self, version: str) -> ScoringModel:
        """A scoring version, loaded once per process."""
        from core.registry.loading import BUILTIN, builtin_model, load_version

        with self._lock:
            if version not in self._models:
                self._models[version] = (
                    builtin_model(self.settings)
                    if version == BUILTIN
                    else load_version(self.settings, self.registry, version)
                )
            return self._models[version]

    def close(self) -> None:
        """Stop worker processes, close the index, release database connections."""
        self.pool.close()
        with self._lock:
            indexers, self._indexers = list(self._indexers.values()), {}
        for indexer in indexers:  # closed once, so close() may be called again
            indexer.index.close()
        self.engine.dispose()


def limits_from(settings: Settings) -> Limits:
    """Extraction limits from settings."""
    return Limits(
        timeout_s=settings.parse_timeout_s,
        memory_mb=settings.parse_memory_mb,
        max_pages=settings.max_pages,
        max_chars=settings.max_text_chars,
        ocr=OcrOptions(
            max_pages=settings.ocr_max_pages,
            page_timeout_s=settings.ocr_page_timeout_s,
            languages=settings.ocr_languages,
        ),
    )


def build_context(settings: Settings, pinned: ScoringModel | None = None) -> AppContext:
    """Create the workspace directories and every collaborator."""
    settings.home.mkdir(parents=True, exist_ok=True)
    settings.files_dir.mkdir(parents=True, exist_ok=True)
    return AppContext(
        settings=settings,
        engine=make_engine(settings.db_url),
        blobs=BlobStore(settings.files_dir),
        pool=WorkerPool(settings.parse_workers, limits_from(settings)),
        pinned=pinned,
    )
