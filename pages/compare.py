"""A/B comparison (admin): two scoring versions ranking the same job, side by side."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.registry.names import BUILTIN, version_name
from core.services import models
from core.services.comparison import latest_comparison, start_comparison
from core.services.jobs import list_jobs
from core.services.models import latest_job
from core.work.admin_jobs import COMPARE
from pages._frame import get_context, md, signed_in_user
from pages._progress import active, show_progress

ctx = get_context()
admin = signed_in_user()


def label(version: str) -> str:
    return version_name(version).capitalize()


st.title("A/B comparison")
table = models.list_versions(ctx, actor=admin.email)
options = [BUILTIN, *[v.version for v in table.versions]]
jobs = list_jobs(ctx, actor=admin.email)
if not jobs:
    st.info("No jobs yet.")
    st.stop()
cols = st.columns(3)
a = cols[0].selectbox("Version A", options, index=options.index(table.champion), format_func=label)
default_b = table.challenger or options[-1]
b = cols[1].selectbox("Version B", options, index=options.index(default_b), format_func=label)
job_id = cols[2].selectbox(
    "Job", [j.id for j in jobs], format_func=lambda i: next(j.title for j in jobs if j.id == i)
)
if job_id is None:
    st.stop()
show_progress(ctx, (COMPARE,), actor=admin.email)
busy = active(ctx, (COMPARE,), actor=admin.email)
latest = latest_job(ctx, COMPARE, actor=admin.email)
if latest is None and a != b:  # the first visit compares the champion with its challenger
    start_comparison(ctx, job_id, a, b, actor=admin.email)
    st.rerun()
if st.button("Compare", type="primary", disabled=busy or a == b):
    start_comparison(ctx, job_id, a, b, actor=admin.email)
    st.rerun()
if latest is not None and latest.state == "failed":
    st.error(f"The last comparison failed: {md(latest.message)}")
result = latest_comparison(ctx, actor=admin.email)
if result is None or (result.version_a, result.version_b, result.job_id) != (a, b, job_id):
    st.info(
        "Compare ranks the job with both versions in the background: a version's first use "
        "loads its model and may embed every resume with it, seconds on the demo and minutes "
        "on thousands of resumes. You can leave the page; the result waits here."
        if not busy
        else "Ranking the job with both versions; the result appears here when it is ready."
    )
    st.stop()
c = result.comparison
cols = st.columns(4)
cols[0].metric("Spearman", "—" if c.spearman is None else f"{c.spearman:.3f}")
cols[1].metric("Kendall τ", "—" if c.kendall is None else f"{c.kendall:.3f}")
cols[2].metric("Overlap@5", f"{c.overlap_at_5:.0%}")
cols[3].metric("Overlap@10", f"{c.overlap_at_10:.0%}")

figure = go.Figure()
for version, scores in ((a, result.scores_a), (b, result.scores_b)):
    figure.add_trace(
        go.Histogram(x=list(scores.values()), name=label(version), opacity=0.6, nbinsx=20)
    )
figure.update_layout(
    barmode="overlay", title="Score distributions", xaxis_title="Score", yaxis_title="Candidates"
)
st.plotly_chart(figure, width="stretch")

by_rank_a = sorted(c.moves, key=lambda m: m.rank_a)
by_rank_b = sorted(c.moves, key=lambda m: m.rank_b)
left, right = st.columns(2)
for column, version, ordered, rank_of, score_of in (
    (left, a, by_rank_a, "rank_a", "score_a"),
    (right, b, by_rank_b, "rank_b", "score_b"),
):
    column.subheader(label(version))
    column.dataframe(
        pd.DataFrame(
            [
                {
                    "Rank": getattr(m, rank_of),
                    "Candidate": result.names.get(m.key, m.key),
                    "Score": getattr(m, score_of),
                }
                for m in ordered
            ]
        ),
        hide_index=True,
        width="stretch",
    )
st.subheader("Moved most")
columns = ["Candidate", "Rank A", "Rank B", "Places gained", "Score A", "Score B"]
st.dataframe(
    pd.DataFrame(
        [
            [result.names.get(m.key, m.key), m.rank_a, m.rank_b, m.moved, m.score_a, m.score_b]
            for m in c.moves[:10]
            if m.moved
        ],
        columns=columns,
    ),
    hide_index=True,
    width="stretch",
)
st.caption(f"A = {label(a)}, B = {label(b)}; places gained under B.")
