"""This process's work engine: DBOS Transact configured from settings, and the context its
steps use.

Executor ids: a worker takes the first free slot lock ``<home>/workers/<host>-<n>.lock`` and
runs as executor ``<host>-<n>``. A worker restarted after a crash takes the same slot again and
the engine resumes that executor's unfinished workflows at their first unfinished step; two live
workers never share an id, so nothing runs twice. Processes that only enqueue or read counts
use the engine's client and run nothing.
"""

from __future__ import annotations

import fcntl
import os
import socket
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from core.config import Settings
    from core.context import AppContext

APP_NAME = "talentflow"
APP_VERSION = "1"  # pinned (the engine would hash the code): bump when a workflow's steps
# change, after the queues have drained; every process of a workspace must agree
INGEST_QUEUE = "ingest"
RESCORE_QUEUE = "rescore"  # one rescoring at a time per worker (ranking uses every core)
ADMIN_QUEUE = "admin"  # training, registration, activation: one at a time in the workspace
QUEUES = [INGEST_QUEUE, RESCORE_QUEUE, ADMIN_QUEUE]
QUEUED = ["ENQUEUED", "DELAYED"]
RUNNING = ["PENDING"]
FAILED = ["ERROR", "MAX_RECOVERY_ATTEMPTS_EXCEEDED"]


@dataclass
class _Runtime:
    ctx: AppContext | None = None  # set in a worker
    slot: IO[str] | None = None
    launched: str | None = None  # the engine database of a worker or an enqueuer
    lock: threading.Lock = field(default_factory=threading.Lock)


_runtime = _Runtime()


def context() -> AppContext:
    """The context workflow steps run with (set when this process started as a worker)."""
    if _runtime.ctx is None:
        raise RuntimeError("no work engine runs in this process")
    return _runtime.ctx


def _take_slot(settings: Settings) -> tuple[str, IO[str]]:
    folder = settings.home / "workers"
    folder.mkdir(parents=True, exist_ok=True)
    host = socket.gethostname() or "local"
    for n in range(1000):
        handle = open(folder / f"{host}-{n}.lock", "w")  # noqa: SIM115 (held while running)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        handle.write(str(os.getpid()))
        handle.flush()
        return f"{host}-{n}", handle
    raise RuntimeError("no free worker slot")


def config(settings: Settings, executor_id: str) -> dict[str, Any]:
    """The engine's configuration for this workspace."""
    return {
        "name": APP_NAME,
        "system_database_url": settings.work_db_url,
        "application_version": APP_VERSION,
        "executor_id": executor_id,
        "log_level": "WARNING",
        "notification_listener_polling_interval_sec": 0.2,  # stopping waits one interval
        "max_executor_threads": settings.work_concurrency + 4,
    }


def _use_wal(settings: Settings) -> None:
    """A SQLite engine database in write-ahead-log mode: several processes read while one writes."""
    url = make_url(settings.work_db_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        return
    Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(url.database, timeout=30) as connection:
        connection.execute("PRAGMA journal_mode=WAL")


def _launch(settings: Settings, executor_id: str, queues: list[str]) -> None:
    from dbos import DBOS

    import core.work.admin_jobs  # the workflows must be registered before launch
    import core.work.flows  # noqa: F401

    _use_wal(settings)
    DBOS(config=config(settings, executor_id))  # type: ignore[arg-type]
    DBOS.listen_queues(queues)
    DBOS.launch()
    DBOS.register_queue(
        INGEST_QUEUE,
        worker_concurrency=settings.work_concurrency,
        polling_interval_sec=0.5,
        on_conflict="always_update",
    )
    DBOS.register_queue(
        RESCORE_QUEUE, worker_concurrency=1, polling_interval_sec=0.5, on_conflict="always_update"
    )
    DBOS.register_queue(
        ADMIN_QUEUE,
        worker_concurrency=1,
        global_concurrency=1,
        polling_interval_sec=0.5,
        on_conflict="always_update",
    )
    if queues:
        _schedule(settings)
    _runtime.launched = settings.work_db_url


def _schedule(settings: Settings) -> None:
    """The periodic work: an hourly drift check, and a daily retention run while a retention
    period is set (every worker applies the same schedules; the engine starts each scheduled
    time once)."""
    from dbos import DBOS

    from core.work import flows

    schedules: list[Any] = [
        {
            "schedule_name": flows.DRIFT_SCHEDULE,
            "workflow_fn": flows.drift_run,
            "schedule": flows.DRIFT_CRON,
        }
    ]
    if settings.retention_months is None:
        DBOS.delete_schedule(flows.RETENTION_SCHEDULE)
    else:
        schedules.append(
            {
                "schedule_name": flows.RETENTION_SCHEDULE,
                "workflow_fn": flows.retention_run,
                "schedule": flows.RETENTION_CRON,
            }
        )
    DBOS.apply_schedules(schedules)


def start_worker(ctx: AppContext) -> str:
    """Run the engine in this process, consuming the queues; returns the executor id."""
    with _runtime.lock:
        if _runtime.ctx is not None:
            raise RuntimeError("a work engine already runs in this process")
        _stop()  # an enqueuer becomes a worker
        executor_id, slot = _take_slot(ctx.settings)
        _runtime.ctx, _runtime.slot = ctx, slot
        _launch(ctx.settings, executor_id, QUEUES)
        return executor_id


def ensure_enqueuer(settings: Settings) -> None:
    """Launch the engine to enqueue only (it creates its tables; it never runs workflows)."""
    with _runtime.lock:
        if _runtime.launched == settings.work_db_url:
            return
        _stop()  # one engine per process: another workspace's (tests) is stopped
        _launch(settings, f"{socket.gethostname()}-enqueuer-{os.getpid()}", [])


def stop() -> None:
    """Stop the engine (running steps get a few seconds; the rest resumes on next start)."""
    with _runtime.lock:
        _stop()


def _stop() -> None:
    from dbos import DBOS

    if _runtime.launched is None:
        return
    DBOS.destroy(workflow_completion_timeout_sec=5)
    if _runtime.slot is not None:
        _runtime.slot.close()
    _runtime.ctx, _runtime.slot, _runtime.launched = None, None, None
