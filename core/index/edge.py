"""The default adapter: Qdrant's engine running in this process (qdrant-edge-py) on a local path.

Exact search is fast enough below ~100k points on 2 cores, so the HNSW optimiser is not run.
One process owns the path (the engine locks it); other processes use the SQL view
(core/index/sql_view.py) and leave their writes for the owner.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from qdrant_edge import (
    CountRequest,
    Distance,
    EdgeConfig,
    EdgeShard,
    EdgeVectorParams,
    FieldCondition,
    Filter,
    MatchAny,
    MatchValue,
    PayloadSchemaType,
    Point,
    Query,
    QueryRequest,
    RangeFloat,
    ScrollRequest,
    UpdateOperation,
)

from core.index.port import INDEXED_FIELDS, ChunkPoint, Hit, SearchFilter, location_terms

if TYPE_CHECKING:  # a stub-only alias, absent from the compiled module
    from qdrant_edge import ConditionType

SCHEMA = {
    "integer": PayloadSchemaType.Integer,
    "keyword": PayloadSchemaType.Keyword,
    "float": PayloadSchemaType.Float,
    "bool": PayloadSchemaType.Bool,
}


def edge_filter(where: SearchFilter | None) -> Filter | None:
    """The port's filter in qdrant-edge terms."""
    if where is None or where.is_empty():
        return None
    must: list[ConditionType] = [
        FieldCondition("skills", match=MatchValue(s)) for s in where.skills_all
    ]
    if where.min_years is not None:
        must.append(FieldCondition("years", range=RangeFloat(gte=where.min_years)))
    must += [
        FieldCondition("location_terms", match=MatchValue(t))
        for t in location_terms(where.location)
    ]
    if where.candidate_ids is not None:
        must.append(FieldCondition("candidate_id", match=MatchAny(list(where.candidate_ids))))
    flagged: list[ConditionType] | None = (
        [FieldCondition("flagged", match=MatchValue(1))] if where.hide_flagged else None
    )
    return Filter(must=must or None, must_not=flagged)


class IndexBusy(Exception):
    """Another process holds the embedded index's folder."""


class EdgeIndex:
    """Chunks in an embedded Qdrant shard."""

    owns_index = True

    def __init__(self, path: Path, dimension: int) -> None:
        self.path, self.dimension = path, dimension
        self._open()

    def _open(self) -> None:
        path, dimension = self.path, self.dimension
        path.mkdir(parents=True, exist_ok=True)
        if any(path.iterdir()):
            try:
                self.shard = EdgeShard.load(str(path))
            except Exception as e:  # the engine raises a bare Exception for a held lock
                if "WouldBlock" in str(e):
                    raise IndexBusy(str(path)) from e
                raise
        else:
            config = EdgeConfig(vectors=EdgeVectorParams(size=dimension, distance=Distance.Cosine))
            self.shard = EdgeShard.create(str(path), config)
            for name, kind in INDEXED_FIELDS.items():
                self.shard.update(UpdateOperation.create_field_index(name, SCHEMA[kind]))

    def upsert(self, points: Sequence[ChunkPoint]) -> None:
        if points:
            batch = [Point(p.id, list(p.vector), p.payload) for p in points]
            self.shard.update(UpdateOperation.upsert_points(batch))

    def delete_candidates(self, candidate_ids: Sequence[int]) -> None:
        if candidate_ids:
            where = Filter(
                must=[FieldCondition("candidate_id", match=MatchAny(list(candidate_ids)))]
            )
            self.shard.update(UpdateOperation.delete_points_by_filter(where))

    def delete(self, ids: Sequence[str]) -> None:
        if ids:
            self.shard.update(UpdateOperation.delete_points(list(ids)))

    def search(
        self, vector: Sequence[float], *, limit: int, where: SearchFilter | None = None
    ) -> list[Hit]:
        request = QueryRequest(
            limit=limit,
            query=Query.Nearest(list(vector)),
            filter=edge_filter(where),
            with_payload=True,
        )
        return [
            Hit(str(p.id), float(p.score), dict(p.payload or {})) for p in self.shard.query(request)
        ]

    def ids(self) -> set[str]:
        found: set[str] = set()
        offset = None
        while True:
            records, offset = self.shard.scroll(
                ScrollRequest(offset=offset, limit=1000, with_payload=False)
            )
            found.update(str(r.id) for r in records)
            if offset is None or not records:
                return found

    def count(self) -> int:
        return int(self.shard.count(CountRequest(exact=True)))

    def compact(self) -> None:
        """Copy the live points into a new shard and remove the old one's files: deleted points
        otherwise stay in segment pages and the write-ahead log until the optimiser runs."""
        live: list[Point] = []
        offset = None
        while True:
            records, offset = self.shard.scroll(
                ScrollRequest(offset=offset, limit=1000, with_payload=True, with_vector=True)
            )
            live += [Point(r.id, r.vector or [], dict(r.payload or {})) for r in records]
            if offset is None or not records:
                break
        self.close()
        staging = self.path.with_name(self.path.name + ".old")
        if staging.exists():  # left by an interrupted compaction
            shutil.rmtree(staging)
        self.path.rename(staging)
        self._open()
        for start in range(0, len(live), 1000):
            self.shard.update(UpdateOperation.upsert_points(live[start : start + 1000]))
        self.shard.flush()
        shutil.rmtree(staging)

    def close(self) -> None:
        self.shard.flush()
        self.shard.close()
