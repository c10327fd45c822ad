"""Queued ingest: uploads are staged on disk, then a worker ingests them one file per durable step.

A queued file carries a work key (batch and position). Its upload row is written with that key
in the same transaction as the resume, so a step replayed after a crash finds the row and
returns what the first run stored instead of ingesting the file twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import get_args

from sqlmodel import col, select

from core.auth.policy import Action
from core.context import AppContext
from core.errors import ResumeRejected
from core.parsing.files import IncomingFile
from core.parsing.pipeline import ParsedFile, parse_batch
from core.services import audit
from core.services.guard import authorize
from core.services.ingest import (
    IngestOutcome,
    Status,
    admit_uploads,
    expand_uploads,
    record_upload,
    settle_upload,
)
from core.store import candidates as repo
from core.store.blobs import BlobStore, sha256_of
from core.store.db import session_scope
from core.store.models import Candidate, Upload

log = logging.getLogger(__name__)

STAGED = "upload"  # the staged files' extension in the staging store
STATUSES: dict[str, Status] = {s: s for s in get_args(Status)}


@dataclass(frozen=True)
class QueuedFile:
    """A staged upload: the user's name for it and the hash its bytes are staged under."""

    name: str
    sha256: str


def _staging(ctx: AppContext) -> BlobStore:
    return BlobStore(ctx.settings.staging_dir)


def stage_uploads(
    ctx: AppContext, uploads: Iterable[IncomingFile], *, actor: str
) -> tuple[list[QueuedFile], list[IngestOutcome]]:
    """Stage every readable upload (zips expanded) for a worker; returns the staged files and
    the rejections known at once (a bad zip, a zip entry that is too large), already recorded.

    Each zip entry is written to the staging store as soon as it is read, so an upload never
    holds more than one expanded entry in memory.

    Raises:
        UploadLimitReached: ``actor`` has used up the files an hour a user may upload.
    """
    authorize(ctx, actor, Action.UPLOAD)
    received = list(uploads)
    admit_uploads(ctx, received, actor=actor)
    staged: list[QueuedFile] = []
    rejected: list[IngestOutcome] = []
    for file in expand_uploads(received, ctx):
        if isinstance(file, ResumeRejected):
            outcome = IngestOutcome(file=file.filename, status="rejected", reason=file.reason)
            record_upload(ctx, outcome, None, 0)
            rejected.append(outcome)
        else:
            staged.append(QueuedFile(file.name, _staging(ctx).put(file.data, STAGED)))
    return staged, rejected


def _recorded(ctx: AppContext, work_key: str) -> IngestOutcome | None:
    with session_scope(ctx.engine) as session:
        row = session.exec(select(Upload).where(Upload.work_key == work_key)).first()
    if row is None:
        return None
    status: Status = STATUSES.get(row.status, "rejected")
    return IngestOutcome(
        file=row.filename, status=status, reason=row.reason, candidate_id=row.candidate_id
    )


class Prefetch:
    """Parses a batch's files ahead of its steps, on every extraction worker at once.

    Parsing is pure (nothing is stored), so doing it outside a durable step is safe: a step
    takes its file's result when it is ready and parses the file itself when there is none
    (after a restart, for instance).
    """

    def __init__(self, ctx: AppContext, batch: str, files: Sequence[QueuedFile]) -> None:
        self._ctx = ctx
        self._executor = ThreadPoolExecutor(
            max_workers=ctx.settings.parse_workers, thread_name_prefix="prefetch"
        )
        self._futures = {
            f"{batch}:{position}": self._executor.submit(self._parse, f"{batch}:{position}", file)
            for position, file in enumerate(files)
        }

    def _parse(self, work_key: str, file: QueuedFile) -> ParsedFile | ResumeRejected | None:
        if _recorded(self._ctx, work_key) is not None:
            return None
        path = _staging(self._ctx).path_for(file.sha256, STAGED)
        if not path.exists():
            return None
        [result] = parse_batch(
            [IncomingFile(file.name, path.read_bytes())], self._ctx.pool, self._ctx.settings
        )
        return result

    def take(self, work_key: str) -> ParsedFile | ResumeRejected | None:
        """The parse result of a file (waiting for it), or None when there is none."""
        future = self._futures.pop(work_key, None)
        try:
            return future.result() if future is not None else None
        except Exception:  # the step parses the file itself and reports what goes wrong
            log.exception("parsing ahead failed")
            return None

    def close(self) -> None:
        """Stop parsing ahead."""
        self._executor.shutdown(wait=False, cancel_futures=True)


