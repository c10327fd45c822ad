"""Ingest: files, folders and zips -> stored resumes and candidates (one transaction per file).

Uploads are bounded before they are read: an upload (its files and every zip's contents) may
amount to ``max_batch_mb`` and ``max_batch_files`` (counted while the zips are streamed, see
``archives.py``), and a user may upload ``upload_files_per_hour`` files an hour. That allowance
is counted in the database from the ``upload.received`` audit events (actor, time, number of
files) written as each upload is admitted, so it holds across sessions, tabs and processes; the
local operator (the command line, the demo loader) is not counted.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from core.auth.policy import Action
from core.context import AppContext
from core.errors import ResumeRejected, TalentFlowError, UnsafeFile, UnsupportedFile
from core.parsing.files import IncomingFile, extension_of, safe_filename
from core.parsing.pipeline import ParsedFile, Progress, parse_stream
from core.services import audit
from core.services.archives import Budget, count_files, expand_zip
from core.services.guard import authorize, is_local
from core.store import candidates as repo
from core.store.blobs import sha256_of
from core.store.db import session_scope
from core.store.models import AuditEvent, Resume, Upload, as_utc, utcnow

log = logging.getLogger(__name__)

Status = Literal["parsed", "new_version", "duplicate", "rejected"]
STATUS_TEXT = {
    "parsed": "parsed: new candidate",
    "new_version": "parsed: new version of an existing candidate",
    "duplicate": "already on file",
    "rejected": "rejected",
}


@dataclass
class IngestOutcome:
    """What happened to one file."""

    file: str
    status: Status
    reason: str | None = None
    candidate_id: int | None = None
    name: str | None = None
    warnings: list[str] = field(default_factory=list)


RECEIVED = "upload.received"  # audit action written as an upload is admitted: its file count
RATE_WINDOW = dt.timedelta(hours=1)


class UploadLimitReached(TalentFlowError):
    """The actor has used up the files an hour a user may upload (``upload_files_per_hour``)."""

    def __init__(self, limit: int, used: int, requested: int, retry_at: dt.datetime | None) -> None:
        self.limit, self.used, self.requested, self.retry_at = limit, used, requested, retry_at
        if retry_at is None:
            message = (
                f"this upload holds {requested} files, more than the {limit} a user may upload "
                "in an hour: upload fewer files at a time"
            )
        else:
            minutes = max(1, round((retry_at - utcnow()).total_seconds() / 60))
            message = (
                f"upload limit reached: {used} files uploaded in the last hour and this upload "
                f"holds {requested}; the limit is {limit} files an hour per user. You may upload "
                f"again at {retry_at:%H:%M} UTC (in {minutes} minutes)"
            )
        super().__init__(message)


def admit_uploads(ctx: AppContext, uploads: Sequence[IncomingFile], *, actor: str) -> int:
    """Count an upload against its actor's hourly allowance and record it; returns its files.

    Reads nothing but the zips' directories. Two uploads by one user at the same instant may
    both pass the check (each is counted); the allowance is a rate, not a quota to the file.

    Raises:
        UploadLimitReached: the upload does not fit in what is left of the last hour's allowance.
    """
    authorize(ctx, actor, Action.UPLOAD)
    files = sum(count_files(u, ctx.settings.max_batch_files) for u in uploads)
    if is_local(actor):
        return files
    limit = ctx.settings.upload_files_per_hour
    now = utcnow()
    with session_scope(ctx.engine) as session:
        rows = session.exec(
            select(AuditEvent.at, AuditEvent.details)
            .where(AuditEvent.actor == actor, AuditEvent.action == RECEIVED)
            .where(col(AuditEvent.at) >= now - RATE_WINDOW)
            .order_by(col(AuditEvent.at))
        ).all()
    counted = [(as_utc(at), int((details or {}).get("files", 0))) for at, details in rows]
    used = sum(n for _, n in counted)
    if used + files > limit:
        raise UploadLimitReached(limit, used, files, _retry_at(counted, used, files, limit))
    audit.record(ctx, actor, RECEIVED, f"{files} files", files=files)
    return files


def _retry_at(
    counted: list[tuple[dt.datetime, int]], used: int, files: int, limit: int
) -> dt.datetime | None:
    """When enough of the window has aged out for ``files`` more (None: never, too many)."""
    if files > limit:
        return None
    for at, n in counted:  # oldest first
        used -= n
        if used + files <= limit:
            return at + RATE_WINDOW
    return utcnow()


def expand_uploads(
    uploads: Iterable[IncomingFile], ctx: AppContext
) -> Iterator[IncomingFile | ResumeRejected]:
    """Safe names for every upload, zips replaced by their contents, one file at a time (a zip
    entry is read only when the caller asks for it), within the upload's ``Budget``."""
    settings = ctx.settings
    budget = Budget(
        int(settings.max_batch_mb * 1024 * 1024),
        settings.max_batch_files,
        settings.max_batch_mb,
        settings.max_batch_files,
    )
    for upload in uploads:
        name = safe_filename(upload.name)
        if extension_of(name) != ".zip":
            if len(upload.data) > settings.max_upload_bytes:  # refused by its size when parsed
                yield IncomingFile(name, upload.data)
            elif (over := budget.full() or budget.take(len(upload.data))) is not None:
                yield UnsafeFile(name, over)
            else:
                yield IncomingFile(name, upload.data)
            continue
        if len(upload.data) > settings.max_zip_mb * 1024 * 1024:
            yield UnsupportedFile(name, f"too large: the zip limit is {settings.max_zip_mb:g} MB")
            continue
        try:
            entries = expand_zip(
                IncomingFile(name, upload.data),
                max_files=settings.max_batch_files,
                max_file_bytes=settings.max_upload_bytes,
                max_total_bytes=int(settings.max_zip_expanded_mb * 1024 * 1024),
                budget=budget,
            )
        except ResumeRejected as e:
            yield e
            continue
        yield from entries


