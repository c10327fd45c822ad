"""Workspace health in numbers: what is stored, indexed and waiting (``python -m core status``)."""

from __future__ import annotations

from sqlmodel import col, func, select

from core.auth.policy import Action
from core.context import AppContext
from core.services.guard import authorize
from core.store.db import session_scope
from core.store.models import Candidate, ChunkVector, Resume, Upload


def workspace_status(ctx: AppContext, *, actor: str) -> dict[str, int]:
    """Counts of candidates, resumes, rejected uploads, chunk vectors in SQL and points in the
    index (both for the scoring model in force), and background work queued, running, failed.
    No embedding model is loaded: this is the workers' health check."""
    authorize(ctx, actor, Action.VIEW_OVERVIEW)
    from core.embeddings import DIMENSION
    from core.index.factory import open_index
    from core.work.queue import counts

    model = ctx.encoder_version_in_force()
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
    opened = ctx.open_indexer(model)
    if opened is not None:
        figures["index_points"] = opened.index.count()
    else:  # no model is loaded for this: the index is opened by its name alone
        index = open_index(ctx.settings, DIMENSION, model, ctx.engine)
        try:
            figures["index_points"] = index.count()
        finally:
            index.close()
    return figures | counts(ctx.settings)
