"""Long-running admin jobs (training, activating a version) on one worker thread, with progress."""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

log = logging.getLogger(__name__)

Report = Callable[[float, str], None]


@dataclass(frozen=True)
class JobStatus:
    """Where a background job stands."""

    id: int
    name: str
    state: str = "queued"  # queued | running | done | failed
    fraction: float = 0.0
    message: str = ""
    result: Any = field(default=None, repr=False)

    @property
    def finished(self) -> bool:
        return self.state in {"done", "failed"}


class BackgroundJobs:
    """Runs one job at a time (a 2-core machine trains one model at once); any page can poll."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="admin-job")
        self._status: dict[int, JobStatus] = {}
        self._futures: dict[int, Future[None]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def submit(self, name: str, work: Callable[[Report], Any]) -> int:
        """Queue ``work(report)``; ``report(fraction, message)`` updates the progress."""
        with self._lock:
            job_id = next(self._ids)
            self._status[job_id] = JobStatus(job_id, name)
            self._futures[job_id] = self._executor.submit(self._run, job_id, work)
        return job_id

    def status(self, job_id: int) -> JobStatus | None:
        with self._lock:
            return self._status.get(job_id)

    def latest(self, name: str) -> JobStatus | None:
        """The most recent job of that name."""
        with self._lock:
            found = [s for s in self._status.values() if s.name == name]
        return max(found, key=lambda s: s.id) if found else None

    def wait(self, job_id: int, timeout: float | None = None) -> JobStatus:
        """Block until the job has finished (tests and the command line)."""
        self._futures[job_id].result(timeout)
        status = self.status(job_id)
        assert status is not None
        return status

    def _update(self, job_id: int, **changes: Any) -> None:
        with self._lock:
            self._status[job_id] = replace(self._status[job_id], **changes)

    def _run(self, job_id: int, work: Callable[[Report], Any]) -> None:
        self._update(job_id, state="running")

        def report(fraction: float, message: str) -> None:
            self._update(job_id, fraction=max(0.0, min(1.0, fraction)), message=message)

        try:
            result = work(report)
        except Exception as e:  # a failed job reports why; the worker keeps serving
            log.exception("background job %s failed", job_id)
            self._update(job_id, state="failed", message=f"{type(e).__name__}: {e}")
            return
        self._update(job_id, state="done", fraction=1.0, result=result)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
