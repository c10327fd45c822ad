"""Scoring: components in [0, 1], determinism, monotonicity, permutation, evidence."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.scoring.model import (
    CandidateDoc,
    Weights,
    combine,
    experience_component,
    score_candidate,
    skills_component,
)
from core.scoring.requirements import Requirements, extract_requirements

SKILLS = ["Python", "Kafka", "Go", "SQL", "Docker", "React", "Excel"]
REQ = Requirements(title="Backend", must_have=["Python", "Kafka"], nice_to_have=["Go"], min_years=5)


def doc(key="1", skills=(), years=None, vectors=None) -> CandidateDoc:
    vectors = np.eye(4, dtype=np.float32)[:2] if vectors is None else vectors
    return CandidateDoc(
        key=key,
        skills=list(skills),
        years=years,
        text="text",
        chunks=["a", "b"][: len(vectors)],
        vectors=vectors,
    )


def test_extract_requirements_from_headings():
    req = extract_requirements(
        "Data Engineer\nLocation: Berlin\n\nRequirements\n- 3+ years with Python and SQL\n"
        "- Bachelor's degree\n\nNice to have\n- Spark\n"
    )
    assert req.title == "Data Engineer"
    assert req.must_have == ["Python", "SQL"]
    assert req.nice_to_have == ["Spark"]
    assert req.min_years == 3 and req.degree == "bachelor" and req.location == "Berlin"


def test_skills_weight_must_haves_twice():
    assert skills_component(REQ, ["Python", "Kafka", "Go"]) == 1.0
    assert skills_component(REQ, ["Go"]) == 1 / 5
    assert skills_component(REQ, ["Python"]) == 2 / 5


def test_experience_fit():
    assert experience_component(REQ, 10) == 1.0
    assert experience_component(REQ, 2.5) == 0.5
    assert experience_component(REQ, None) == 0.5
    assert experience_component(Requirements(), None) == 1.0


def test_evidence_names_missing_must_haves():
    result = score_candidate(
        REQ,
        np.eye(4, dtype=np.float32)[:1],
        ["python services"],
        doc(skills=["Python"], years=6),
        0.2,
        Weights(),
    )
    assert result.missing_must == ["Kafka"]
    kinds = {(e.requirement, e.matched) for e in result.evidence if e.kind in {"must", "years"}}
    assert ("Python", True) in kinds and ("Kafka", False) in kinds
    assert ("5+ years of experience", True) in kinds


@settings(max_examples=80, deadline=None)
@given(
    skills=st.lists(st.sampled_from(SKILLS), unique=True),
    years=st.one_of(st.none(), st.floats(0, 40)),
    lexical=st.floats(-1, 2),
    seed=st.integers(0, 1000),
    weights=st.tuples(*[st.floats(0, 1)] * 4),
)
def test_scores_are_in_unit_interval_and_deterministic(skills, years, lexical, seed, weights):
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(3, 4)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    probes = vectors[:1]
    w = Weights(semantic=weights[0], skills=weights[1], experience=weights[2], lexical=weights[3])
    a = score_candidate(
        REQ, probes, ["x"], doc(skills=skills, years=years, vectors=vectors), lexical, w
    )
    b = score_candidate(
        REQ, probes, ["x"], doc(skills=skills, years=years, vectors=vectors), lexical, w
    )
    assert 0.0 <= a.score <= 1.0
    assert all(0.0 <= v <= 1.0 for v in a.breakdown.values())
    assert a.score == b.score and a.breakdown == b.breakdown


@settings(max_examples=60, deadline=None)
@given(skills=st.lists(st.sampled_from(SKILLS), unique=True), added=st.sampled_from(REQ.must_have))
def test_monotone_in_added_must_have_skills(skills, added):
    probes = np.eye(4, dtype=np.float32)[:1]
    before = score_candidate(REQ, probes, ["x"], doc(skills=skills, years=3), 0.1, Weights())
    after = score_candidate(
        REQ, probes, ["x"], doc(skills={*skills, added}, years=3), 0.1, Weights()
    )
    assert after.score >= before.score


def test_combine_normalises_weights():
    breakdown = {"semantic": 1.0, "skills": 0.0, "experience": 1.0, "lexical": 0.0}
    assert combine(breakdown, Weights(semantic=1, skills=1, experience=0, lexical=0)) == 0.5
    assert combine(breakdown, Weights(semantic=0, skills=0, experience=0, lexical=0)) == 0.0


def test_onnx_backend_matches_torch(tmp_path):
    from core.embeddings import TorchEncoder
    from core.onnx_encoder import OnnxEncoder

    texts = ["Senior backend engineer, Python and Kafka", "Pastry chef with ten years in hotels"]
    onnx = OnnxEncoder(tmp_path / "onnx", quantise=False).encode(texts)
    torch = TorchEncoder().encode(texts)
    assert onnx.shape == (2, 384)
    assert (onnx * torch).sum(axis=1).min() > 0.999


def test_batch_semantic_equals_the_per_candidate_formula():
    from core.scoring.model import semantic_component
    from core.scoring.ranker import batch_semantic

    rng = np.random.default_rng(3)
    probes = rng.normal(size=(3, 8)).astype(np.float32)
    docs = [
        doc(key=str(i), vectors=rng.normal(size=(n, 8)).astype(np.float32) / 3)
        for i, n in enumerate([1, 4, 0, 2])
    ]
    batch = batch_semantic(probes, docs)
    for d, value in zip(docs, batch, strict=True):
        assert value == pytest.approx(semantic_component(probes, d.vectors)[0], abs=1e-6)
