"""Notes on candidates: what a recruiter wants colleagues to know, with its author and time.

A note's text stays in its row (never in the audit log), so an erasure removes it with the
candidate and an access request returns it.
"""

from __future__ import annotations

from sqlmodel import col, select

from core.auth.policy import Action
from core.context import AppContext
from core.errors import InvalidInput, NotFound
from core.services import audit
from core.services.guard import authorize, principal
from core.store import candidates as repo
from core.store.db import session_scope
from core.store.models import CandidateNote
from core.store.public import CandidateNotePublic

MAX_NOTE_LENGTH = 5000


def add_note(ctx: AppContext, candidate_id: int, text: str, *, actor: str) -> CandidateNotePublic:
    """Add a note to a candidate.

    Raises:
        InvalidInput: an empty note, or one longer than 5,000 characters.
        CandidateNotFound: no such candidate.
    """
    authorize(ctx, actor, Action.ANNOTATE)
    text = text.strip()
    if not text:
        raise InvalidInput("the note is empty")
    if len(text) > MAX_NOTE_LENGTH:
        raise InvalidInput(f"a note has at most {MAX_NOTE_LENGTH:,} characters")
    with session_scope(ctx.engine) as session:
        repo.get_candidate(session, candidate_id=candidate_id)
        note = CandidateNote(candidate_id=candidate_id, author=actor, text=text)
        session.add(note)
        session.flush()
        public = CandidateNotePublic.of(note)
    audit.record(ctx, actor, "note.add", f"candidate {candidate_id}", note=public.id)
    return public


def notes_of(ctx: AppContext, candidate_id: int, *, actor: str) -> list[CandidateNotePublic]:
    """A candidate's notes, newest first."""
    authorize(ctx, actor, Action.VIEW_CANDIDATES)
    with session_scope(ctx.engine) as session:
        found = session.exec(
            select(CandidateNote)
            .where(CandidateNote.candidate_id == candidate_id)
            .order_by(col(CandidateNote.id).desc())
        )
        return [CandidateNotePublic.of(n) for n in found]


def delete_note(ctx: AppContext, note_id: int, *, actor: str) -> None:
    """Delete a note: its author may, and an admin.

    Raises:
        NotFound: no such note.
        InvalidInput: someone else's note.
    """
    authorize(ctx, actor, Action.ANNOTATE)
    who = principal(ctx, actor)
    with session_scope(ctx.engine) as session:
        note = session.get(CandidateNote, note_id)
        if note is None:
            raise NotFound(f"note {note_id} not found")
        if note.author.lower() != actor.lower() and (who is None or who.role != "admin"):
            raise InvalidInput("only its author or an admin can delete a note")
        candidate_id = note.candidate_id
        session.delete(note)
    audit.record(ctx, actor, "note.delete", f"candidate {candidate_id}", note=note_id)
