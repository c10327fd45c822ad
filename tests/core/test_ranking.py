"""Ranking and search over real embeddings (the packaged all-MiniLM-L6-v2)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.index.indexer import Indexer
from core.parsing.files import IncomingFile
from core.scoring.model import Weights
from core.services import jobs as job_service
from core.services.ingest import ingest_files
from core.services.ranking import RankFilters, StoredRanking, rank_job, stored_ranking
from core.services.search import search_candidates
from tests import factories

JOB = """Senior Backend Engineer
Location: London

Requirements
- 5+ years building backend services in Python
- Kafka and PostgreSQL in production

Nice to have
- Go
"""
FRONTEND = (
    factories.RESUME.replace("Backend", "Frontend")
    .replace(
        "Python, Go, Kafka, PostgreSQL, Docker, Kubernetes, JS, k8s",
        "React, TypeScript, CSS, Figma",
    )
    .replace("Built Kafka pipelines in Python and Go", "Built React dashboards in TypeScript")
    .replace("Maintained PostgreSQL databases and REST APIs", "Designed accessible CSS components")
)


SALES = "Sal Stuffer\nSales Representative\nsal.a@example.com\n\nSKILLS\nSales, Customer Service\n"


@pytest.fixture
def people(ctx):
    outcomes = ingest_files(
        ctx,
        [
            IncomingFile("backend.txt", factories.RESUME.encode()),
            IncomingFile(
                "frontend.txt",
                FRONTEND.replace("Jane Example", "Fay Front")
                .replace("jane.example@example.com", "fay@example.com")
                .encode(),
            ),
            IncomingFile(
                "stuffed.pdf",
                factories.make_pdf(
                    SALES, white="Python Kafka PostgreSQL Go backend engineer " * 20
                ),
            ),
            IncomingFile("plain.pdf", factories.make_pdf(SALES.replace("sal.a@", "sal.b@"))),
        ],
        actor="cli",
    )
    job = job_service.create_job(ctx, JOB, actor="cli")
    return {o.file: o.candidate_id for o in outcomes}, job.id


def test_backend_resume_ranks_first_and_stuffing_does_not_help(ctx, people):
    ids, job_id = people
    ranked = rank_job(ctx, job_id, actor="cli")
    order = [r.candidate.id for r in ranked]
    assert order[0] == ids["backend.txt"]
    by_id = {r.candidate.id: r for r in ranked}
    stuffed, plain = by_id[ids["stuffed.pdf"]], by_id[ids["plain.pdf"]]
    assert "hidden_text" in stuffed.candidate.warnings
    # the white text counts for nothing: only the e-mail address differs between the two
    same = {k: v for k, v in stuffed.result.breakdown.items() if k != "summary"}
    assert same == {k: v for k, v in plain.result.breakdown.items() if k != "summary"}
    # (the summary reads the e-mail line too, which is a third of so short a resume)
    assert stuffed.result.score <= plain.result.score + 0.01
    assert order.index(ids["stuffed.pdf"]) >= 2
    top = ranked[0].result
    assert top.missing_must == []
    assert any(
        e.level == "must" and e.matched and "Kafka" in (e.source or "") for e in top.evidence
    )


def test_ranking_is_deterministic_and_stored_with_its_model(ctx, people):
    _, job_id = people
    first = [(r.candidate.id, r.result.score) for r in rank_job(ctx, job_id, actor="cli")]
    second = [(r.candidate.id, r.result.score) for r in rank_job(ctx, job_id, actor="cli")]
    assert first == second
    from sqlmodel import select

    from core.store.db import session_scope
    from core.store.models import Prediction, Score

    with session_scope(ctx.engine) as session:
        scores = session.exec(select(Score)).all()
        predictions = session.exec(select(Prediction)).all()
    assert {s.model for s in scores} == {ctx.indexer.encoder.model_version}
    assert all(s.job_revision == 1 and s.created_at is not None for s in scores)
    assert sorted(s.candidate_id for s in scores) == sorted(p.candidate_id for p in predictions)
    assert [s.score for s in sorted(scores, key=lambda s: -s.score)] == [x[1] for x in first]
    assert all(s.evidence for s in scores)  # top 50: every one of these has its evidence
    rank_job(ctx, job_id, actor="cli")  # unchanged inputs write nothing
    with session_scope(ctx.engine) as session:
        assert len(session.exec(select(Prediction)).all()) == len(predictions)


def test_a_pool_warmed_after_ingest_is_not_tokenised_again_by_the_first_ranking(
    ctx, people, monkeypatch
):
    from core.scoring import lexical
    from core.services.ranking import warm_pool

    _, job_id = people
    lexical._BM25.clear()
    warm_pool(ctx, ctx.scoring)
    tokenised: list[int] = []
    real = lexical.bm25s.tokenize

    def counting(texts, **kwargs):
        tokenised.append(len(texts))
        return real(texts, **kwargs)

    monkeypatch.setattr(lexical.bm25s, "tokenize", counting)
    rank_job(ctx, job_id, actor="cli")
    assert tokenised == [1]  # the job's own words; the pool was indexed by the warm-up


def test_stored_scores_read_back_as_ranked_and_say_when_they_are_stale(ctx, people):
    _, job_id = people
    assert stored_ranking(ctx, job_id, actor="cli") == StoredRanking([], False)
    ranked = rank_job(ctx, job_id, actor="cli")
    stored = stored_ranking(ctx, job_id, actor="cli")
    assert stored.current
    assert [(r.candidate.id, r.result.score) for r in stored.rows] == [
        (r.candidate.id, r.result.score) for r in ranked
    ]
    assert stored.rows[0].result.breakdown == ranked[0].result.breakdown
    assert stored.rows[0].result.evidence == ranked[0].result.evidence
    assert stored_ranking(ctx, job_id, actor="cli", only_if_stale=True) == StoredRanking([], True)
    new = "Nia New\nnia@example.com\n\nSKILLS\nPython\n"
    ingest_files(ctx, [IncomingFile("new.txt", new.encode())], actor="cli")
    assert not stored_ranking(ctx, job_id, actor="cli").current  # a resume not scored yet
    assert stored_ranking(ctx, job_id, actor="cli", only_if_stale=True).rows == stored.rows
    rank_job(ctx, job_id, actor="cli")
    assert stored_ranking(ctx, job_id, actor="cli").current


def test_editing_the_job_drops_its_scores(ctx, people):
    _, job_id = people
    rank_job(ctx, job_id, actor="cli")
    job_service.update_job(ctx, job_id, weights=Weights(skills=1.0), actor="cli")
    from sqlmodel import func, select

    from core.store.db import session_scope
    from core.store.models import Score

    with session_scope(ctx.engine) as session:
        assert session.exec(select(func.count()).select_from(Score)).one() == 0


def test_filters_apply_before_scoring(ctx, people):
    ids, job_id = people
    ranked = rank_job(ctx, job_id, filters=RankFilters(skills=("React",)), actor="cli")
    assert [r.candidate.id for r in ranked] == [ids["frontend.txt"]]
    assert (
        rank_job(ctx, job_id, filters=RankFilters(hide_flagged=True, min_years=100), actor="cli")
        == []
    )


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(weights=st.tuples(*[st.floats(0.05, 1)] * 4))
def test_ranking_is_a_permutation(ctx, people, weights):
    ids, job_id = people
    w = Weights(semantic=weights[0], skills=weights[1], experience=weights[2], lexical=weights[3])
    ranked = rank_job(ctx, job_id, weights=w, store=False, actor="cli")
    assert sorted(r.candidate.id for r in ranked) == sorted(ids.values())
    scores = [r.result.score for r in ranked]
    assert scores == sorted(scores, reverse=True)


def test_search_finds_the_right_person_with_a_snippet(ctx, people):
    ids, _ = people
    results = search_candidates(ctx, "react typescript frontend developer", top=2, actor="cli")
    assert results[0].candidate_id == ids["frontend.txt"]
    assert "React" in results[0].snippet or "TypeScript" in results[0].snippet
    assert search_candidates(ctx, "kafka", filters=RankFilters(location="Paris"), actor="cli") == []


def test_reconcile_repairs_a_lost_and_a_stray_point(ctx, people):
    indexer: Indexer = ctx.indexer
    rank_job(ctx, people[1], actor="cli")
    expected = indexer.expected_ids()
    assert indexer.index.ids() == expected
    lost = sorted(expected)[0]
    indexer.index.delete([lost])
    from core.index.port import ChunkPoint

    indexer.index.upsert(
        [ChunkPoint("00000000-0000-0000-0000-00000000beef", [0.1] * 384, {"candidate_id": 999})]
    )
    summary = indexer.reconcile()
    assert summary["removed"] == 1
    assert indexer.index.ids() == expected


@pytest.fixture
def worker(ctx):
    """A background worker in this process, on the test's workspace."""
    from core.work import runtime

    runtime.start_worker(ctx)
    yield
    runtime.stop()


