"""AppTest fixtures: the app on a fresh workspace, optionally with resumes already ingested."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.config import get_settings
from core.context import build_context
from core.parsing.files import IncomingFile
from core.services.ingest import ingest_files
from core.services.users import create_user
from tests import factories

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = [
    "pages/home.py",
    "pages/upload.py",
    "pages/candidates.py",
    "pages/jobs.py",
    "pages/ranking.py",
    "pages/search.py",
]


PASSWORD = "correct horse battery"


def make_user(email: str, role: str) -> None:
    """Create the account unless it exists already."""
    from core.services.users import list_users

    ctx = build_context(get_settings())
    try:
        if email not in {u.email for u in list_users(ctx, actor="cli")}:
            create_user(ctx, email, role, PASSWORD, name=email.split("@")[0].title(), actor="cli")
    finally:
        ctx.close()


def signed_in(email: str, role: str) -> AppTest:
    """The app with an account of ``role`` signed in (as after the login form)."""
    make_user(email, role)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user_email"] = email
    at.run()
    assert not at.exception
    return at


@pytest.fixture
def app(_workspace) -> AppTest:
    """The app with a recruiter signed in, on an empty workspace."""
    return signed_in("rita@example.com", "recruiter")


@pytest.fixture
def worker(_workspace, pool) -> Iterator[None]:
    """A background worker on the workspace, as the app hosts one."""
    from core.work import runtime

    ctx = build_context(get_settings())
    ctx.pool.close()
    ctx.pool = pool
    runtime.start_worker(ctx)
    yield
    runtime.stop()
    ctx.close()


def run_until(at: AppTest, done: Callable[[AppTest], bool], timeout: float = 120) -> AppTest:
    """Rerun the page (as its polling fragment would) until ``done`` holds."""
    deadline = time.monotonic() + timeout
    while not done(at):
        assert time.monotonic() < deadline, "the page never got there"
        time.sleep(0.3)
        at.run()
    return at


@pytest.fixture
def seeded(_workspace, pool) -> list[int]:
    """Two candidates ingested into the workspace before the app starts."""
    ctx = build_context(get_settings())
    ctx.pool.close()
    ctx.pool = pool
    outcomes = ingest_files(
        ctx,
        [
            IncomingFile("jane.pdf", factories.make_pdf()),
            IncomingFile(
                "stuffed.pdf",
                factories.make_pdf(
                    factories.resume_text("Max Hidden", "max@example.com"),
                    white="Kubernetes Terraform",
                ),
            ),
        ],
        actor="cli",
    )
    ctx.engine.dispose()
    return [o.candidate_id for o in outcomes]


@pytest.fixture
def review_setup(seeded):
    """A job ranked over the seeded candidates, one shortlisted, Hugo its hiring manager."""
    from core.services import jobs as job_service
    from core.services.ranking import rank_job
    from core.services.shortlists import add_to_shortlist

    make_user("hugo@example.com", "hiring_manager")
    ctx = build_context(get_settings())
    job = job_service.create_job(
        ctx, "Backend Engineer\n\nRequirements\n- Python, Kafka\n", actor="cli"
    )
    job_service.assign_managers(ctx, job.id, ["hugo@example.com"], actor="cli")
    rank_job(ctx, job.id, actor="cli")
    add_to_shortlist(ctx, job.id, seeded[0], actor="cli")
    ctx.close()
    return job.id
