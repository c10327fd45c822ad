"""A read-only view of the vector index for a process that does not own the embedded index.

The embedded engine locks its folder: one process (the app, or whichever process opened it
first) owns it. Every other process on the same workspace (a CLI ``search``, ``reindex`` or
``ingest``, a worker) writes chunk vectors to SQL, which is the source of truth, and leaves an
outbox event; the owner applies them to the index on its next sync. Searches in such a process
run exactly over the SQL chunk vectors of current resumes, with the same filters and payloads.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from core.index.port import ChunkPoint, Hit, SearchFilter, location_terms
from core.store.db import session_scope
from core.store.models import Candidate, ChunkVector


def _passes(candidate: Candidate, where: SearchFilter | None) -> bool:
    if where is None or where.is_empty():
        return True
    if where.hide_flagged and candidate.flagged:
        return False
    if where.min_years is not None and (candidate.years_experience or 0.0) < where.min_years:
        return False
    if where.candidate_ids is not None and candidate.id not in set(where.candidate_ids):
        return False
    if not set(where.skills_all) <= set(candidate.skills):
        return False
    return set(location_terms(where.location)) <= set(location_terms(candidate.location))


class SqlChunkView:
    """Exact search over SQL chunk vectors; writes are left to the index's owner."""

    owns_index = False

    def __init__(self, engine: Engine, model_version: str, dimension: int) -> None:
        self.engine, self.model_version, self.dimension = engine, model_version, dimension

    def _current(self) -> list[tuple[ChunkVector, Candidate]]:
        with session_scope(self.engine) as session:
            return list(
                session.exec(
                    select(ChunkVector, Candidate)
                    .join(Candidate, col(Candidate.current_resume_id) == col(ChunkVector.resume_id))
                    .where(ChunkVector.model == self.model_version)
                    .order_by(col(ChunkVector.point_id))
                ).all()
            )

    def upsert(self, points: Sequence[ChunkPoint]) -> None:
        """Nothing to do: the vectors are in SQL already and the owner indexes them."""

    def delete_candidates(self, candidate_ids: Sequence[int]) -> None:
        """Nothing to do: the owner drops points SQL no longer expects."""

    def delete(self, ids: Sequence[str]) -> None:
        """Nothing to do: the owner drops points SQL no longer expects."""

    def search(
        self, vector: Sequence[float], *, limit: int, where: SearchFilter | None = None
    ) -> list[Hit]:
        from core.index.indexer import payload_for

        rows = [(chunk, person) for chunk, person in self._current() if _passes(person, where)]
        if not rows:
            return []
        matrix = np.stack([np.frombuffer(chunk.vector, dtype=np.float32) for chunk, _ in rows])
        scores = matrix @ np.asarray(vector, dtype=np.float32)
        best = np.argsort(-scores, kind="stable")[:limit]
        return [
            Hit(rows[i][0].point_id, float(scores[i]), payload_for(rows[i][1], rows[i][0]))
            for i in best
        ]

    def ids(self) -> set[str]:
        return {chunk.point_id for chunk, _ in self._current()}

    def count(self) -> int:
        return len(self._current())

    def compact(self) -> None:
        """Nothing to do: the owner compacts when it applies an erasure."""

    def close(self) -> None:
        """Nothing is held open."""
