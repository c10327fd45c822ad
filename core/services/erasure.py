"""Erasure and access requests (GDPR Art. 17 and 15): every trace of a person, by e-mail or id.

``erase_person`` deletes the candidate rows and everything that hangs off them (resume versions
and their stored files, corrections, chunk vectors and index points, scores, the prediction log,
explanations, reviews, shortlist entries, self-identification, upload history, pending index
work). SQLite connections run with ``secure_delete`` (freed pages are overwritten) and the
write-ahead log is folded back into the database and emptied, so no page keeps the text. The
audit log keeps a tombstone: who erased, when, how much, and a keyed hash of the e-mail (so a
repeated request can be recognised without keeping the address).

Fine-tuned scoring versions hold no text of anyone (their folders carry no model card), but their
weights were shaped by the pairs they were trained on: each version the person's pairs trained
is tagged ``erased_training_data`` in the registry and named in the tombstone, and the Models page
tells admins to retrain without it.

``export_person`` gathers the same data as one JSON document; ``export_archive`` packs it with
the original files as one zip.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import os
import secrets
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, text
from sqlmodel import SQLModel, col, delete, select

from core.auth.policy import Action
from core.context import AppContext
from core.errors import NotFound
from core.services import audit
from core.services.guard import authorize
from core.store.db import session_scope
from core.store.models import (
    Application,
    Candidate,
    CandidateNote,
    CandidateTag,
    ChunkVector,
    Explanation,
    FieldCorrection,
    OutboxEvent,
    Prediction,
    Resume,
    Review,
    Score,
    SelfIdentification,
    ShortlistEntry,
    TrainingUse,
    Upload,
)

log = logging.getLogger(__name__)
ERASED_TRAINING_TAG = "erased_training_data"

# Tables whose rows belong to one candidate (``candidate_id``), deleted before the candidate.
OWNED: tuple[type[SQLModel], ...] = (
    Application,
    CandidateNote,
    CandidateTag,
    Explanation,
    Review,
    ShortlistEntry,
    Score,
    Prediction,
    FieldCorrection,
    SelfIdentification,
    ChunkVector,
    TrainingUse,
    Upload,
)


@dataclass(frozen=True)
class ErasureReport:
    """What an erasure removed (``as_json`` is the CLI's JSON), and which fine-tuned versions
    were trained on the person's pairs."""

    erased_candidates: int
    files: int
    index_points: int
    trained_versions: tuple[str, ...] = ()

    def as_json(self) -> dict[str, int]:
        return {
            "erased_candidates": self.erased_candidates,
            "files": self.files,
            "index_points": self.index_points,
        }


def _find_candidates(
    ctx: AppContext, *, email: str | None = None, candidate_id: int | None = None
) -> list[int]:
    """Candidate ids for an e-mail (as corrected or as parsed from any resume version) or an id."""
    with session_scope(ctx.engine) as session:
        if candidate_id is not None:
            return [candidate_id] if session.get(Candidate, candidate_id) else []
        wanted = (email or "").strip().lower()
        if not wanted:
            return []
        ids = set(session.exec(select(Candidate.id).where(func.lower(Candidate.email) == wanted)))
        for resume in session.exec(select(Resume)):
            if str(resume.profile.get("email") or "").strip().lower() == wanted:
                ids.add(resume.candidate_id)
    return sorted(i for i in ids if i is not None)


def _salt(ctx: AppContext) -> bytes:
    """The workspace's secret key for tombstone hashes (made on first use, mode 0600)."""
    path = Path(ctx.settings.home) / "erasure.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def _email_digest(ctx: AppContext, email: str) -> str:
    """The keyed hash of an e-mail kept in the tombstone."""
    return hmac.new(_salt(ctx), email.strip().lower().encode(), hashlib.sha256).hexdigest()


def _delete_rows(ctx: AppContext, ids: Sequence[int]) -> tuple[list[Resume], list[tuple[str, int]]]:
    """Delete every row of the candidates; returns their resumes and (model, dimension) pairs."""
    with session_scope(ctx.engine) as session:
        resumes = list(session.exec(select(Resume).where(col(Resume.candidate_id).in_(ids))))
        models = {
            (model, len(vector) // 4)
            for model, vector in session.exec(
                select(ChunkVector.model, ChunkVector.vector).where(
                    col(ChunkVector.candidate_id).in_(ids)
                )
            )
        }
        shas = [r.sha256 for r in resumes]
        for table in OWNED:
            session.exec(delete(table).where(col(table.candidate_id).in_(ids)))  # type: ignore[attr-defined]
        session.exec(delete(Upload).where(col(Upload.sha256).in_(shas)))
        for event in session.exec(select(OutboxEvent)):
            if int(event.payload.get("candidate_id") or 0) in ids:
                session.delete(event)
        session.exec(delete(Resume).where(col(Resume.candidate_id).in_(ids)))
        session.exec(delete(Candidate).where(col(Candidate.id).in_(ids)))
        session.expunge_all()
    return resumes, sorted(models)


def _delete_points(ctx: AppContext, ids: Sequence[int], models: Sequence[tuple[str, int]]) -> int:
    """Remove the candidates' points from every vector index they were in; returns how many."""
    from core.index.factory import open_index
    from core.index.indexer import ERASED

    removed = 0
    for model, dimension in models:
        opened = ctx.open_indexer(model)
        index = (
            opened.index
            if opened is not None
            else open_index(ctx.settings, dimension, model, ctx.engine)
        )
        if not index.owns_index:  # the owning process drops the points and compacts
            with session_scope(ctx.engine) as session:
                session.add_all(OutboxEvent(kind=ERASED, payload={"candidate_id": i}) for i in ids)
            continue
        before = index.count()
        index.delete_candidates(list(ids))
        removed += before - index.count()
        index.compact()
        if opened is None:
            index.close()
    return removed


def _trained_versions(ctx: AppContext, ids: Sequence[int]) -> tuple[str, ...]:
    """The fine-tuned versions the candidates' pairs trained (read before their rows go)."""
    with session_scope(ctx.engine) as session:
        found = session.exec(
            select(TrainingUse.version).where(col(TrainingUse.candidate_id).in_(ids)).distinct()
        )
        return tuple(sorted(set(found), key=lambda v: (len(v), v)))


def _mark_versions(ctx: AppContext, versions: Sequence[str]) -> None:
    """Tag the versions in the registry and drop model cards kept on this machine. A registry
    that cannot be reached leaves the erasure done; the tombstone still names the versions."""
    if not ctx.has_registry():
        return
    try:
        for version in versions:
            ctx.registry.set_version_tag(version, ERASED_TRAINING_TAG, "true")
        ctx.registry.remove_model_cards()
    except Exception as e:
        log.warning("could not mark versions %s in the registry: %s", list(versions), type(e))


def _scrub_database(ctx: AppContext) -> None:
    """SQLite: overwrite freed pages and empty the write-ahead log into the database file."""
    if ctx.engine.dialect.name != "sqlite":
        return
    with ctx.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def erase_person(
    ctx: AppContext, *, actor: str, email: str | None = None, candidate_id: int | None = None
) -> ErasureReport:
    """Erase every trace of the person; raises NotFound when nobody matches."""
    authorize(ctx, actor, Action.ERASE_PERSON)
    ids = _find_candidates(ctx, email=email, candidate_id=candidate_id)
    if not ids:
        raise NotFound("no candidate with that e-mail or id")
    trained = _trained_versions(ctx, ids)
    resumes, models = _delete_rows(ctx, ids)
    files = 0
    for resume in resumes:
        path = ctx.blobs.path_for(resume.sha256, resume.kind)
        if path.exists():
            path.unlink()
            files += 1
    points = _delete_points(ctx, ids, models)
    _mark_versions(ctx, trained)
    _scrub_database(ctx)
    report = ErasureReport(len(ids), files, points, trained)
    audit.record(
        ctx,
        actor,
        "person.erase",
        f"{len(ids)} candidate(s)",
        email_hash=_email_digest(ctx, email) if email else None,
        trained_versions=list(trained),
        **report.as_json(),
    )
    return report


def export_person(
    ctx: AppContext, *, actor: str, email: str | None = None, candidate_id: int | None = None
) -> dict[str, Any]:
    """Everything held on the person, as one JSON-ready document (audited)."""
    authorize(ctx, actor, Action.ERASE_PERSON)
    ids = _find_candidates(ctx, email=email, candidate_id=candidate_id)
    if not ids:
        raise NotFound("no candidate with that e-mail or id")

    def rows(table: type[SQLModel], session: Any, *exclude: str) -> list[dict[str, Any]]:
        found = session.exec(select(table).where(col(table.candidate_id).in_(ids)))  # type: ignore[attr-defined]
        return [r.model_dump(mode="json", exclude=set(exclude)) for r in found]

    with session_scope(ctx.engine) as session:
        document: dict[str, Any] = {
            "candidates": [
                c.model_dump(mode="json")
                for c in session.exec(select(Candidate).where(col(Candidate.id).in_(ids)))
            ],
            "resumes": rows(Resume, session),
            "corrections": rows(FieldCorrection, session),
            "scores": rows(Score, session),
            "predictions": rows(Prediction, session),
            "explanations": rows(Explanation, session),
            "reviews": rows(Review, session),
            "shortlists": rows(ShortlistEntry, session),
            "pipeline": rows(Application, session),
            "notes": rows(CandidateNote, session),
            "tags": rows(CandidateTag, session),
            "self_identification": rows(SelfIdentification, session),
            "uploads": rows(Upload, session),
            "chunks": rows(ChunkVector, session, "vector"),
            "model_training": rows(TrainingUse, session),
        }
    document["files"] = [
        {"filename": r["filename"], "sha256": r["sha256"], "kind": r["kind"]}
        for r in document["resumes"]
    ]
    audit.record(ctx, actor, "person.export", f"{len(ids)} candidate(s)")
    return document


def export_archive(
    ctx: AppContext, *, actor: str, email: str | None = None, candidate_id: int | None = None
) -> bytes:
    """The access request as one zip: ``personal-data.json`` and every original file under
    ``files/`` (named by content hash and the uploaded name made safe)."""
    from core.parsing.files import safe_filename

    document = export_person(ctx, actor=actor, email=email, candidate_id=candidate_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "personal-data.json", json.dumps(document, indent=2, ensure_ascii=False, default=str)
        )
        for file in document["files"]:
            path = ctx.blobs.path_for(file["sha256"], file["kind"])
            if path.exists():
                name = f"files/{file['sha256'][:12]}-{safe_filename(file['filename'])}"
                archive.write(path, name)
    return buffer.getvalue()
