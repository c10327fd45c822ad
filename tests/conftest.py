"""Shared fixtures: a temporary workspace, an application context, the extraction pool."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

from core.config import Settings, get_settings
from core.context import AppContext, build_context
from core.parsing.sandbox import Limits, WorkerPool
from tests.local_services import POSTGRES, postgres_database

pytest_plugins = ["tests.canary_watch"]

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(autouse=True)
def _workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own TALENTFLOW_HOME, and settings are re-read."""
    home = tmp_path / "home"
    monkeypatch.setenv("TALENTFLOW_HOME", str(home))
    monkeypatch.setenv("TALENTFLOW_LOAD_DEMO", "false")
    monkeypatch.setenv("TALENTFLOW_APP_WORKER", "false")  # tests start a worker when they need one
    monkeypatch.setenv("TALENTFLOW_SHOW_ERROR_DETAILS", "true")  # page tests see exceptions
    monkeypatch.delenv("DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def pool() -> Iterator[WorkerPool]:
    """Extraction workers shared by the whole session (they start in about a second)."""
    with WorkerPool(2, Limits(timeout_s=20, memory_mb=1536, max_pages=50)) as shared:
        yield shared


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Where CI provides a PostgreSQL server, every core test on an application context runs on
    SQLite and again on a throwaway PostgreSQL database."""
    if (
        POSTGRES
        and "database" in metafunc.fixturenames
        and Path(str(metafunc.definition.fspath)).parent.name == "core"
    ):
        metafunc.parametrize("database", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def database(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str | None]:
    """The database URL a test's context uses: None for the workspace's SQLite file. A
    PostgreSQL one is also the environment's, for the CLI and workers the test starts."""
    if getattr(request, "param", "sqlite") == "sqlite":
        yield None
        return
    with postgres_database() as url:
        monkeypatch.setenv("DATABASE_URL", url)
        get_settings.cache_clear()
        yield url
        get_settings.cache_clear()


@pytest.fixture
def settings(_workspace: Path, database: str | None) -> Settings:
    return Settings(home=_workspace, database_url=database)


@pytest.fixture
def ctx(settings: Settings, pool: WorkerPool) -> Iterator[AppContext]:
    """An application context on a temporary SQLite workspace, sharing the session's pool."""
    context = build_context(settings)
    context.pool.close()
    context.pool = pool
    yield context
    context.engine.dispose()


@pytest.fixture
def shared_data() -> Path:
    """The public data sets beside the repository; skipped in a clone without them."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture
def accounts(ctx: AppContext) -> dict[str, str]:
    """A recruiter, an admin and a hiring manager in the context's database, for services that
    check actors."""
    from core.services.users import create_user

    people = {
        "recruiter": "rita@example.com",
        "admin": "ada@example.com",
        "hiring_manager": "hana@example.com",
    }
    for role, email in people.items():
        create_user(ctx, email, role, "correct horse battery", actor="cli")
    return people


@pytest.fixture
def engine_worker(ctx: AppContext) -> Iterator[AppContext]:
    """The work engine running in this process on the test's context (admin jobs, rescoring,
    queued ingest), as the app hosts one."""
    from core.work import runtime

    runtime.start_worker(ctx)
    yield ctx
    runtime.stop()