def files_from_paths(paths: Sequence[Path]) -> list[IncomingFile]:
    """Files, folders (recursively, sorted) and zips from disk."""
    found: list[IncomingFile] = []
    for path in paths:
        targets = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        found.extend(IncomingFile(p.name, p.read_bytes()) for p in targets)
    return found


def _store(
    ctx: AppContext, parsed: ParsedFile, sha: str, work_key: str | None = None
) -> IngestOutcome:
    profile = parsed.resume.profile
    ctx.blobs.put(parsed.file.data, parsed.kind)
    resume = Resume(
        candidate_id=0,
        sha256=sha,
        filename=parsed.file.name,
        kind=parsed.kind,
        size=len(parsed.file.data),
        pages=parsed.extraction.pages,
        language=parsed.resume.language,
        text=parsed.resume.text,
        hidden_text=parsed.extraction.hidden_text[:100_000],
        hidden_reasons=parsed.extraction.hidden_spans,
        sections=parsed.resume.sections,
        profile=profile.model_dump(),
        confidence=parsed.resume.confidence,
        warnings=parsed.resume.warnings,
    )
    with session_scope(ctx.engine) as session:
        candidate, is_new_version = repo.add_resume(session, resume=resume, email=profile.email)
        session.add(
            Upload(
                filename=parsed.file.name,
                sha256=sha,
                size=len(parsed.file.data),
                status="new_version" if is_new_version else "parsed",
                candidate_id=candidate.id,
                work_key=work_key,
            )
        )
        return IngestOutcome(
            file=parsed.file.name,
            status="new_version" if is_new_version else "parsed",
            candidate_id=candidate.id,
            name=candidate.display_name,
            warnings=list(candidate.warnings),
        )


def _store_once(
    ctx: AppContext, parsed: ParsedFile, sha: str, work_key: str | None = None
) -> IngestOutcome:
    """Store a parsed file, or report it as already on file when another upload stored it first.

    The duplicate check before parsing cannot see an upload of the same bytes that is being
    parsed at the same moment (another tab, a scheduled ingest): the unique content hash decides,
    and the later upload becomes a duplicate of the stored resume instead of failing the batch.
    """
    try:
        return _store(ctx, parsed, sha, work_key)
    except IntegrityError:
        with session_scope(ctx.engine) as session:
            stored = repo.resume_by_sha(session, sha256=sha)
        if stored is None:
            raise  # another constraint: a real error, not a concurrent duplicate
        outcome = IngestOutcome(
            file=parsed.file.name, status="duplicate", candidate_id=stored.candidate_id
        )
        record_upload(ctx, outcome, sha, len(parsed.file.data), work_key)
        return outcome


def record_upload(
    ctx: AppContext,
    outcome: IngestOutcome,
    sha: str | None,
    size: int,
    work_key: str | None = None,
) -> None:
    """Write one upload row (its work key, if queued, makes a replay find it)."""
    with session_scope(ctx.engine) as session:
        session.add(
            Upload(
                filename=outcome.file,
                sha256=sha,
                size=size,
                status=outcome.status,
                reason=outcome.reason,
                candidate_id=outcome.candidate_id,
                work_key=work_key,
            )
        )


