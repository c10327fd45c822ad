"""The collaborators a service needs, built once per process from settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from core.config import Settings
from core.parsing.sandbox import Limits, WorkerPool
from core.store.blobs import BlobStore
from core.store.db import make_engine


@dataclass
class AppContext:
    """Settings, database engine, blob store and the extraction pool."""

    settings: Settings
    engine: Engine
    blobs: BlobStore
    pool: WorkerPool = field(repr=False)

    def close(self) -> None:
        """Stop worker processes and release database connections."""
        self.pool.close()
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
