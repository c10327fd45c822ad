"""Shortlists: the candidates a recruiter puts forward for a job."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from core.auth.policy import Action
from core.context import AppContext
from core.services import audit
from core.services.guard import authorize
from core.store import candidates as repo
from core.store.db import session_scope
from core.store.jobs import job_in, load_job
from core.store.models import Candidate, ShortlistEntry
from core.store.pipeline import advance_to_shortlisted, shortlist_entry, step_back_from_shortlisted
from core.store.public import CandidatePublic, ShortlistEntryPublic

EXPORT_MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class ShortlistRow:
    """A shortlisted candidate with the score stored for the job."""

    entry: ShortlistEntryPublic
    candidate: CandidatePublic


@dataclass(frozen=True)
class ShortlistAdd:
    """The outcome of adding a candidate to a shortlist: their entry, and whether it is new
    (``False``: they were on the shortlist already, and nothing changed)."""

    entry: ShortlistEntryPublic
    added: bool


def on_shortlist(ctx: AppContext, job_id: int, candidate_id: int, *, actor: str) -> bool:
    """Whether the candidate is on the job's shortlist already."""
    authorize(ctx, actor, Action.VIEW_SHORTLIST, load_job(ctx.engine, job_id))
    with session_scope(ctx.engine) as session:
        return (
            session.exec(
                select(ShortlistEntry.id).where(
                    ShortlistEntry.job_id == job_id, ShortlistEntry.candidate_id == candidate_id
                )
            ).first()
            is not None
        )


def add_to_shortlist(
    ctx: AppContext, job_id: int, candidate_id: int, *, actor: str, note: str = ""
) -> ShortlistAdd:
    """Add a candidate (once) to a job's shortlist, keeping the score shown at that moment; a
    candidate at an earlier stage of the job moves to Shortlisted.

    Returns:
        The entry, and whether it was added now (``added`` is ``False`` for a candidate who
        was on the shortlist already: their entry and stage are left as they were).
    """
    load_job(ctx.engine, job_id)
    authorize(ctx, actor, Action.SHORTLIST)
    with session_scope(ctx.engine) as session:
        repo.get_candidate(session, candidate_id=candidate_id)
        entry, new = shortlist_entry(session, job_id, candidate_id, actor=actor, note=note)
        if new:
            advance_to_shortlisted(session, job_in(session, job_id), candidate_id, actor=actor)
        public = ShortlistEntryPublic.of(entry)
    if new:
        audit.record(
            ctx,
            actor,
            "shortlist.add",
            f"job {job_id} / candidate {candidate_id}",
            score=entry.score,
        )
    return ShortlistAdd(public, added=new)


def remove_from_shortlist(ctx: AppContext, job_id: int, candidate_id: int, *, actor: str) -> None:
    """Take a candidate off a job's shortlist (one at Shortlisted goes back a stage)."""
    authorize(ctx, actor, Action.SHORTLIST)
    with session_scope(ctx.engine) as session:
        for entry in session.exec(
            select(ShortlistEntry).where(
                ShortlistEntry.job_id == job_id, ShortlistEntry.candidate_id == candidate_id
            )
        ):
            session.delete(entry)
        step_back_from_shortlisted(session, job_in(session, job_id), candidate_id, actor=actor)
    audit.record(ctx, actor, "shortlist.remove", f"job {job_id} / candidate {candidate_id}")


def _rows(ctx: AppContext, job_id: int) -> list[ShortlistRow]:
    with session_scope(ctx.engine) as session:
        rows = session.exec(
            select(ShortlistEntry, Candidate)
            .join(Candidate, col(Candidate.id) == col(ShortlistEntry.candidate_id))
            .where(ShortlistEntry.job_id == job_id)
        )
        found = [
            ShortlistRow(ShortlistEntryPublic.of(entry), CandidatePublic.of(candidate))
            for entry, candidate in rows
        ]
    return sorted(found, key=lambda r: (-(r.entry.score or 0.0), r.candidate.id or 0))


def shortlist(ctx: AppContext, job_id: int, *, actor: str) -> list[ShortlistRow]:
    """A job's shortlist, best score first."""
    authorize(ctx, actor, Action.VIEW_SHORTLIST, load_job(ctx.engine, job_id))
    return _rows(ctx, job_id)


def shortlist_export(ctx: AppContext, job_id: int, kind: str, *, actor: str) -> tuple[bytes, str]:
    """The shortlist as CSV or XLSX bytes and its MIME type (audited)."""
    authorize(ctx, actor, Action.EXPORT)
    from core.services.export import to_csv, to_xlsx
    from core.services.reviews import SHORTLIST_STATUS

    rows = [
        {
            "name": r.candidate.display_name,
            "email": r.candidate.email,
            "phone": r.candidate.phone,
            "headline": r.candidate.headline,
            "years_experience": r.candidate.years_experience,
            "skills": ", ".join(r.candidate.skills),
            "score": r.entry.score,
            "status": SHORTLIST_STATUS.get(r.entry.status, r.entry.status),
            "added_by": r.entry.added_by,
            "added_at": r.entry.created_at.strftime("%Y-%m-%d %H:%M"),
        }
        for r in _rows(ctx, job_id)
    ]
    audit.record(ctx, actor, "export", f"job {job_id}", format=kind)
    if kind == "xlsx":
        return to_xlsx(rows), EXPORT_MIME["xlsx"]
    return to_csv(rows), EXPORT_MIME["csv"]
