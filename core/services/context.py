"""The collaborators a service needs, built once per process from settings."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from core.config import Settings
from core.parsing.sandbox import Limits, WorkerPool
from core.store.blobs import BlobStore
from core.store.db import make_engine

if TYPE_CHECKING:
    from core.embeddings import Encoder
    from core.index.indexer import Indexer
    from core.services.rescoring import Rescorer


@dataclass
class AppContext:
    """Settings, database engine, blob store, extraction pool; encoder and index on first use."""

    settings: Settings
    engine: Engine
    blobs: BlobStore
    pool: WorkerPool = field(repr=False)
    _indexer: Indexer | None = field(default=None, repr=False)
    _rescorer: Rescorer | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def encoder(self) -> Encoder:
        """The embedding model (loaded on first use, about 5 s)."""
        return self.indexer.encoder

    @property
    def indexer(self) -> Indexer:
        """The indexer over the configured vector index (opened on first use)."""
        with self._lock:
            if self._indexer is None:
                from core.embeddings import get_encoder
                from core.index.factory import open_index
                from core.index.indexer import Indexer

                encoder = get_encoder(
                    self.settings.embedding_backend, str(self.settings.home / "models")
                )
                index = open_index(self.settings, encoder.dimension, encoder.model_version)
                self._indexer = Indexer(self.engine, encoder, index)
            return self._indexer

    @property
    def rescorer(self) -> Rescorer:
        """The background rescoring worker (started on first use)."""
        with self._lock:
            if self._rescorer is None:
                from core.services.rescoring import Rescorer

                self._rescorer = Rescorer()
            return self._rescorer

    def close(self) -> None:
        """Stop worker processes, close the index, release database connections."""
        if self._rescorer is not None:
            self._rescorer.close()
        self.pool.close()
        if self._indexer is not None:
            self._indexer.index.close()
        self.engine.dispose()


def limits_from(settings: Settings) -> Limits:
    """Extraction limits from settings."""
    return Limits(
        timeout_s=settings.parse_timeout_s,
        memory_mb=settings.parse_memory_mb,
        max_pages=settings.max_pages,
    )


def build_context(settings: Settings) -> AppContext:
    """Create the workspace directories and every collaborator."""
    settings.home.mkdir(parents=True, exist_ok=True)
    settings.files_dir.mkdir(parents=True, exist_ok=True)
    return AppContext(
        settings=settings,
        engine=make_engine(settings.db_url),
        blobs=BlobStore(settings.files_dir),
        pool=WorkerPool(settings.parse_workers, limits_from(settings)),
    )
