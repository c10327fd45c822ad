"""Open the configured vector index: embedded engine, or a Qdrant server when QDRANT_URL is set."""

from __future__ import annotations

import re

from core.config import Settings
from core.index.port import VectorIndex


def _slug(model_version: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", model_version.lower()).strip("_")


def open_index(settings: Settings, dimension: int, model_version: str) -> VectorIndex:
    """One index per embedding model version, so versions never mix vectors."""
    if settings.qdrant_url:
        from qdrant_client import QdrantClient

        from core.index.server import ServerIndex

        client = QdrantClient(url=settings.qdrant_url, api_key=settings.qdrant_api_key)
        return ServerIndex(client, f"talentflow_{_slug(model_version)}", dimension)
    from core.index.edge import EdgeIndex

    return EdgeIndex(settings.index_dir / _slug(model_version), dimension)
