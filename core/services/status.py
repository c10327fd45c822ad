"""Workspace health in numbers: what is stored, indexed and waiting (``python -m core status``)."""

from __future__ import annotations

from sqlmodel import col, func, select

from core.context import AppContext
from core.store.db import session_scope
from core.store.models import Candidate, ChunkVector, Resume, Upload


def workspace_status(ctx: AppContext) -> dict[str, int]:
    """Counts of candidates, resumes, rejected uploads, chunk vectors in SQL and points in the
    index (both for the scoring model in force), and background work queued, running, failed."""
    from core.work.queue import counts

    model = ctx.encoder.model_version
    with session_scope(ctx.engine) as session:

        def count(query) -> int:  # noqa: ANN001
            return int(session.exec(query).one())

        figures = {
            "candidates": count(select(func.count()).select_from(Candidate)),
            "resumes": count(select(func.count()).select_from(Resume)),
            "rejected": count(
                select(func.count()).select_from(Upload).where(Upload.status == "rejected")
            ),
            "sql_chunks": count(
                select(func.count())
                .select_from(ChunkVector)
                .join(Candidate, col(Candidate.current_resume_id) == col(ChunkVector.resume_id))
                .where(ChunkVector.model == model)
            ),
        }
    figures["index_points"] = ctx.indexer.index.count()
    return figures | counts(ctx.settings)