def _prechecked(
    ctx: AppContext, files: Sequence[IncomingFile | ResumeRejected]
) -> tuple[dict[int, IngestOutcome], list[tuple[int, IncomingFile | ResumeRejected]]]:
    """Files already on file (or twice in this batch), and the rest to parse, by position."""
    known: dict[int, IngestOutcome] = {}
    to_parse: list[tuple[int, IncomingFile | ResumeRejected]] = []
    first_of: dict[str, int] = {}
    with session_scope(ctx.engine) as session:
        for index, file in enumerate(files):
            if isinstance(file, ResumeRejected):
                to_parse.append((index, file))
                continue
            sha = sha256_of(file.data)
            existing = repo.resume_by_sha(session, sha256=sha)
            if existing is not None or sha in first_of:
                known[index] = IngestOutcome(
                    file=file.name,
                    status="duplicate",
                    candidate_id=existing.candidate_id if existing else None,
                )
                continue
            first_of[sha] = index
            to_parse.append((index, file))
    return known, to_parse


def settle_upload(
    ctx: AppContext,
    file: IncomingFile | ResumeRejected,
    result: object,
    work_key: str | None = None,
) -> IngestOutcome:
    """Store one parse result (or its rejection) in its own transaction.

    Anything unexpected while storing fails this file alone, with a plain reason; the details
    go to the log, never to the user.
    """
    data = file.data if isinstance(file, IncomingFile) else b""
    sha = sha256_of(data) if data else None
    try:
        if isinstance(result, ParsedFile):
            return _store_once(ctx, result, sha256_of(result.file.data), work_key)
        assert isinstance(result, ResumeRejected)
        outcome = IngestOutcome(file=result.filename, status="rejected", reason=result.reason)
    except Exception:
        log.exception("storing an uploaded file failed")
        name = file.name if isinstance(file, IncomingFile) else file.filename
        outcome = IngestOutcome(
            file=name, status="rejected", reason="could not be stored: please try again"
        )
    record_upload(ctx, outcome, sha, len(data), work_key)
    return outcome


def ingest_files(
    ctx: AppContext,
    uploads: Iterable[IncomingFile],
    on_progress: Progress | None = None,
    *,
    actor: str,
) -> list[IngestOutcome]:
    """Ingest uploads (zips expanded); one outcome per file, in order. Never raises for a bad file.

    The same bytes twice are one resume; a new file with a known e-mail is a new version of that
    candidate, and the recruiter's corrections carry over. Each file is stored as soon as it is
    parsed, in its own transaction, so an interrupted batch keeps every file already done; the
    batch is audited with what was done even when it is interrupted.

    Raises:
        UploadLimitReached: ``actor`` has used up the files an hour a user may upload.
    """
    authorize(ctx, actor, Action.UPLOAD)
    received = list(uploads)
    admit_uploads(ctx, received, actor=actor)
    files = list(expand_uploads(received, ctx))
    outcomes, to_parse = _prechecked(ctx, files)
    known = sorted(outcomes)
    try:
        parsed = parse_stream([f for _, f in to_parse], ctx.pool, ctx.settings, on_progress)
        for (index, file), result in zip(to_parse, parsed, strict=True):
            outcomes[index] = settle_upload(ctx, file, result)
    finally:
        _fill_duplicate_owners(ctx, files, outcomes)
        for index in known:  # a file already on file is in the upload history too
            if isinstance(file := files[index], IncomingFile):
                record_upload(ctx, outcomes[index], sha256_of(file.data), len(file.data))
        counts: dict[str, int] = {}
        for outcome in outcomes.values():
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
        if len(outcomes) < len(files):
            counts["interrupted"] = len(files) - len(outcomes)
        audit.record(ctx, actor, "upload", f"{len(files)} files", **counts)
    return [outcomes[i] for i in sorted(outcomes)]


def _fill_duplicate_owners(
    ctx: AppContext,
    files: Sequence[IncomingFile | ResumeRejected],
    outcomes: dict[int, IngestOutcome],
) -> None:
    """A second copy within a batch points at the candidate its first copy became."""
    for index, outcome in outcomes.items():
        file = files[index]
        if outcome.status == "duplicate" and outcome.candidate_id is None:
            if not isinstance(file, IncomingFile):
                continue
            with session_scope(ctx.engine) as session:
                stored = repo.resume_by_sha(session, sha256=sha256_of(file.data))
                outcome.candidate_id = stored.candidate_id if stored else None
