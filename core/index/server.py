"""The scale-out adapter: a Qdrant server or cluster through qdrant-client (``QDRANT_URL``).

``QdrantClient(":memory:")`` speaks the same API, which is how the contract tests cover this
adapter without a server.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qdrant_client import QdrantClient, models

from core.index.port import INDEXED_FIELDS, ChunkPoint, Hit, SearchFilter, location_terms

SCHEMA = {
    "integer": models.PayloadSchemaType.INTEGER,
    "keyword": models.PayloadSchemaType.KEYWORD,
    "float": models.PayloadSchemaType.FLOAT,
    "bool": models.PayloadSchemaType.BOOL,
}


def server_filter(where: SearchFilter | None) -> models.Filter | None:
    """The port's filter in qdrant-client terms."""
    if where is None or where.is_empty():
        return None
    must: list[Any] = [
        models.FieldCondition(key="skills", match=models.MatchValue(value=s))
        for s in where.skills_all
    ]
    if where.min_years is not None:
        must.append(models.FieldCondition(key="years", range=models.Range(gte=where.min_years)))
    must += [
        models.FieldCondition(key="location_terms", match=models.MatchValue(value=t))
        for t in location_terms(where.location)
    ]
    if where.hide_flagged:
        must.append(models.FieldCondition(key="flagged", match=models.MatchValue(value=0)))
    if where.candidate_ids is not None:
        must.append(
            models.FieldCondition(
                key="candidate_id", match=models.MatchAny(any=list(where.candidate_ids))
            )
        )
    return models.Filter(must=must)


class ServerIndex:
    """Chunks in a Qdrant collection."""

    owns_index = True  # every process writes to the server

    def __init__(
        self, client: QdrantClient, collection: str, dimension: int, *, payload_indexes: bool = True
    ) -> None:
        self.client = client
        self.collection = collection
        if not client.collection_exists(collection):
            client.create_collection(
                collection,
                vectors_config=models.VectorParams(size=dimension, distance=models.Distance.COSINE),
            )
            # qdrant-client's local mode ignores payload indexes (and warns); a server uses them
            for name, kind in INDEXED_FIELDS.items() if payload_indexes else ():
                client.create_payload_index(collection, name, field_schema=SCHEMA[kind])

    def upsert(self, points: Sequence[ChunkPoint]) -> None:
        if points:
            self.client.upsert(
                self.collection,
                points=[
                    models.PointStruct(id=p.id, vector=list(p.vector), payload=p.payload)
                    for p in points
                ],
            )

    def delete_candidates(self, candidate_ids: Sequence[int]) -> None:
        if candidate_ids:
            where = models.Filter(
                must=[
                    models.FieldCondition(
                        key="candidate_id", match=models.MatchAny(any=list(candidate_ids))
                    )
                ]
            )
            self.client.delete(self.collection, points_selector=models.FilterSelector(filter=where))

    def compact(self) -> None:
        """Nothing to do here: the server's optimiser rewrites segments after deletions."""

    def delete(self, ids: Sequence[str]) -> None:
        if ids:
            self.client.delete(
                self.collection, points_selector=models.PointIdsList(points=list(ids))
            )

    def search(
        self, vector: Sequence[float], *, limit: int, where: SearchFilter | None = None
    ) -> list[Hit]:
        response = self.client.query_points(
            self.collection,
            query=list(vector),
            query_filter=server_filter(where),
            limit=limit,
            with_payload=True,
        )
        return [Hit(str(p.id), float(p.score), dict(p.payload or {})) for p in response.points]

    def ids(self) -> set[str]:
        found: set[str] = set()
        offset = None
        while True:
            records, offset = self.client.scroll(
                self.collection, limit=1000, offset=offset, with_payload=False
            )
            found.update(str(r.id) for r in records)
            if offset is None:
                return found

    def count(self) -> int:
        return int(self.client.count(self.collection, exact=True).count)

    def close(self) -> None:
        self.client.close()
