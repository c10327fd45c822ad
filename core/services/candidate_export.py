"""Chosen candidates as CSV or XLSX (a bulk action), with their tags and, for a job, their
stage and score there."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import col, select

from core.auth.policy import Action
from core.context import AppContext
from core.services import audit
from core.services.export import to_csv, to_xlsx
from core.services.guard import authorize
from core.services.shortlists import EXPORT_MIME
from core.store.candidates import tags_of
from core.store.db import session_scope
from core.store.jobs import job_in
from core.store.models import Candidate, Score
from core.store.pipeline import applications, stages_of

PROFILE_COLUMNS = ["name", "email", "phone", "headline", "years_experience", "skills", "tags"]


def export_candidates(
    ctx: AppContext,
    candidate_ids: Sequence[int],
    kind: str,
    *,
    actor: str,
    job_id: int | None = None,
) -> tuple[bytes, str]:
    """The candidates as CSV or XLSX bytes and the MIME type (audited); with ``job_id``, each
    one's stage and stored score in that job as well."""
    authorize(ctx, actor, Action.EXPORT)
    ids = list(dict.fromkeys(candidate_ids))
    with session_scope(ctx.engine) as session:
        found = {c.id: c for c in session.exec(select(Candidate).where(col(Candidate.id).in_(ids)))}
        tags = tags_of(session, ids)
        stage: dict[int, str] = {}
        score: dict[int, float] = {}
        if job_id is not None:
            first = stages_of(job_in(session, job_id))[0]
            moved = applications(session, job_id, ids)
            stage = {i: moved[i].stage if i in moved else first for i in ids}
            score = dict(
                session.exec(
                    select(Score.candidate_id, Score.score).where(
                        Score.job_id == job_id, col(Score.candidate_id).in_(ids)
                    )
                ).all()
            )
        rows = [
            {
                "name": c.display_name,
                "email": c.email,
                "phone": c.phone,
                "headline": c.headline,
                "years_experience": c.years_experience,
                "skills": ", ".join(c.skills),
                "tags": ", ".join(tags.get(i, [])),
                "stage": stage.get(i),
                "score": score.get(i),
            }
            for i in ids
            if (c := found.get(i)) is not None
        ]
    columns = [*PROFILE_COLUMNS, *(("stage", "score") if job_id is not None else ())]
    target = f"job {job_id}" if job_id is not None else "candidates"
    audit.record(ctx, actor, "export", target, format=kind, candidates=len(rows))
    if kind == "xlsx":
        return to_xlsx(rows, columns, title="Candidates"), EXPORT_MIME["xlsx"]
    return to_csv(rows, columns), EXPORT_MIME["csv"]
