"""Scoring: components in [0, 1], determinism, monotonicity, statuses, evidence."""

import hashlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.scoring.atomic import Requirement
from core.scoring.judge import Career, judge, requirements_component, thresholds
from core.scoring.model import CandidateDoc, Evidence, Weights, combine
from core.scoring.ranker import chunk_maxima, rank
from core.scoring.requirements import extract_requirements

SKILLS = ["Python", "Kafka", "Go", "SQL", "Docker", "React", "Excel"]
JOB = (
    "Backend Engineer\n\nRequirements\n- Python and Kafka\n- 5+ years of experience\n\n"
    "Nice to have\n- Go\n"
)
REQ = extract_requirements(JOB)
YEARS_JOB = (
    "Data Engineer\n\nRequirements\n- Python\n- 5+ years of professional software engineering "
    "experience\n- 2 years of Kafka\n- 3 years managing teams\n"
)


class HashEncoder:
    """A deterministic stand-in for the embedder: a unit vector per distinct text."""

    model_version = "hash-test"
    dimension = 16

    def encode(self, texts):
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)
            out[i] = np.random.default_rng(seed).normal(size=self.dimension)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def doc(key="1", skills=(), years=None, vectors=None, text="text", roles=()) -> CandidateDoc:
    vectors = np.eye(16, dtype=np.float32)[:2] if vectors is None else vectors
    return CandidateDoc(
        key=key,
        skills=list(skills),
        years=years,
        text=text,
        chunks=["a", "b", "c", "d"][: len(vectors)],
        vectors=vectors,
        roles=roles,
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
    kinds = [(i.kind, i.level) for i in req.atomic()]
    assert kinds.count(("skill", "must")) == 2 and ("years", "must") in kinds
    assert ("degree", "must") in kinds and ("skill", "nice") in kinds


def test_edited_skills_and_years_change_the_atomic_requirements():
    edited = REQ.model_copy(update={"must_have": ["Python", "Docker"], "min_years": 3})
    items = edited.atomic()
    options = [o for i in items if i.kind == "skill" for o in i.options]
    assert "Kafka" not in options and "Docker" in options and "Python" in options
    assert [i.years for i in items if i.kind == "years"] == [3]


def test_requirements_component_counts_must_haves_twice():
    must, nice = (
        Requirement(text="a", kind="skill"),
        Requirement(text="b", kind="skill", level="nice"),
    )
    from core.scoring.judge import Judgement

    yes, no, maybe = (
        Judgement("met", "skills"),
        Judgement("not_met", "none"),
        Judgement("unsure", "meaning"),
    )
    assert requirements_component([must, nice], [yes, no]) == pytest.approx(1 / 1.5)
    assert requirements_component([must, nice], [no, yes]) == pytest.approx(0.5 / 1.5)
    assert requirements_component([must], [maybe]) == 0.5
    assert requirements_component([], []) == 1.0


def test_a_certification_is_never_met_by_similar_wording():
    item = Requirement(text="ACLS certification", kind="certification", options=["ACLS"])
    career = Career(None, [], None)
    high = thresholds()["meaning_met"] + 0.1
    close = judge(
        item, skills={"CPR"}, text="CPR and BLS certified", similarity=high, career=career
    )
    assert close.status == "unsure"
    held = judge(item, skills=set(), text="ACLS certified, 2021", similarity=0.0, career=career)
    assert held.status == "met"


def test_years_count_matching_roles_only():
    item = Requirement(text="5+ years", kind="years", years=5)
    career = Career(9, [("Nurse", 3.0, 0.9), ("Cashier", 6.0, 0.1)], None)
    verdict = judge(item, skills=set(), text="", similarity=0, career=career)
    assert verdict.status == "not_met" and "3 years in matching roles" in (verdict.detail or "")
    undated = judge(item, skills=set(), text="", similarity=0, career=Career(None, [], None))
    assert undated.status == "unsure"


def test_every_years_line_is_kept_with_its_field():
    req = extract_requirements(YEARS_JOB)
    years = [(i.text, i.options, i.primary) for i in req.atomic() if i.kind == "years"]
    assert years == [
        ("5+ years of experience in software engineering", [], True),
        ("2+ years of experience in Kafka", ["Kafka"], False),
        ("3+ years of experience in managing teams", [], False),
    ]
    assert req.min_years == 5 and "Kafka" in req.must_have
    assert [i.text for i in req.atomic() if i.kind == "skill"] == ["Python"]  # Kafka is one row


def test_minimum_years_edits_only_the_years_it_stands_for():
    items = extract_requirements(YEARS_JOB).model_copy(update={"min_years": 7}).atomic()
    assert [i.years for i in items if i.kind == "years"] == [7, 2, 3]
    cleared = extract_requirements(YEARS_JOB).model_copy(update={"min_years": None}).atomic()
    assert [i.years for i in cleared if i.kind == "years"] == [2, 3]
    dropped = extract_requirements(YEARS_JOB).model_copy(update={"must_have": ["Python"]})
    assert [i.years for i in dropped.atomic() if i.kind == "years"] == [5, 3]


def test_years_in_a_skill_need_the_skill_and_are_unsure_without_a_matching_role():
    item = next(i for i in extract_requirements(YEARS_JOB).items if i.options == ["Kafka"])
    career = Career(6, [("Software Engineer", 6.0, 0.2)], None)

    def status(skills: set[str], career: Career) -> str:
        return judge(item, skills=skills, text="", similarity=0, career=career).status

    assert status(set(), career) == "not_met"  # never names Kafka
    assert status({"Kafka"}, career) == "unsure"  # names it; its years are not dated
    assert status({"Kafka"}, Career(1, [("Software Engineer", 1.0, 0.2)], None)) == "not_met"
    assert status({"Kafka"}, Career(6, [("Kafka Engineer", 3.0, 0.9)], None)) == "met"


def test_degree_by_level():
    item = Requirement(text="Bachelor's degree", kind="degree", degree="bachelor")
    assert (
        judge(item, skills=set(), text="", similarity=0, career=Career(None, [], 3)).status == "met"
    )
    assert (
        judge(item, skills=set(), text="", similarity=0, career=Career(None, [], 1)).status
        == "not_met"
    )
    assert (
        judge(item, skills=set(), text="", similarity=0, career=Career(None, [], None)).status
        == "unsure"
    )


def test_evidence_names_missing_must_haves():
    [result] = rank(
        REQ,
        JOB,
        [doc(skills=["Python"], years=6, text="Python services")],
        HashEncoder(),
        Weights(),
    )
    assert "Kafka" in result.missing_must
    rows = {(e.requirement, e.status) for e in result.evidence}
    assert ("Python", "met") in rows and ("Kafka", "not_met") in rows
    python = next(e for e in result.evidence if e.requirement == "Python")
    assert python.matched and python.source == "Python services"


def test_stored_evidence_of_older_versions_still_loads():
    old = Evidence.from_stored(
        {"requirement": "Go", "matched": False, "source": None, "kind": "nice"}
    )
    assert old.kind == "skill" and old.level == "nice" and old.status == "not_met"


@settings(max_examples=60, deadline=None)
@given(
    skills=st.lists(st.sampled_from(SKILLS), unique=True),
    years=st.one_of(st.none(), st.floats(0, 40)),
    seed=st.integers(0, 1000),
    weights=st.tuples(*[st.floats(0, 1)] * len(Weights.model_fields)),
)
def test_scores_are_in_unit_interval_and_deterministic(skills, years, seed, weights):
    rng = np.random.default_rng(seed)
    vectors = rng.normal(size=(3, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    w = Weights(**dict(zip(Weights.model_fields, weights, strict=True)))
    candidate = doc(skills=skills, years=years, vectors=vectors, text=" ".join(skills))
    [a] = rank(REQ, JOB, [candidate], HashEncoder(), w)
    [b] = rank(REQ, JOB, [candidate], HashEncoder(), w)
    assert 0.0 <= a.score <= 1.0
    assert all(0.0 <= v <= 1.0 for v in a.breakdown.values())
    assert a.score == b.score and a.breakdown == b.breakdown


@settings(max_examples=40, deadline=None)
@given(
    skills=st.lists(st.sampled_from(SKILLS), unique=True),
    added=st.sampled_from(["Python", "Kafka"]),
)
def test_monotone_in_added_must_have_skills(skills, added):
    before = doc(key="a", skills=skills, years=3, text="x")
    after = doc(key="b", skills={*skills, added}, years=3, text="x")
    scores = {r.key: r.score for r in rank(REQ, JOB, [before, after], HashEncoder(), Weights())}
    assert scores["b"] >= scores["a"]


def test_combine_normalises_weights():
    breakdown = {"requirements": 1.0, "lexical": 0.0}
    zero = dict.fromkeys(Weights.model_fields, 0.0)
    assert combine(breakdown, Weights(**{**zero, "requirements": 1, "lexical": 1})) == 0.5
    assert combine(breakdown, Weights(**zero)) == 0.0


def test_required_skills_filter_uses_the_same_matching():
    docs = [
        doc(key="a", skills=["Microsoft PowerShell"], text="PowerShell"),
        doc(key="b", text="x"),
    ]
    kept = rank(REQ, JOB, docs, HashEncoder(), Weights(), required=["Microsoft PowerShell"])
    assert [r.key for r in kept] == ["a"]


def test_onnx_backend_matches_torch(tmp_path):
    from core.embeddings import TorchEncoder
    from core.onnx_encoder import OnnxEncoder

    texts = ["Senior backend engineer, Python and Kafka", "Pastry chef with ten years in hotels"]
    onnx = OnnxEncoder(tmp_path / "onnx", quantise=False).encode(texts)
    torch = TorchEncoder().encode(texts)
    assert onnx.shape == (2, 384)
    assert (onnx * torch).sum(axis=1).min() > 0.999


def test_chunk_maxima_equals_the_per_candidate_formula():
    rng = np.random.default_rng(3)
    probes = rng.normal(size=(3, 8)).astype(np.float32)
    docs = [
        doc(key=str(i), vectors=rng.normal(size=(n, 8)).astype(np.float32) / 3)
        for i, n in enumerate([1, 4, 0, 2])
    ]
    maxima = chunk_maxima(probes, docs)
    for j, d in enumerate(docs):
        expected = (probes @ d.vectors.T).max(axis=1) if len(d.vectors) else np.zeros(3)
        assert maxima[:, j] == pytest.approx(expected, abs=1e-6)


@settings(max_examples=30, deadline=None)
@given(
    skills=st.lists(st.lists(st.sampled_from(SKILLS), unique=True), min_size=1, max_size=5),
    seed=st.integers(0, 1000),
    shallow=st.booleans(),
    job=st.sampled_from([JOB, YEARS_JOB]),
)
def test_pool_statuses_equal_one_by_one_judgements(skills, seed, shallow, job):
    from core.scoring.judge import VALUE
    from core.scoring.pool import TitleFit, judge_all, status_values
    from core.scoring.probe import job_probe

    rng = np.random.default_rng(seed)
    docs = []
    for i, have in enumerate(skills):
        vectors = rng.normal(size=(3, 16)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        text = ("basic " if shallow else "") + ", ".join(have)
        roles = (("Engineer", float(i)),) if i % 2 else ()  # dated roles on every other one
        docs.append(
            doc(
                key=str(i), skills=have, years=float(i * 3), vectors=vectors, text=text, roles=roles
            )
        )
    probe = job_probe(extract_requirements(job), job, HashEncoder())
    maxima = chunk_maxima(probe.probes, docs)
    fit = TitleFit({"Engineer": 0.6}, {})
    values, _, _ = status_values(probe, docs, maxima, fit)
    for j, d in enumerate(docs):
        one_by_one = [VALUE[x.status] for x in judge_all(probe, d, maxima[:, j], fit)]
        assert values[:, j].tolist() == one_by_one


def test_a_frozen_vocabulary_keeps_no_personal_data():
    from core.scoring.lexical import LexicalVocabulary

    resumes = [
        f"Quentin Vellacott qvell{i} python kafka services +44 20 7946 09{i}" for i in range(4)
    ] + ["python kafka teams", "kafka python data", "python services data"]
    vocabulary = LexicalVocabulary.fit(resumes, personal=["Quentin Vellacott", "qvell0"])
    terms = set(vocabulary.vectorizer.vocabulary_)
    assert {"python", "kafka"} <= terms
    assert not [
        t for t in terms if "quentin" in t or "vellacott" in t or any(c.isdigit() for c in t)
    ]
    assert not [t for t in terms if t.startswith("qvell")]  # rare terms are dropped as well
