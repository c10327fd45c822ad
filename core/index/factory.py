"""Open the configured vector index: embedded engine, or a Qdrant server when QDRANT_URL is set."""

from __future__ import annotations

import re

from sqlalchemy.engine import Engine

from core.config import Settings
from core.index.port import VectorIndex


def _slug(model_version: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", model_version.lower()).strip("_")


def open_index(
    settings: Settings, dimension: int, model_version: str, engine: Engine | None = None
) -> VectorIndex:
    """One index per embedding model version, so versions never mix vectors.

    When another process owns the embedded index and ``engine`` is given, a read-only view
    over the SQL chunk vectors stands in for it.
    """
    if settings.qdrant_url:
        from qdrant_client import QdrantClient

        from core.index.server import ServerIndex

        client = QdrantClient(url=settings.qdrant_url, api_key=settings.qdrant_api_key)
        return ServerIndex(client, f"talentflow_{_slug(model_version)}", dimension)
    from core.index.edge import EdgeIndex, IndexBusy

    try:
        return EdgeIndex(settings.index_dir / _slug(model_version), dimension)
    except IndexBusy:
        if engine is None:
            raise
        from core.index.sql_view import SqlChunkView

        return SqlChunkView(engine, model_version, dimension)
