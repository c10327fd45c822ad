"""AppTest fixtures: the app on a fresh workspace, optionally with resumes already ingested."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.config import get_settings
from core.parsing.files import IncomingFile
from core.services.context import build_context
from core.services.ingest import ingest_files
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


@pytest.fixture
def app(_workspace) -> AppTest:
    """The app, run once on an empty workspace."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
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
    )
    ctx.engine.dispose()
    return [o.candidate_id for o in outcomes]
