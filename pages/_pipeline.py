"""Pipeline widgets shared by the Ranking and Candidates pages: bulk actions on the ticked
candidates, and a candidate's jobs and stages, tags and notes.

Imported once per process, unlike a page: each widget asks for the context and the signed-in
user when it is drawn, never at import.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from core.errors import TalentFlowError
from core.services import pipeline
from core.services.candidate_export import export_candidates
from core.services.jobs import list_jobs
from core.services.notes import add_note, delete_note, notes_of
from core.services.shortlists import EXPORT_MIME, add_to_shortlist
from core.services.tags import tag_candidates, tags_by_candidate, untag_candidates
from pages._frame import get_context, md, plural, signed_in_user


def funnel_chart(counts: list[tuple[str, int]], key: str) -> None:
    """A job's candidates at each stage, in order, as a funnel."""
    figure = go.Figure(
        go.Funnel(y=[s for s, _ in counts], x=[n for _, n in counts], textinfo="value")
    )
    figure.update_layout(height=60 + 40 * len(counts), margin={"l": 0, "r": 0, "t": 10, "b": 0})
    st.plotly_chart(figure, key=key)


def job_choice_ui(key: str) -> int | None:
    """An open job to act in (for the Candidates page, which lists people across jobs)."""
    ctx, user = get_context(), signed_in_user()
    jobs = list_jobs(ctx, include_closed=False, actor=user.email)
    if not jobs:
        st.caption("Create a job on the Jobs page to move candidates through its stages.")
        return None
    titles = {j.id: j.title for j in jobs}
    chosen: int | None = st.selectbox(
        "Job", list(titles), format_func=lambda i: titles[i], key=f"{key}_job"
    )
    return chosen


def move_ui(ids: list[int], job_id: int, key: str) -> None:
    """Move the ticked candidates to a stage of the job (Rejected asks for a reason)."""
    ctx, user = get_context(), signed_in_user()
    stages = pipeline.job_stages(ctx, job_id, actor=user.email)
    stage = st.selectbox("Move to stage", stages, key=f"{key}_stage_{job_id}")
    reason = ""
    if stage == pipeline.REJECTED:
        reason = st.text_input(
            "Reason for rejecting", key=f"{key}_reason", placeholder="seen by recruiters only"
        )
    if st.button("Move", key=f"{key}_move", type="primary"):
        try:
            pipeline.move_candidates(ctx, job_id, ids, stage, actor=user.email, reason=reason)
        except TalentFlowError as e:
            st.error(md(e))
        else:
            done(key, f"{plural(len(ids), 'candidate')} moved to {md(stage)}.")
            st.rerun()


def tag_ui(ids: list[int], key: str) -> None:
    """Add a tag to, or take it off, the ticked candidates."""
    ctx, user = get_context(), signed_in_user()
    tag = st.text_input("Tag", key=f"{key}_tag", placeholder="referral, relocating…")
    left, right = st.columns(2)
    try:
        if left.button("Add tag", key=f"{key}_tag_add"):
            added = tag_candidates(ctx, ids, tag, actor=user.email)
            done(key, f"Tag added to {plural(added, 'candidate')}.")
            st.rerun()
        if right.button("Remove tag", key=f"{key}_tag_remove"):
            untag_candidates(ctx, ids, tag, actor=user.email)
            done(key, f"Tag removed from {plural(len(ids), 'candidate')}.")
            st.rerun()
    except TalentFlowError as e:
        st.error(md(e))


def shortlist_and_export_ui(ids: list[int], job_id: int | None, key: str) -> None:
    """Shortlist the ticked candidates for the job, or download them."""
    ctx, user = get_context(), signed_in_user()
    if job_id is not None and st.button("Shortlist selected", key=f"{key}_shortlist"):
        outcomes = [add_to_shortlist(ctx, job_id, i, actor=user.email) for i in ids]
        added = sum(o.added for o in outcomes)
        already = len(ids) - added
        if not added:
            st.info(f"{plural(already, 'candidate')} already on the shortlist: nothing added.")
        else:
            note = f" ({already} already on the shortlist)" if already else ""
            st.success(f"{plural(added, 'candidate')} added to the shortlist{note}.")
    for kind in ("csv", "xlsx"):
        st.download_button(
            f"Export {kind.upper()}",
            # made (and audited) when it is downloaded
            lambda kind=kind: export_candidates(ctx, ids, kind, actor=user.email, job_id=job_id)[0],
            file_name=f"candidates.{kind}",
            mime=EXPORT_MIME[kind],
            key=f"{key}_export_{kind}",
        )


def done(key: str, message: str) -> None:
    """Say what an action did on the run after it (the action reruns the page): a notice that
    stays until the next action, not a toast that is gone in seconds."""
    st.session_state[f"{key}_done"] = message


def done_ui(key: str) -> None:
    """The notice left by the last action, shown once."""
    if message := st.session_state.pop(f"{key}_done", None):
        st.success(message)


def bulk_ui(ids: list[int], *, job_id: int | None, key: str) -> None:
    """Actions on every ticked candidate: move stage, tag, shortlist, export."""
    done_ui(key)
    if not ids:
        st.caption("Tick candidates in the table to move, tag, shortlist or export them.")
        return
    with st.container(border=True):
        st.markdown(f"**{plural(len(ids), 'candidate')} selected**")
        stage_col, tag_col, other_col = st.columns(3)
        with stage_col:
            target = job_id if job_id is not None else job_choice_ui(key)
            if target is not None:
                move_ui(ids, target, key)
        with tag_col:
            tag_ui(ids, key)
        with other_col:
            shortlist_and_export_ui(ids, job_id, key)


def candidate_pipeline_ui(candidate_id: int) -> None:
    """The jobs the candidate is in with their stage there, their tags, and the notes."""
    ctx, user = get_context(), signed_in_user()
    placed = pipeline.candidate_stages(ctx, candidate_id, actor=user.email)
    st.markdown("**Jobs**")
    if not placed:
        st.caption("Not moved in any job yet: at the first stage of every open job.")
    for p in placed:
        line = f"{p.job_title}: {p.stage}"
        if p.reason:
            line += f" (reason: {p.reason})"
        st.text(f"{line} · moved by {p.moved_by}, {p.moved_at}")
    tags = tags_by_candidate(ctx, actor=user.email).get(candidate_id, [])
    st.markdown("**Tags**")
    st.text(", ".join(tags) if tags else "none")
    done_ui(f"one_{candidate_id}")
    tag_ui([candidate_id], f"one_{candidate_id}")
    notes_ui(candidate_id)


def notes_ui(candidate_id: int) -> None:
    """The candidate's notes, newest first, and a form for a new one."""
    ctx, user = get_context(), signed_in_user()
    st.markdown("**Notes**")
    with st.form(f"note_{candidate_id}", clear_on_submit=True):
        text = st.text_area("New note", key=f"note_text_{candidate_id}")
        if st.form_submit_button("Add note"):
            try:
                add_note(ctx, candidate_id, text, actor=user.email)
            except TalentFlowError as e:
                st.error(md(e))
            else:
                st.rerun()
    for note in notes_of(ctx, candidate_id, actor=user.email):
        with st.container(border=True):
            st.caption(f"{md(note.author)} · {note.created_at.strftime('%Y-%m-%d %H:%M')}")
            st.text(note.text)
            mine = note.author.lower() == user.email.lower() or user.role == "admin"
            if mine and st.button("Delete", key=f"note_delete_{note.id}"):
                delete_note(ctx, note.id, actor=user.email)
                st.rerun()
