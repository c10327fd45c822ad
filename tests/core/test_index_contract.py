"""One contract, two adapters: the embedded engine and qdrant-client (in-memory server API)."""

import numpy as np
import pytest
from qdrant_client import QdrantClient

from core.index.edge import EdgeIndex
from core.index.port import ChunkPoint, SearchFilter, location_terms, point_id
from core.index.server import ServerIndex

DIM = 8


@pytest.fixture(params=["edge", "server"])
def index(request, tmp_path):
    if request.param == "edge":
        adapter = EdgeIndex(tmp_path / "edge", DIM)
    else:
        adapter = ServerIndex(QdrantClient(":memory:"), "chunks", DIM, payload_indexes=False)
    yield adapter
    adapter.close()


def unit(seed: int) -> list[float]:
    vector = np.random.default_rng(seed).normal(size=DIM)
    return list((vector / np.linalg.norm(vector)).astype(float))


def point(
    n: int, candidate: int, *, skills=(), years=0.0, location="", flagged=False
) -> ChunkPoint:
    return ChunkPoint(
        id=point_id(f"{candidate:064d}", n, "test-model"),
        vector=unit(n),
        payload={
            "candidate_id": candidate,
            "skills": list(skills),
            "years": years,
            "location_terms": location_terms(location),
            "flagged": int(flagged),
            "chunk": n,
        },
    )


POINTS = [
    point(1, 1, skills=["Python", "Kafka"], years=6, location="Berlin, Germany"),
    point(2, 1, skills=["Python", "Kafka"], years=6, location="Berlin, Germany"),
    point(3, 2, skills=["Python"], years=2, location="London, UK"),
    point(4, 3, skills=["Java"], years=9, location="Berlin, Germany", flagged=True),
]


def test_point_ids_are_deterministic():
    assert point_id("ab", 0, "m") == point_id("ab", 0, "m") != point_id("ab", 1, "m")


def test_nearest_point_comes_first(index):
    index.upsert(POINTS)
    hits = index.search(unit(3), limit=2)
    assert hits[0].id == POINTS[2].id
    assert hits[0].score == pytest.approx(1.0, abs=1e-4)
    assert hits[0].payload["candidate_id"] == 2


def test_upsert_is_idempotent(index):
    index.upsert(POINTS)
    index.upsert(POINTS)
    assert index.count() == 4
    assert index.ids() == {p.id for p in POINTS}


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (SearchFilter(skills_all=["Python", "Kafka"]), {1}),
        (SearchFilter(min_years=5), {1, 3}),
        (SearchFilter(location="berlin"), {1, 3}),
        (SearchFilter(hide_flagged=True), {1, 2}),
        (SearchFilter(candidate_ids=[2, 3]), {2, 3}),
        (SearchFilter(skills_all=["Python"], min_years=5, location="Berlin"), {1}),
    ],
)
def test_filters(index, where, expected):
    index.upsert(POINTS)
    hits = index.search(unit(9), limit=10, where=where)
    assert {h.payload["candidate_id"] for h in hits} == expected


def test_delete_by_candidate_and_by_id(index):
    index.upsert(POINTS)
    index.delete_candidates([1])
    assert index.count() == 2
    index.delete([POINTS[2].id])
    assert index.ids() == {POINTS[3].id}