def ingest_queued(
    ctx: AppContext,
    file: QueuedFile,
    *,
    work_key: str,
    parsed: ParsedFile | ResumeRejected | None = None,
) -> IngestOutcome:
    """Ingest one staged file exactly once (a replay returns the stored outcome); ``parsed`` is
    its parse result when it was parsed ahead."""
    done = _recorded(ctx, work_key)
    if done is not None:
        return done
    path = _staging(ctx).path_for(file.sha256, STAGED)
    if not path.exists():
        outcome = IngestOutcome(
            file=file.name, status="rejected", reason="the queued file is missing: upload it again"
        )
        record_upload(ctx, outcome, file.sha256, 0, work_key)
        return outcome
    incoming = IncomingFile(file.name, path.read_bytes())
    with session_scope(ctx.engine) as session:
        stored = repo.resume_by_sha(session, sha256=sha256_of(incoming.data))
    if stored is not None:
        outcome = IngestOutcome(
            file=file.name, status="duplicate", candidate_id=stored.candidate_id
        )
        record_upload(ctx, outcome, file.sha256, len(incoming.data), work_key)
    else:
        result = parsed or parse_batch([incoming], ctx.pool, ctx.settings)[0]
        outcome = settle_upload(ctx, incoming, result, work_key)
    return outcome


def discard_staged(ctx: AppContext, files: Iterable[QueuedFile]) -> None:
    """Remove staged copies once their batch is done (stored resumes keep their own copy)."""
    for file in files:
        _staging(ctx).path_for(file.sha256, STAGED).unlink(missing_ok=True)


def audit_batch(
    ctx: AppContext, outcomes: Iterable[IngestOutcome], *, actor: str, batch: str
) -> None:
    """One audit event for a finished queued batch."""
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    audit.record(ctx, actor, "upload", f"{sum(counts.values())} files", batch=batch, **counts)


def outcome_dict(outcome: IngestOutcome) -> dict:
    """An outcome as plain values (what the work engine records)."""
    return asdict(outcome)


@dataclass(frozen=True)
class QueuedBatch:
    """An upload handed to the work engine."""

    batch: str | None  # None when nothing was left to queue
    queued: int
    rejected: list[IngestOutcome]


def queue_uploads(ctx: AppContext, uploads: Iterable[IncomingFile], *, actor: str) -> QueuedBatch:
    """Stage uploads and queue them as one batch for a worker (the app hosts one).

    Raises:
        UploadLimitReached: ``actor`` has used up the files an hour a user may upload.
    """
    from core.work.queue import enqueue_ingest

    staged, rejected = stage_uploads(ctx, uploads, actor=actor)
    batch = enqueue_ingest(ctx.settings, staged, actor=actor) if staged else None
    return QueuedBatch(batch, len(staged), rejected)


def batch_results(ctx: AppContext, batch: str, *, actor: str) -> list[IngestOutcome]:
    """What each file of a queued batch became, in upload order (so far)."""
    authorize(ctx, actor, Action.UPLOAD)
    with session_scope(ctx.engine) as session:
        rows = list(
            session.exec(select(Upload).where(col(Upload.work_key).startswith(f"{batch}:")))
        )
        people = {
            c.id: c
            for c in session.exec(
                select(Candidate).where(col(Candidate.id).in_({r.candidate_id for r in rows}))
            )
        }
    rows.sort(key=lambda r: int((r.work_key or ":0").rsplit(":", 1)[1]))
    return [
        IngestOutcome(
            file=r.filename,
            status=STATUSES.get(r.status, "rejected"),
            reason=r.reason,
            candidate_id=r.candidate_id,
            name=person.display_name if person else None,
            warnings=list(person.warnings) if person and r.status != "duplicate" else [],
        )
        for r in rows
        for person in [people.get(r.candidate_id)]
    ]
