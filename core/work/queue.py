"""What the rest of TalentFlow asks of background work: enqueue, count, run a worker."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from core.work import runtime

if TYPE_CHECKING:
    from dbos import DBOSClient

    from core.config import Settings
    from core.context import AppContext
    from core.services.queued_ingest import QueuedFile


def enqueue_ingest(settings: Settings, files: list[QueuedFile], *, actor: str) -> str:
    """Queue staged files as one batch (a durable step per file); returns the batch id."""
    from dbos import DBOS, SetWorkflowID

    from core.work.flows import ingest_batch

    runtime.ensure_enqueuer(settings)
    batch = uuid.uuid4().hex
    with SetWorkflowID(f"ingest-{batch}"):
        DBOS.enqueue_workflow(
            runtime.INGEST_QUEUE, ingest_batch, batch, [asdict(f) for f in files], actor
        )
    return batch


def enqueue_rescore(settings: Settings, job_id: int) -> None:
    """Queue a rescoring of the job, unless one is already waiting or running (that one
    scores the latest revision before it ends)."""
    from dbos import DBOS, SetEnqueueOptions, SetWorkflowID
    from dbos._error import DBOSQueueDeduplicatedError

    from core.work.flows import rescore_job

    runtime.ensure_enqueuer(settings)
    try:
        with (
            SetWorkflowID(f"rescore-{job_id}-{uuid.uuid4().hex}"),
            SetEnqueueOptions(deduplication_id=f"rescore-{job_id}"),
        ):
            DBOS.enqueue_workflow(runtime.RESCORE_QUEUE, rescore_job, job_id)
    except DBOSQueueDeduplicatedError:
        pass


@dataclass(frozen=True)
class RescoreState:
    """Where a job's latest rescoring stands."""

    state: str  # queued | embedding | scoring | done | failed
    done: int = 0
    total: int = 0

    @property
    def busy(self) -> bool:
        return self.state in {"queued", "embedding", "scoring"}

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


def rescoring_state(settings: Settings, job_id: int) -> RescoreState | None:
    """The latest rescoring of the job, if one was ever queued."""
    if not has_engine(settings):
        return None
    client = _client(settings.work_db_url)
    rows = client.list_workflows(
        workflow_id_prefix=f"rescore-{job_id}-", sort_desc=True, limit=1, load_input=False
    )
    if not rows:
        return None
    row = rows[0]
    if row.status in runtime.QUEUED:
        return RescoreState("queued")
    if row.status in runtime.RUNNING:
        progress = client.get_event(row.workflow_id, "progress", timeout_seconds=0) or {}
        return RescoreState(
            str(progress.get("state", "queued")),
            int(progress.get("done", 0)),
            int(progress.get("total", 0)),
        )
    return RescoreState("done" if row.status == "SUCCESS" else "failed")


def counts(settings: Settings) -> dict[str, int]:
    """Workflows queued, running and failed (zero before any work was queued)."""
    empty = {"queued": 0, "running": 0, "failed": 0}
    if not has_engine(settings):
        return empty
    try:
        return _counts(settings)
    except Exception:  # no engine tables yet: nothing was ever queued
        return empty


def _counts(settings: Settings) -> dict[str, int]:
    rows = _client(settings.work_db_url).list_workflows(
        status=runtime.QUEUED + runtime.RUNNING + runtime.FAILED,
        load_input=False,
        load_output=False,
    )
    statuses = [r.status for r in rows]
    return {
        "queued": sum(s in runtime.QUEUED for s in statuses),
        "running": sum(s in runtime.RUNNING for s in statuses),
        "failed": sum(s in runtime.FAILED for s in statuses),
    }


def run_worker(ctx: AppContext, *, until_idle: bool, grace_s: float = 2.0) -> None:
    """Consume the queues until stopped, or (``until_idle``) until nothing is queued or running
    for ``grace_s`` seconds."""
    runtime.start_worker(ctx)
    try:
        idle_since: float | None = None
        while True:
            try:  # a count that fails (the engine's database busy) is not "idle"
                busy = _counts(ctx.settings)
            except Exception:
                busy = {"queued": 1, "running": 0}
            if until_idle and busy["queued"] + busy["running"] == 0:
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since >= grace_s:
                    return
            else:
                idle_since = None
            time.sleep(0.5)
    finally:
        runtime.stop()


@dataclass(frozen=True)
class BatchState:
    """Where one queued upload batch stands."""

    batch: str
    state: str  # queued | running | done | failed
    done: int
    total: int
    created_at: dt.datetime


INGEST_BATCH = "talentflow.ingest_batch"
STATES = {"ENQUEUED": "queued", "DELAYED": "queued", "PENDING": "running", "SUCCESS": "done"}


@lru_cache(maxsize=4)
def _client(url: str) -> DBOSClient:
    from dbos import DBOSClient

    return DBOSClient(system_database_url=url, application_name=runtime.APP_NAME)


def client_for(settings: Settings) -> DBOSClient:
    """The engine's client for this workspace (reads state; runs nothing)."""
    return _client(settings.work_db_url)


def recent_batches(settings: Settings, *, actor: str, limit: int = 5) -> list[BatchState]:
    """The newest upload batches ``actor`` queued, with their progress (newest first)."""
    if not has_engine(settings):
        return []
    client = _client(settings.work_db_url)
    found: list[BatchState] = []
    for row in client.list_workflows(name=INGEST_BATCH, sort_desc=True, limit=50):
        inputs: dict[str, Any] = dict(row.input or {})
        args = tuple(inputs.get("args") or ())
        if len(args) != 3 or args[2] != actor:
            continue
        progress = client.get_event(row.workflow_id, "progress", timeout_seconds=0) or {}
        total = len(args[1])
        state = STATES.get(row.status, "failed")
        found.append(
            BatchState(
                batch=str(args[0]),
                state=state,
                done=total if state == "done" else int(progress.get("done", 0)),
                total=total,
                created_at=dt.datetime.fromtimestamp((row.created_at or 0) / 1000, tz=dt.UTC),
            )
        )
        if len(found) == limit:
            break
    return found


def has_engine(settings: Settings) -> bool:
    """Whether the engine's database exists (work was ever queued in this workspace): a SQLite
    file, or on a server the engine's tables, which its first launch creates."""
    url = make_url(settings.work_db_url)
    if url.get_backend_name() == "sqlite":
        return Path(url.database or "").exists()
    return _has_tables(settings.work_db_url)


_LAUNCHED: set[str] = set()


def _has_tables(url: str) -> bool:
    """Whether the server's database holds the engine's tables (remembered once it does); a
    database not created yet, or a server out of reach, has none."""
    if url in _LAUNCHED:
        return True
    # the engine's schema (``dbos``, as runtime.config leaves it) and its driver
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT to_regclass('dbos.workflow_status') IS NOT NULL")
            ).scalar()
    except SQLAlchemyError:
        return False
    finally:
        engine.dispose()
    if found:
        _LAUNCHED.add(url)
    return bool(found)
