"""Recompute a job's scores in the background after it changes, with progress any page can read."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from core.errors import TalentFlowError
from core.services.context import AppContext
from core.services.ranking import ensure_indexed, rank_job

log = logging.getLogger(__name__)


@dataclass
class Progress:
    """Where a background rescoring stands."""

    state: str  # queued | embedding | scoring | done | failed
    done: int = 0
    total: int = 0
    message: str = ""

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else (1.0 if self.state == "done" else 0.0)


class Rescorer:
    """One worker thread; a job scheduled twice is rescored once more, not twice at once."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rescore")
        self._status: dict[int, Progress] = {}
        self._lock = threading.Lock()

    def schedule(self, ctx: AppContext, job_id: int) -> None:
        """Queue a rescoring of ``job_id``."""
        with self._lock:
            current = self._status.get(job_id)
            if current is not None and current.state == "queued":
                return
            self._status[job_id] = Progress("queued")
        self._executor.submit(self._run, ctx, job_id)

    def status(self, job_id: int) -> Progress | None:
        """The latest progress of a job's rescoring, if one was scheduled."""
        with self._lock:
            return self._status.get(job_id)

    def _set(self, job_id: int, progress: Progress) -> None:
        with self._lock:
            self._status[job_id] = progress

    def _run(self, ctx: AppContext, job_id: int) -> None:
        try:
            ensure_indexed(ctx, lambda d, t: self._set(job_id, Progress("embedding", d, t)))
            self._set(job_id, Progress("scoring"))
            ranked = rank_job(ctx, job_id)
            self._set(job_id, Progress("done", len(ranked), len(ranked)))
        except TalentFlowError as e:
            self._set(job_id, Progress("failed", message=str(e)))
        except Exception:  # never left "queued": the job can be rescored again
            log.exception("rescoring job %s failed", job_id)
            self._set(job_id, Progress("failed", message="rescoring failed: please try again"))

    def close(self) -> None:
        """Stop accepting work and wait for the current job."""
        self._executor.shutdown(wait=True, cancel_futures=True)
