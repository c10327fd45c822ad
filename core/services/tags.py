"""Tags on candidates: short labels recruiters choose ("referral", "relocating") to filter by.

A tag is free text about a person, so the audit log records that one was added, not its words.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import col, delete, select

from core.auth.policy import Action
from core.context import AppContext
from core.errors import InvalidInput
from core.services import audit
from core.services.guard import authorize
from core.store import candidates as repo
from core.store.db import session_scope
from core.store.models import CandidateTag

MAX_TAG_LENGTH = 40


def normal_tag(tag: str) -> str:
    """A tag as stored: words single-spaced, lower case.

    Raises:
        InvalidInput: empty, or longer than 40 characters.
    """
    name = " ".join(tag.split()).casefold()
    if not name:
        raise InvalidInput("the tag is empty")
    if len(name) > MAX_TAG_LENGTH:
        raise InvalidInput(f"a tag has at most {MAX_TAG_LENGTH} characters")
    return name


def tag_candidates(ctx: AppContext, candidate_ids: Sequence[int], tag: str, *, actor: str) -> int:
    """Put a tag on candidates (one or many); returns how many did not have it yet."""
    authorize(ctx, actor, Action.ANNOTATE)
    name = normal_tag(tag)
    ids = list(dict.fromkeys(candidate_ids))
    with session_scope(ctx.engine) as session:
        for candidate_id in ids:
            repo.get_candidate(session, candidate_id=candidate_id)
        have = set(
            session.exec(
                select(CandidateTag.candidate_id).where(
                    CandidateTag.tag == name, col(CandidateTag.candidate_id).in_(ids)
                )
            )
        )
        new = [i for i in ids if i not in have]
        session.add_all(CandidateTag(candidate_id=i, tag=name, added_by=actor) for i in new)
    for candidate_id in new:
        audit.record(ctx, actor, "tag.add", f"candidate {candidate_id}")
    return len(new)


def untag_candidates(
    ctx: AppContext, candidate_ids: Sequence[int], tag: str, *, actor: str
) -> None:
    """Take a tag off candidates."""
    authorize(ctx, actor, Action.ANNOTATE)
    name = normal_tag(tag)
    ids = list(dict.fromkeys(candidate_ids))
    with session_scope(ctx.engine) as session:
        session.exec(
            delete(CandidateTag).where(
                col(CandidateTag.tag) == name, col(CandidateTag.candidate_id).in_(ids)
            )
        )
    for candidate_id in ids:
        audit.record(ctx, actor, "tag.remove", f"candidate {candidate_id}")


def tags_by_candidate(ctx: AppContext, *, actor: str) -> dict[int, list[str]]:
    """Every tagged candidate's tags, sorted."""
    authorize(ctx, actor, Action.VIEW_CANDIDATES)
    with session_scope(ctx.engine) as session:
        return repo.tags_of(session)


def all_tags(ctx: AppContext, *, actor: str) -> list[str]:
    """Every tag in use, sorted (the choices of a tag filter)."""
    authorize(ctx, actor, Action.VIEW_CANDIDATES)
    with session_scope(ctx.engine) as session:
        return list(
            session.exec(select(CandidateTag.tag).distinct().order_by(col(CandidateTag.tag)))
        )
