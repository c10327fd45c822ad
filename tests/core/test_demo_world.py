"""The demo's first start: every page has something to show, the same way every time."""

from pathlib import Path

import pytest
from sqlmodel import select

from core.config import Settings
from core.context import AppContext, build_context
from core.registry.loading import BUILTIN
from core.services import audit, drift, models, overview, pipeline
from core.services.bias_audit import job_audit
from core.services.demo import load_demo
from core.services.jobs import list_jobs
from core.services.notes import notes_of
from core.services.reviews import reviews_by_candidate
from core.services.shortlists import shortlist
from core.services.tags import tags_by_candidate
from core.services.users import ensure_demo_users
from core.store.db import session_scope
from core.store.models import SelfIdentification
from core.work import admin_jobs

pytestmark = pytest.mark.slow  # the whole demo, ingested and ranked

ADMIN, RECRUITER, MANAGER = (
    "admin@talentflow.local",
    "recruiter@talentflow.local",
    "manager@talentflow.local",
)
BACKEND = "Senior Backend Engineer (Python)"


def demo_workspace(home: Path, pool) -> AppContext:
    ctx = build_context(Settings(home=home, load_demo=False))
    ctx.pool.close()
    ctx.pool = pool
    ensure_demo_users(ctx, actor="demo")
    load_demo(ctx, actor="demo")
    return ctx


@pytest.fixture(scope="module")
def world(tmp_path_factory, pool) -> AppContext:
    ctx = demo_workspace(tmp_path_factory.mktemp("demo") / "home", pool)
    yield ctx
    ctx.close()


def job_id(ctx: AppContext, title: str) -> int:
    return next(j.id for j in list_jobs(ctx, actor=ADMIN) if j.title == title)


def test_the_manager_has_two_jobs_with_shortlists_waiting(world):
    waiting = overview.reviews_waiting(world, actor=MANAGER)
    assert len(waiting) == 2
    assert all(w.shortlisted >= 3 and w.waiting >= 1 for w in waiting)
    assert sum(w.shortlisted - w.waiting for w in waiting) == 2  # two decisions made


def test_the_recruiter_sees_decisions_stages_notes_and_tags(world):
    backend = job_id(world, BACKEND)
    entries = shortlist(world, backend, actor=RECRUITER)
    assert sorted(e.entry.status for e in entries) == ["approve", "hold", "pending", "pending"]
    funnel = dict(pipeline.funnel(world, backend, actor=RECRUITER))
    assert funnel["Interview"] == 1 and funnel["Screened"] == 2 and funnel["Rejected"] == 2
    top = next(e.candidate.id for e in entries if e.entry.status == "approve")  # ranked first
    assert reviews_by_candidate(world, backend, actor=RECRUITER)
    assert notes_of(world, top, actor=RECRUITER)
    assert "referral" in tags_by_candidate(world, actor=RECRUITER).get(top, [])
    attention = overview.recruiting_overview(world, actor=RECRUITER).attention
    assert {a.concern for a in attention} >= {"reviews"}


def test_drift_draws_two_weeks_against_a_reference(world):
    report = drift.drift_report(world, actor=ADMIN)
    assert not any("No reference" in n for n in report.notes)
    assert len(report.days) >= 14
    assert report.current is not None and report.current.psi is not None
    assert report.current.centroid is not None
    new = overview.recruiting_overview(world, actor=RECRUITER).new_this_week
    assert 0 < new < 35  # candidates arrived over two weeks, not all today


def test_a_champion_and_a_challenger_are_registered_with_their_metrics(world):
    table = models.list_versions(world, actor=ADMIN)
    assert table.champion != BUILTIN and table.challenger not in (None, table.champion)
    by_version = {v.version: v for v in table.versions}
    for version in (table.champion, table.challenger):
        metrics = by_version[version].metrics
        assert 0 < metrics["demo_all_ndcg_at_10"] <= 1 and metrics["demo_stuffed_resume_rank"] > 3
        assert by_version[version].tags["evaluated_on"] == "demo"
    assert by_version[table.challenger].tags["source"] == "lexical fit"
    assert world.scoring.version == table.champion  # the world is scored by the champion
    assert drift.drift_report(world, actor=ADMIN).current is not None
    assert not models.latest_job(world, admin_jobs.ACTIVATE, actor=ADMIN)  # nothing to rescore


def test_the_bias_audit_has_its_tables_and_says_the_data_is_synthetic(world):
    result = job_audit(world, job_id(world, BACKEND), basis="scores", actor=ADMIN)
    assert result.with_self_id == result.people == result.synthetic > 0
    assert result.report.by_sex and result.report.by_race
    assert any(e.action == "bias.audit" for e in audit.events(world, actor=ADMIN))


def test_the_same_demo_builds_the_same_world(world, tmp_path, pool):
    again = demo_workspace(tmp_path / "home", pool)
    try:

        def picture(ctx: AppContext) -> tuple:
            backend = job_id(ctx, BACKEND)
            with session_scope(ctx.engine) as session:
                rows = session.exec(select(SelfIdentification))
                identities = sorted((s.candidate_id, s.sex, s.race) for s in rows)
            return (
                [(e.candidate.email, e.entry.status) for e in shortlist(ctx, backend, actor=ADMIN)],
                pipeline.funnel(ctx, backend, actor=ADMIN),
                identities,
                [(v.version, v.metrics) for v in models.list_versions(ctx, actor=ADMIN).versions],
            )

        assert picture(again) == picture(world)
    finally:
        again.close()
