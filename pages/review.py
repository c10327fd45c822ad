"""Review: a hiring manager's shortlists, with score, evidence, explanation and a decision."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.auth.policy import Action, can
from core.errors import TalentFlowError
from core.scoring.model import Evidence
from core.services.explanations import explain
from core.services.jobs import list_jobs
from core.services.reviews import (
    DECISIONS,
    RATINGS,
    ReviewItem,
    review_queue,
    submit_review,
)
from pages._frame import evidence_rows, get_context, md, signed_in_user

ctx = get_context()
user = signed_in_user()


def profile_ui(item: ReviewItem) -> None:
    """The (possibly blinded) profile."""
    p = item.profile
    if item.blinded:
        st.caption("Blind review: personal details are hidden until a decision is made.")
    st.text(p.get("headline") or "")
    st.text(f"Years of experience: {p.get('years_experience') or 'unknown'}")
    st.text("Skills: " + ", ".join(p.get("skills") or []))
    st.dataframe(
        pd.DataFrame(p.get("experience") or [], columns=["title", "company", "start", "end"]),
        hide_index=True,
        width="stretch",
    )
    st.dataframe(
        pd.DataFrame(p.get("education") or [], columns=["degree", "institution", "year"]),
        hide_index=True,
        width="stretch",
    )


def decision_ui(job_id: int, item: ReviewItem) -> None:
    """Approve, reject or hold with a 1-4 rating and a comment."""
    with st.form(f"review_{item.candidate_id}"):
        decision = st.radio(
            "Decision",
            DECISIONS,
            horizontal=True,
            index=DECISIONS.index(item.mine.decision) if item.mine else None,
        )
        rating = st.select_slider(
            "Rating",
            options=list(RATINGS),
            value=item.mine.rating if item.mine else 2,
            format_func=lambda r: RATINGS[r],
        )
        comment = st.text_area("Comment", item.mine.comment if item.mine else "")
        if st.form_submit_button("Submit decision", type="primary"):
            if decision is None:
                st.error("Choose approve, reject or hold first.")
                return
            try:
                submit_review(
                    ctx,
                    job_id,
                    item.candidate_id,
                    actor=user.email,
                    decision=decision,
                    rating=rating,
                    comment=comment,
                )
            except TalentFlowError as e:
                st.error(md(e))
            else:
                st.rerun()


def others_ui(item: ReviewItem) -> None:
    """Other reviewers' feedback, only after submitting one's own."""
    if item.mine is None:
        st.caption("Other reviewers' feedback appears once you have submitted yours.")
        return
    for review in item.others:
        st.markdown(
            f"**{md(review.reviewer)}**: {review.decision}, "
            f"{RATINGS.get(review.rating, review.rating)}"
        )
        if review.comment:
            st.text(review.comment)


st.title("Review")
jobs = [
    j
    for j in list_jobs(ctx, include_closed=False, actor=user.email)
    if can(user, Action.VIEW_SHORTLIST, j)
]
if not jobs:
    st.info("No job is assigned to you yet.")
    st.stop()
job_id = st.selectbox(
    "Job", [j.id for j in jobs], format_func=lambda i: next(j.title for j in jobs if j.id == i)
)
items = review_queue(ctx, job_id, actor=user.email)
if not items:
    st.info("The shortlist of this job is empty.")
for item in items:
    score = f"{item.score:.2f}" if item.score is not None else "–"
    with st.expander(
        f"{md(item.label)} · score {score} · {item.status}", expanded=item.mine is None
    ):
        left, right = st.columns([3, 2])
        with left:
            st.dataframe(pd.DataFrame([item.breakdown]), hide_index=True, width="stretch")
            st.dataframe(
                pd.DataFrame(evidence_rows([Evidence.from_stored(e) for e in item.evidence])),
                hide_index=True,
                width="stretch",
            )
            explained = explain(ctx, job_id, item.candidate_id, actor=user.email)
            writer = "Claude" if explained.writer == "llm" else "the template writer"
            st.markdown("**Explanation**")
            st.text(explained.explanation)
            st.caption(f"Written by {writer}. The explanation never changes the score.")
            profile_ui(item)
            if item.resume_text:
                with st.popover("Resume text"):
                    st.text(item.resume_text)
        with right:
            decision_ui(job_id, item)
            others_ui(item)
