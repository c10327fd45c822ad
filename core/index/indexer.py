"""Keep the vector index in step with SQL: embed new resumes, follow corrections, repair drift.

SQL is the source of truth. Ingest writes an outbox event in the same transaction as the resume;
``sync`` embeds and indexes what the events name and marks them done, so a crash in between is
replayed (point ids are deterministic, so a replay never duplicates). ``reconcile`` compares the
point ids SQL expects with those in the index and repairs both directions; ``rebuild`` starts over.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

import numpy as np
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.embeddings import Encoder
from core.index.chunks import chunk_sections
from core.index.port import ChunkPoint, VectorIndex, location_terms, point_id
from core.store.db import session_scope
from core.store.models import Candidate, ChunkVector, OutboxEvent, Resume, utcnow


def payload_for(candidate: Candidate, chunk: ChunkVector) -> dict:
    """The payload filters and search results use."""
    return {
        "candidate_id": candidate.id,
        "resume_id": chunk.resume_id,
        "section": chunk.section,
        "position": chunk.position,
        "text": chunk.text[:2000],
        "skills": list(candidate.skills),
        "years": float(candidate.years_experience or 0.0),
        "location_terms": location_terms(candidate.location),
        "flagged": int(candidate.flagged),
    }


ERASED = "candidate.erased"  # outbox kind: the owner drops the points and compacts the index


class Indexer:
    """Embeds current resumes into ``ChunkVector`` rows and mirrors them into the index.

    Sessions of one process take turns (one lock per indexer); processes sharing a database
    may embed the same resume at once: the unique point id decides, and the later writer reads
    the rows the first one stored.
    """

    def __init__(self, engine: Engine, encoder: Encoder, index: VectorIndex) -> None:
        self.engine = engine
        self.encoder = encoder
        self.index = index
        self._lock = threading.RLock()

    def _chunks_for(self, session: Session, resume: Resume) -> list[ChunkVector]:
        model = self.encoder.model_version
        stored = list(
            session.exec(
                select(ChunkVector)
                .where(ChunkVector.resume_id == resume.id, ChunkVector.model == model)
                .order_by(col(ChunkVector.position))
            )
        )
        if stored:
            return stored
        chunks = chunk_sections(resume.sections or {"text": resume.text}, self.encoder.count_tokens)
        vectors = self.encoder.encode([c.text for c in chunks])
        rows = [
            ChunkVector(
                point_id=point_id(resume.sha256, c.position, model),
                resume_id=resume.id or 0,
                candidate_id=resume.candidate_id,
                position=c.position,
                section=c.section,
                text=c.text,
                model=model,
                vector=np.asarray(v, dtype=np.float32).tobytes(),
            )
            for c, v in zip(chunks, vectors, strict=True)
        ]
        session.add_all(rows)
        session.flush()
        return rows

    def index_candidates(
        self, candidate_ids: Iterable[int], on_progress: Callable[[int, int], None] | None = None
    ) -> int:
        """Embed (if needed) and index each candidate's current resume; returns points written.

        One transaction per candidate, so an interruption keeps what was already embedded.
        """
        written = 0
        targets = sorted(set(candidate_ids))
        with self._lock:
            for done, candidate_id in enumerate(targets, start=1):
                try:
                    written += self._index_one(candidate_id)
                except IntegrityError:  # another process stored these chunks first
                    written += self._index_one(candidate_id)
                if on_progress is not None:
                    on_progress(done, len(targets))
        return written

    def _index_one(self, candidate_id: int) -> int:
        with session_scope(self.engine) as session:
            candidate = session.get(Candidate, candidate_id)
            resume = session.get(Resume, candidate.current_resume_id) if candidate else None
            if candidate is None or resume is None:
                self.index.delete_candidates([candidate_id])
                return 0
            rows = self._chunks_for(session, resume)
            self.index.delete_candidates([candidate_id])
            self.index.upsert(
                [
                    ChunkPoint(
                        r.point_id,
                        np.frombuffer(r.vector, dtype=np.float32).tolist(),
                        payload_for(candidate, r),
                    )
                    for r in rows
                ]
            )
            return len(rows)

    def sync(self) -> int:
        """Process pending outbox events; returns how many were processed.

        A process that does not own the index embeds what the events name into SQL and leaves
        the events for the owner, which applies them (and compacts after an erasure).
        """
        with session_scope(self.engine) as session:
            events = list(
                session.exec(
                    select(OutboxEvent)
                    .where(col(OutboxEvent.processed_at).is_(None))
                    .order_by(col(OutboxEvent.id))
                )
            )
            targets = {int(e.payload.get("candidate_id", 0)) for e in events}
            ids = [e.id for e in events]
            erased = any(e.kind == ERASED for e in events)
        if not ids:
            return 0
        self.index_candidates(t for t in targets if t)
        if not self.owns_index:
            return 0
        if erased:
            self.index.compact()
        with session_scope(self.engine) as session:
            for event in session.exec(select(OutboxEvent).where(col(OutboxEvent.id).in_(ids))):
                event.processed_at = utcnow()
                session.add(event)
        return len(ids)

    @property
    def owns_index(self) -> bool:
        """Whether this process writes the index itself (else the owner applies SQL)."""
        return self.index.owns_index

    def expected_ids(self) -> set[str]:
        """Point ids of every candidate's current resume, as SQL says."""
        with session_scope(self.engine) as session:
            rows = session.exec(
                select(ChunkVector.point_id)
                .join(Candidate, col(Candidate.current_resume_id) == col(ChunkVector.resume_id))
                .where(ChunkVector.model == self.encoder.model_version)
            )
            return set(rows)

    def reconcile(self) -> dict[str, int]:
        """Repair drift between SQL and the index; returns what was added and removed."""
        self.sync()
        expected, present = self.expected_ids(), self.index.ids()
        extra = sorted(present - expected)
        self.index.delete(extra)
        missing = expected - present
        with session_scope(self.engine) as session:
            owners = (
                set(
                    session.exec(
                        select(ChunkVector.candidate_id).where(
                            col(ChunkVector.point_id).in_(missing)
                        )
                    )
                )
                if missing
                else set()
            )
        self.index_candidates(owners)
        with session_scope(self.engine) as session:
            unindexed = set(
                session.exec(
                    select(Candidate.id).where(
                        col(Candidate.current_resume_id).not_in(
                            select(ChunkVector.resume_id).where(
                                ChunkVector.model == self.encoder.model_version
                            )
                        )
                    )
                )
            )
        self.index_candidates(i for i in unindexed if i is not None)
        return {"removed": len(extra), "repaired": len(owners) + len(unindexed)}

    def rebuild(self) -> int:
        """Drop every point and index all candidates again from SQL."""
        self.index.delete(sorted(self.index.ids()))
        with session_scope(self.engine) as session:
            everyone = [i for i in session.exec(select(Candidate.id)) if i is not None]
        return self.index_candidates(everyone)
