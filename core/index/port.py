"""The vector index port: what TalentFlow asks of any vector store, and the data it exchanges.

Points are resume chunks. Their ids are deterministic (uuid5 of resume hash, chunk position and
model version), so replaying an upsert never duplicates. Payload fields used by filters are
indexed by every adapter.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

NAMESPACE = uuid.UUID("6f1c2a52-3c0e-4f5e-9a55-7a1c2b1e9d10")
INDEXED_FIELDS = {
    "candidate_id": "integer",
    "skills": "keyword",
    "years": "float",
    "location_terms": "keyword",
    "flagged": "integer",  # 0/1: the embedded engine does not match boolean payloads
}


def point_id(resume_sha256: str, position: int, model_version: str) -> str:
    """The deterministic id of one chunk's point."""
    return str(uuid.uuid5(NAMESPACE, f"{resume_sha256}:{position}:{model_version}"))


@dataclass(frozen=True)
class ChunkPoint:
    """One resume chunk with its vector and the payload filters use."""

    id: str
    vector: list[float]
    payload: dict[str, Any]


@dataclass(frozen=True)
class SearchFilter:
    """Hard constraints, applied inside the index before scoring."""

    skills_all: Sequence[str] = ()
    min_years: float | None = None
    location: str | None = None
    hide_flagged: bool = False
    candidate_ids: Sequence[int] | None = None

    def is_empty(self) -> bool:
        return (
            not self.skills_all
            and self.min_years is None
            and not self.location
            and not self.hide_flagged
            and self.candidate_ids is None
        )


@dataclass(frozen=True)
class Hit:
    """A point found by a search."""

    id: str
    score: float
    payload: dict[str, Any] = field(default_factory=dict)


def location_terms(location: str | None) -> list[str]:
    """Lower-cased words of a location for keyword filters ("Berlin, Germany": berlin, germany)."""
    if not location:
        return []
    return sorted({w for w in "".join(c if c.isalnum() else " " for c in location.lower()).split()})


class VectorIndex(Protocol):
    """Operations every adapter provides."""

    owns_index: bool  # False for a view whose writes another process applies

    def upsert(self, points: Sequence[ChunkPoint]) -> None:
        """Insert or replace points."""
        ...

    def delete_candidates(self, candidate_ids: Sequence[int]) -> None:
        """Remove every point of these candidates."""
        ...

    def search(
        self, vector: Sequence[float], *, limit: int, where: SearchFilter | None = None
    ) -> list[Hit]:
        """Nearest points by cosine similarity, best first."""
        ...

    def ids(self) -> set[str]:
        """Every point id (for reconciliation with SQL)."""
        ...

    def delete(self, ids: Sequence[str]) -> None:
        """Remove points by id."""
        ...

    def count(self) -> int:
        """Number of points."""
        ...

    def compact(self) -> None:
        """Rewrite storage so deleted points leave no bytes behind (erasure)."""
        ...

    def close(self) -> None:
        """Release files and connections."""
        ...
