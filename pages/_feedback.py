"""Reviewers' feedback as the Review and Ranking pages show it: the decision and rating in
words, who gave it and when, and the comment as plain text (never Markdown)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from core.services.reviews import DECISION_LABELS, RATINGS, SHORTLIST_STATUS
from core.store.public import ReviewPublic
from pages._frame import md


def decision_label(decision: str) -> str:
    """A decision in words: Approve, Reject or Hold."""
    return DECISION_LABELS.get(decision, decision)


def status_label(status: str) -> str:
    """A shortlist entry's review status in words (Awaiting review, Approved, …)."""
    return SHORTLIST_STATUS.get(status, status)


def feedback_ui(reviews: Sequence[ReviewPublic], *, empty: str) -> None:
    """One bordered box per review; ``empty`` is the caption when there is none."""
    if not reviews:
        st.caption(empty)
        return
    for review in reviews:
        with st.container(border=True):
            rating = RATINGS.get(review.rating, str(review.rating))
            st.markdown(f"**{md(decision_label(review.decision))}** · rating {md(rating)}")
            st.caption(f"{md(review.reviewer)} · {review.created_at.strftime('%Y-%m-%d %H:%M')}")
            if review.comment:
                st.text(review.comment)
