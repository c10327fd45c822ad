"""Periodic work on the engine's schedules: retention (audited) and the drift check."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from core.config import Settings
from core.context import build_context
from core.parsing.files import IncomingFile
from core.services.ingest import ingest_files
from core.store.db import session_scope
from core.store.models import AuditEvent, Candidate, Resume
from core.work import runtime
from core.work.flows import DRIFT_SCHEDULE, RETENTION_SCHEDULE
from tests import factories


@pytest.fixture
def worker_ctx(_workspace, pool, monkeypatch, database):
    def start(months: str | None):
        if months is None:
            monkeypatch.delenv("TALENTFLOW_RETENTION_MONTHS", raising=False)
        else:
            monkeypatch.setenv("TALENTFLOW_RETENTION_MONTHS", months)
        ctx = build_context(Settings())
        ctx.pool.close()
        ctx.pool = pool
        runtime.start_worker(ctx)
        started.append(ctx)
        return ctx

    started: list = []
    yield start
    runtime.stop()
    for ctx in started:
        ctx.close()


def test_a_worker_erases_the_inactive_on_its_daily_schedule(worker_ctx, pool, _workspace):
    from dbos import DBOS

    seed = build_context(Settings(home=_workspace))
    seed.pool.close()
    seed.pool = pool
    old, new = (
        o.candidate_id
        for o in ingest_files(
            seed,
            [
                IncomingFile(
                    "old.txt", factories.resume_text("Ola Old", "ola@example.com").encode()
                ),
                IncomingFile(
                    "new.txt", factories.resume_text("Nia New", "nia@example.com").encode()
                ),
            ],
            actor="cli",
        )
    )
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    with session_scope(seed.engine) as session:
        session.get(Candidate, old).updated_at = long_ago
        for resume in session.exec(select(Resume).where(Resume.candidate_id == old)):
            resume.created_at = long_ago
    seed.close()

    ctx = worker_ctx("24")
    [schedule] = DBOS.list_schedules(schedule_name_prefix=RETENTION_SCHEDULE)
    assert schedule["schedule"] == "0 3 * * *"
    DBOS.trigger_schedule(RETENTION_SCHEDULE).get_result()  # what 03:00 would start
    with session_scope(ctx.engine) as session:
        assert [c.id for c in session.exec(select(Candidate))] == [new]
        runs = session.exec(select(AuditEvent).where(AuditEvent.action == "retention.apply"))
        assert [r.actor for r in runs] == ["system"]
    runtime.stop()

    worker_ctx(None)  # the period is unset: no schedule any more
    assert DBOS.list_schedules(schedule_name_prefix=RETENTION_SCHEDULE) == []


def test_the_drift_check_runs_hourly_and_raises_alerts(worker_ctx, monkeypatch):
    from dbos import DBOS

    from core.store.models import DriftAlert

    raised: list[str] = []

    def check(ctx, *, actor):
        raised.append(actor)
        return [DriftAlert(version="1", metric="psi", value=0.4, threshold=0.25)]

    monkeypatch.setattr("core.services.drift.check", check)
    worker_ctx(None)
    [schedule] = DBOS.list_schedules(schedule_name_prefix=DRIFT_SCHEDULE)
    assert schedule["schedule"] == "0 * * * *"
    DBOS.trigger_schedule(DRIFT_SCHEDULE).get_result()
    assert raised == ["system"]
