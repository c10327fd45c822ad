"""The workflows background work runs, each a sequence of durable steps.

A step's result is recorded by the engine: after a crash the workflow resumes at its first
unfinished step, so every step is written to be safe to run again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dbos import DBOS

from core.services.ingest import IngestOutcome
from core.services.jobs import get_job
from core.services.queued_ingest import (
    Prefetch,
    QueuedFile,
    audit_batch,
    discard_staged,
    ingest_queued,
    outcome_dict,
)
from core.services.ranking import ensure_indexed, rank_job, warm_pool, warm_titles
from core.services.retention import apply_retention
from core.work.runtime import context

SYSTEM = "system"  # the work engine's own actor (a named principal of the policy)

_ahead: dict[str, Prefetch] = {}  # batch -> its files being parsed ahead in this process


@DBOS.step(name="talentflow.ingest_file")
def ingest_file_step(batch: str, position: int, name: str, sha256: str) -> dict[str, Any]:
    """Parse and store one queued file (exactly once: its work key guards a replay)."""
    key = f"{batch}:{position}"
    ahead = _ahead.get(batch)
    parsed = ahead.take(key) if ahead is not None else None
    outcome = ingest_queued(context(), QueuedFile(name, sha256), work_key=key, parsed=parsed)
    return outcome_dict(outcome)


@DBOS.step(name="talentflow.index")
def index_step(candidate_ids: list[int]) -> int:
    """Embed what ingest left for the index (the index's owner applies it if that is not us),
    the new candidates' titles, and the pool's lexical index, so the next ranking scores at
    once."""
    ctx = context()
    processed = ctx.indexer.sync()
    warm_titles(ctx, candidate_ids, ctx.scoring)
    warm_pool(ctx, ctx.scoring)
    return processed


@DBOS.step(name="talentflow.finish_batch")
def finish_batch_step(
    batch: str, actor: str, files: list[dict[str, str]], outcomes: list[dict[str, Any]]
) -> None:
    """Audit the batch and remove its staged files."""
    ctx = context()
    audit_batch(ctx, [IngestOutcome(**o) for o in outcomes], actor=actor, batch=batch)
    discard_staged(ctx, [QueuedFile(f["name"], f["sha256"]) for f in files])


@DBOS.workflow(name="talentflow.ingest_batch")
def ingest_batch(batch: str, files: list[dict[str, str]], actor: str) -> dict[str, int]:
    """Ingest a queued batch, one durable step per file, then index and audit it."""
    queued = [QueuedFile(f["name"], f["sha256"]) for f in files]
    _ahead[batch] = Prefetch(context(), batch, queued)
    outcomes: list[dict[str, Any]] = []
    try:
        for position, file in enumerate(queued):
            outcomes.append(ingest_file_step(batch, position, file.name, file.sha256))
            DBOS.set_event("progress", {"done": position + 1, "total": len(files)})
    finally:
        _ahead.pop(batch).close()
    index_step(sorted({o["candidate_id"] for o in outcomes if o["candidate_id"]}))
    finish_batch_step(batch, actor, files, outcomes)
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome["status"]] = counts.get(outcome["status"], 0) + 1
    return counts


@DBOS.step(name="talentflow.rescore")
def rescore_step(job_id: int) -> dict[str, int]:
    """Embed what is missing and score every candidate for the job; returns the revision
    scored and how many candidates were."""
    ctx = context()

    def embedding(done: int, total: int) -> None:
        DBOS.set_event("progress", {"state": "embedding", "done": done, "total": total})

    ensure_indexed(ctx, embedding)
    DBOS.set_event("progress", {"state": "scoring", "done": 0, "total": 0})
    revision = get_job(ctx, job_id, actor=SYSTEM).revision
    return {"revision": revision, "scored": len(rank_job(ctx, job_id, actor=SYSTEM))}


@DBOS.step(name="talentflow.job_revision")
def job_revision_step(job_id: int) -> int:
    """The job's revision now."""
    return get_job(context(), job_id, actor=SYSTEM).revision


@DBOS.workflow(name="talentflow.rescore_job")
def rescore_job(job_id: int) -> int:
    """Rescore a job after it changed; an edit made while it ran is scored before it ends (a
    second request for the same job is not queued while one is waiting or running)."""
    for _ in range(5):
        done = rescore_step(job_id)
        if job_revision_step(job_id) == done["revision"]:
            return done["scored"]
    return done["scored"]


RETENTION_SCHEDULE = "talentflow.retention"
RETENTION_CRON = "0 3 * * *"  # daily at 03:00 UTC


@DBOS.step(name="talentflow.apply_retention")
def retention_step() -> int:
    """Erase the candidates the retention period has run out for; returns how many."""
    ctx = context()
    months = ctx.settings.retention_months
    if months is None:
        return 0
    return len(apply_retention(ctx, actor=SYSTEM, months=months))


@DBOS.workflow(name="talentflow.retention_run")
def retention_run(scheduled_at: dt.datetime, _context: Any) -> None:
    """The scheduled retention run (one per scheduled time, whichever worker takes it; the run
    and each erasure are audited)."""
    retention_step()


DRIFT_SCHEDULE = "talentflow.drift"
DRIFT_CRON = "0 * * * *"  # hourly


@DBOS.step(name="talentflow.check_drift")
def drift_step() -> int:
    """Compare the champion's recent scores and resumes with its reference; a breach raises an
    alert (shown to admins, sent to the webhook). Returns how many alerts were raised."""
    from core.services.drift import check

    return len(check(context(), actor=SYSTEM))


@DBOS.workflow(name="talentflow.drift_run")
def drift_run(scheduled_at: dt.datetime, _context: Any) -> None:
    """The scheduled drift check."""
    drift_step()
