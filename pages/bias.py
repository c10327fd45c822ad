"""Bias audit (admin): LL144 impact ratios per job from voluntary self-identification."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.errors import TalentFlowError
from core.services.bias_audit import import_self_identification, job_audit, report_csv
from core.services.jobs import list_jobs
from pages._frame import get_context, signed_in_user

ctx = get_context()
admin = signed_in_user()

st.title("Bias audit")
st.caption(
    "Method of NYC Local Law 144: scoring rate = share above the median score, impact ratio = "
    "rate / highest rate; ratios under 0.8 fail the four-fifths rule. Self-identification is "
    "voluntary, stored apart, and never read by scoring."
)
with st.expander("Import self-identification (CSV: email, sex, race; empty = unknown)"):
    upload = st.file_uploader("Self-identification CSV", type=["csv"])
    if upload is not None and st.button("Import"):
        try:
            counts = import_self_identification(ctx, upload.getvalue(), actor=admin.email)
        except TalentFlowError as e:
            st.error(str(e))
        else:
            st.success(
                f"{counts['matched']} rows matched candidates, {counts['unmatched']} did not."
            )

jobs = list_jobs(ctx)
if not jobs:
    st.info("No jobs yet.")
    st.stop()
cols = st.columns(2)
job_id = cols[0].selectbox(
    "Job", [j.id for j in jobs], format_func=lambda i: next(j.title for j in jobs if j.id == i)
)
basis = cols[1].selectbox("Outcome", ["scores", "shortlisted", "approved"])
result = job_audit(ctx, job_id, basis=basis, actor=admin.email)
report = result.report
st.write(
    f"{result.people} scored candidates, {result.with_self_id} with self-identification; "
    f"unknown: {report.unknown_count}. Generated {result.generated_at}."
)
for name, rows in (
    ("Sex", report.by_sex),
    ("Race/ethnicity", report.by_race),
    ("Intersectional", report.intersectional),
):
    st.subheader(name)
    st.dataframe(
        pd.DataFrame(
            [r.__dict__ for r in rows],
            columns=["category", "count", "rate", "impact_ratio", "excluded"],
        ),
        hide_index=True,
        width="stretch",
    )
for flag in report.flags:
    st.warning(flag)
st.download_button(
    "Download report (CSV)",
    report_csv(result),
    file_name=f"bias-audit-job-{job_id}.csv",
    mime="text/csv",
)
