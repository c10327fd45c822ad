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
    JobBrief,
    ReviewItem,
    job_brief,
    review_queue,
    submit_review,
)
from pages._feedback import decision_label, feedback_ui
from pages._frame import (
    column_header,
    component_label,
    evidence_rows,
    follow_link,
    get_context,
    md,
    signed_in_user,
)

DEGREES = {"bachelor": "bachelor's", "master": "master's", "phd": "PhD"}
ctx = get_context()
user = signed_in_user()
follow_link()  # a link from the Overview: its job


def profile_ui(item: ReviewItem) -> None:
    """The (possibly blinded) profile."""
    p = item.profile
    if item.blinded:
        st.caption("Blind review: personal details are hidden until a decision is made.")
    st.text(p.get("headline") or "")
    st.text(f"Years of experience: {p.get('years_experience') or 'unknown'}")
    st.text("Skills: " + ", ".join(p.get("skills") or []))
    st.dataframe(
        pd.DataFrame(
            p.get("experience") or [], columns=["title", "company", "start", "end"]
        ).rename(columns=column_header),
        hide_index=True,
        width="stretch",
    )
    st.dataframe(
        pd.DataFrame(p.get("education") or [], columns=["degree", "institution", "year"]).rename(
            columns=column_header
        ),
        hide_index=True,
        width="stretch",
    )


def brief_ui(brief: JobBrief) -> None:
    """What the job asks for, beside each candidate; its description behind a button."""
    with st.container(border=True):
        st.markdown(f"**The job: {md(brief.title)}**")
        st.text("Must have: " + (", ".join(brief.must_have) or "nothing listed"))
        st.text("Nice to have: " + (", ".join(brief.nice_to_have) or "nothing listed"))
        details = [
            f"At least {brief.min_years:g} years" if brief.min_years else "",
            f"Degree: {DEGREES.get(brief.degree, brief.degree)}" if brief.degree else "",
            f"Location: {brief.location}" if brief.location else "",
        ]
        if any(details):
            st.text(" · ".join(d for d in details if d))
        with st.popover("Job description"):
            st.text(brief.description)


def missing_choices(decision: str | None, rating: int | None) -> str:
    """What the reviewer has still to choose before submitting, as a sentence ("" if none)."""
    missing = [
        "a decision (approve, reject or hold)" if decision is None else "",
        "a rating from 1 · Strong no to 4 · Strong yes" if rating is None else "",
    ]
    chosen = " and ".join(m for m in missing if m)
    return f"Choose {chosen} before submitting." if chosen else ""


def decision_ui(job_id: int, item: ReviewItem) -> None:
    """Approve, reject or hold with a rating and a comment; nothing is chosen beforehand."""
    with st.form(f"review_{item.candidate_id}"):
        decision = st.radio(
            "Decision",
            DECISIONS,
            horizontal=True,
            index=DECISIONS.index(item.mine.decision) if item.mine else None,
            format_func=decision_label,
        )
        rating = st.radio(
            "Rating",
            list(RATINGS),
            horizontal=True,
            index=list(RATINGS).index(item.mine.rating) if item.mine else None,
            format_func=lambda r: RATINGS[r],
        )
        comment = st.text_area("Comment", item.mine.comment if item.mine else "")
        if st.form_submit_button("Submit decision", type="primary"):
            if problem := missing_choices(decision, rating):
                st.error(problem)
                return
            try:
                submit_review(
                    ctx,
                    job_id,
                    item.candidate_id,
                    actor=user.email,
                    decision=str(decision),
                    rating=int(rating or 0),
                    comment=comment,
                )
            except TalentFlowError as e:
                st.error(md(e))
            else:
                st.rerun()


def others_ui(item: ReviewItem) -> None:
    """Other reviewers' feedback, only after submitting one's own."""
    st.markdown("**Other reviewers**")
    if item.mine is None:
        st.caption("Other reviewers' feedback appears once you have submitted yours.")
        return
    feedback_ui(item.others, empty="No other reviewer has given feedback yet.")


st.title("Review")
jobs = [
    j
    for j in list_jobs(ctx, include_closed=False, actor=user.email)
    if can(user, Action.VIEW_SHORTLIST, j)
]
if not jobs:
    st.info("No job is assigned to you yet.")
    st.stop()
ids = [j.id for j in jobs]
current = st.session_state.get("job_id")
job_id = st.selectbox(
    "Job",
    ids,
    index=ids.index(current) if current in ids else 0,
    format_func=lambda i: next(j.title for j in jobs if j.id == i),
)
st.session_state["job_id"] = job_id
brief = job_brief(ctx, job_id, actor=user.email)
items = review_queue(ctx, job_id, actor=user.email)
if not items:
    st.info("The shortlist of this job is empty.")
for item in items:
    score = f"{item.score:.2f}" if item.score is not None else "–"
    mine = f"your decision: {decision_label(item.status)}" if item.mine else "awaiting you"
    with st.expander(f"{md(item.label)} · score {score} · {mine}", expanded=item.mine is None):
        left, right = st.columns([3, 2])
        with left:
            st.dataframe(
                pd.DataFrame([item.breakdown]).rename(columns=component_label),
                hide_index=True,
                width="stretch",
            )
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
            brief_ui(brief)
            decision_ui(job_id, item)
            others_ui(item)