def wait_for_rescoring(ctx, job_id: int) -> str:
    import time

    from core.services.rescoring import rescoring_status

    deadline = time.monotonic() + 120
    while (state := rescoring_status(ctx, job_id, actor="cli")) is None or state.busy:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return state.state


def test_a_job_edit_rescores_it_in_the_background(ctx, people, worker):
    from dbos import DBOS
    from sqlmodel import func, select

    from core.store.db import session_scope
    from core.store.models import Score

    _, job_id = people
    job_service.update_job(ctx, job_id, weights=Weights(skills=1.0), actor="cli")
    job_service.update_job(
        ctx, job_id, weights=Weights(skills=0.9), actor="cli"
    )  # while the first waits
    assert wait_for_rescoring(ctx, job_id) == "done"
    with session_scope(ctx.engine) as session:
        stored = session.exec(select(func.count()).select_from(Score)).one()
        revisions = set(session.exec(select(Score.job_revision)))
    assert stored == 4
    assert revisions == {job_service.get_job(ctx, job_id, actor="cli").revision}
    runs = DBOS.list_workflows(workflow_id_prefix=f"rescore-{job_id}-", load_input=False)
    assert len(runs) <= 2


def test_a_rescoring_that_breaks_fails_and_can_run_again(ctx, people, worker, monkeypatch):
    from core.work import flows

    _, job_id = people
    real = flows.rank_job
    monkeypatch.setattr(flows, "rank_job", lambda *a, **k: 1 / 0)
    job_service.update_job(ctx, job_id, weights=Weights(skills=1.0), actor="cli")
    assert wait_for_rescoring(ctx, job_id) == "failed"
    monkeypatch.setattr(flows, "rank_job", real)
    job_service.update_job(ctx, job_id, weights=Weights(skills=0.5), actor="cli")
    assert wait_for_rescoring(ctx, job_id) == "done"
