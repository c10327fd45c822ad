"""What the Overview shows each role: counts, funnels, what waits, and who may see which."""

import datetime as dt

import pytest

from core.auth.policy import PermissionDenied
from core.parsing.files import IncomingFile
from core.services import audit, pipeline
from core.services import jobs as job_service
from core.services.ingest import ingest_files
from core.services.overview import admin_overview, recruiting_overview, reviews_waiting
from core.services.reviews import submit_review
from core.services.shortlists import add_to_shortlist
from core.services.users import create_user
from core.store.models import utcnow
from tests import factories

RITA, ADA, HUGO = "rita@example.com", "ada@example.com", "hugo@example.com"


@pytest.fixture
def world(ctx, accounts):
    """Three candidates, two open jobs (Hugo manages the first) and a closed one."""
    create_user(ctx, HUGO, "hiring_manager", "correct horse battery", actor="cli")
    files = [
        IncomingFile(f"{n}.txt", factories.resume_text(f"Person {n}", f"p{n}@example.com").encode())
        for n in "abc"
    ]
    ids = [o.candidate_id for o in ingest_files(ctx, files, actor="cli")]
    managed = job_service.create_job(ctx, "Backend Engineer\nMust have: Python\n", actor="cli")
    job_service.assign_managers(ctx, managed.id, [HUGO], actor="cli")
    other = job_service.create_job(ctx, "Data Analyst\nMust have: SQL\n", actor="cli")
    closed = job_service.create_job(ctx, "Designer\nMust have: Figma\n", actor="cli")
    job_service.set_status(ctx, closed.id, "closed", actor="cli")
    return managed.id, other.id, ids


def test_the_recruiter_sees_open_jobs_with_their_funnels(ctx, world):
    managed, _, ids = world
    pipeline.move_candidates(ctx, managed, ids[:2], "Interview", actor=RITA)
    overview = recruiting_overview(ctx, actor=RITA)
    assert [j.title for j in overview.jobs] == ["Backend Engineer", "Data Analyst"]  # busiest first
    funnel = dict(next(j for j in overview.jobs if j.job_id == managed).stages)
    assert funnel["New"] == 1 and funnel["Interview"] == 2 and funnel["Rejected"] == 0
    assert overview.counts.candidates == 3 and overview.counts.open_jobs == 2


def test_new_this_week_counts_the_last_seven_days(ctx, world):
    assert recruiting_overview(ctx, actor=RITA).new_this_week == 3
    later = utcnow() + dt.timedelta(days=8)
    assert recruiting_overview(ctx, actor=RITA, now=later).new_this_week == 0


def test_waiting_reviews_need_attention_only_on_jobs_with_a_manager(ctx, world):
    managed, other, ids = world
    add_to_shortlist(ctx, managed, ids[0], actor=RITA)
    add_to_shortlist(ctx, other, ids[1], actor=RITA)  # nobody assigned to review it yet

    def reviews() -> list[tuple[str, int, int | None]]:
        attention = recruiting_overview(ctx, actor=RITA).attention
        return [(a.concern, a.count, a.job_id) for a in attention if a.concern == "reviews"]

    assert reviews() == [("reviews", 1, managed)]
    submit_review(ctx, managed, ids[0], decision="approve", rating=4, actor=HUGO)
    assert reviews() == []


def test_a_flagged_resume_needs_attention(ctx, accounts):
    hidden = factories.make_pdf(
        factories.resume_text("Max Hidden", "max@example.com"), white="Kubernetes Terraform"
    )
    ingest_files(ctx, [IncomingFile("max.pdf", hidden)], actor="cli")
    [item] = recruiting_overview(ctx, actor=RITA).attention
    assert (item.concern, item.count) == ("flagged", 1)


def test_a_manager_sees_only_what_waits_for_them(ctx, world):
    managed, other, ids = world
    add_to_shortlist(ctx, managed, ids[0], actor=RITA)
    add_to_shortlist(ctx, managed, ids[1], actor=RITA)
    add_to_shortlist(ctx, other, ids[2], actor=RITA)
    [item] = reviews_waiting(ctx, actor=HUGO)
    assert (item.job_id, item.shortlisted, item.waiting) == (managed, 2, 2)
    submit_review(ctx, managed, ids[0], decision="hold", rating=2, actor=HUGO)
    [item] = reviews_waiting(ctx, actor=HUGO)
    assert item.waiting == 1
    with pytest.raises(PermissionDenied):
        recruiting_overview(ctx, actor=HUGO)  # no workspace numbers for a manager
    with pytest.raises(PermissionDenied):
        reviews_waiting(ctx, actor=RITA)  # a recruiter does not review


def test_the_admin_sees_models_bias_and_fourteen_days_of_activity(ctx, world):
    overview = admin_overview(ctx, actor=ADA)
    assert (overview.open_alerts, overview.champion, overview.challenger) == (0, "builtin", None)
    assert overview.last_bias_audit is None
    assert len(overview.activity) == 14
    assert overview.activity[-1][0] == utcnow().date()
    today = overview.activity[-1][1]
    assert today == len(audit.events(ctx, actor=ADA, limit=10_000))
    assert sum(n for _, n in overview.activity[:-1]) == 0
    with pytest.raises(PermissionDenied):
        admin_overview(ctx, actor=RITA)
