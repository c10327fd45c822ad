"""Overview: what waits for the signed-in user. A recruiter sees the open jobs and what needs
attention, a hiring manager the shortlists waiting for them, an admin the system's health too."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.auth.policy import Action, may
from core.registry.names import version_name
from core.services.overview import (
    Attention,
    admin_overview,
    recruiting_overview,
    reviews_waiting,
)
from pages._frame import get_context, md, plural, signed_in_user
from pages._pipeline import funnel_chart

ctx = get_context()
user = signed_in_user()


def attention_link(item: Attention) -> None:
    """One thing waiting for the recruiter, as a link to where it is resolved."""
    title = md(item.job_title)
    if item.concern == "flagged":
        st.page_link(
            "pages/candidates.py",
            label=f"{plural(item.count, 'resume')} flagged for review: check what was found",
            icon=":material/flag:",
            query_params={"flagged": "1"},
        )
    elif item.concern == "reviews":
        st.page_link(
            "pages/ranking.py",
            label=f"{title}: {plural(item.count, 'shortlisted candidate')} waiting for a "
            "hiring manager's decision",
            icon=":material/hourglass_top:",
            query_params={"job": str(item.job_id)},
        )
    else:
        st.page_link(
            "pages/ranking.py",
            label=f"{title}: fresh scores are being computed",
            icon=":material/autorenew:",
            query_params={"job": str(item.job_id)},
        )


def recruiting_ui() -> None:
    """Headline numbers, what needs attention and each open job's pipeline."""
    overview = recruiting_overview(ctx, actor=user.email)
    counts = overview.counts
    cols = st.columns(4)
    cols[0].metric(
        "Candidates",
        counts.candidates,
        delta=f"{overview.new_this_week} new this week",
        delta_color="off",
    )
    cols[1].metric("Open jobs", counts.open_jobs)
    cols[2].metric("Flagged for review", counts.flagged)
    cols[3].metric("Files received", counts.uploads)
    st.subheader("Needs your attention")
    if overview.attention:
        for item in overview.attention:
            attention_link(item)
    else:
        st.success("Nothing waits for you: no flagged resumes, reviews or rescoring.")
    st.subheader("Open jobs")
    if not overview.jobs:
        st.info("No open jobs yet.")
        st.page_link("pages/jobs.py", label="Create a job", icon=":material/add:")
    for start in range(0, len(overview.jobs), 2):
        for col, job in zip(st.columns(2), overview.jobs[start : start + 2], strict=False):
            with col.container(border=True):
                st.markdown(f"**{md(job.title)}**")
                if job.rescoring:
                    st.caption("Fresh scores are being computed.")
                funnel_chart(job.stages, key=f"overview_funnel_{job.job_id}")
                st.page_link(
                    "pages/ranking.py",
                    label="Open the ranking",
                    icon=":material/leaderboard:",
                    query_params={"job": str(job.job_id)},
                )


def manager_ui() -> None:
    """The hiring manager's jobs and how many shortlisted candidates wait for their decision."""
    waiting = reviews_waiting(ctx, actor=user.email)
    total = sum(w.waiting for w in waiting)
    st.subheader("Waiting for your review")
    if total:
        st.markdown(f"{plural(total, 'candidate')} across your jobs wait for your decision.")
    else:
        st.success("Nothing waits for your review: every shortlisted candidate has your decision.")
    for item in waiting:
        with st.container(border=True):
            st.markdown(f"**{md(item.title)}**")
            st.caption(
                f"{plural(item.shortlisted, 'candidate')} on the shortlist, "
                f"{item.waiting} waiting for you"
                if item.shortlisted
                else "The recruiter has not shortlisted anyone yet."
            )
            if item.shortlisted:
                st.page_link(
                    "pages/review.py",
                    label="Review now" if item.waiting else "See your decisions",
                    icon=":material/rate_review:",
                    query_params={"job": str(item.job_id)},
                )


def admin_ui() -> None:
    """Drift alerts, model versions, the last bias audit and the audit log's activity."""
    overview = admin_overview(ctx, actor=user.email)
    st.subheader("System")
    cols = st.columns(3)
    with cols[0].container(border=True):
        st.metric("Open drift alerts", overview.open_alerts)
        st.page_link("pages/drift.py", label="Drift", icon=":material/monitoring:")
    with cols[1].container(border=True):
        champion = version_name(overview.champion)
        st.metric("Scoring champion", champion.capitalize())
        challenger = (
            f"challenger: {version_name(overview.challenger)}"
            if overview.challenger
            else "no challenger"
        )
        st.caption(f"{plural(overview.versions, 'registered version')}, {challenger}")
        st.page_link("pages/models.py", label="Models", icon=":material/model_training:")
    with cols[2].container(border=True):
        last = overview.last_bias_audit
        st.metric("Last bias audit", f"{last.at:%Y-%m-%d}" if last else "never")
        if last:
            st.caption(f"{md(last.target)} by {md(last.actor)}")
        st.page_link("pages/bias.py", label="Bias audit", icon=":material/balance:")
    days = pd.DataFrame(overview.activity, columns=["Day", "Events"])
    figure = go.Figure(go.Bar(x=days["Day"], y=days["Events"]))
    figure.update_layout(
        height=220,
        margin={"l": 0, "r": 0, "t": 30, "b": 0},
        title="Audit-log events a day, last two weeks",
    )
    st.plotly_chart(figure, key="audit_activity")
    st.page_link("pages/audit.py", label="Audit log", icon=":material/history:")


st.title("Overview")
if user.role == "hiring_manager":
    manager_ui()
else:
    if may(user, Action.VIEW_AUDIT):
        admin_ui()
        st.divider()
    if may(user, Action.RANK):
        recruiting_ui()
