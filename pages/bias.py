"""Bias audit (admin): LL144 impact ratios per job from voluntary self-identification."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.errors import TalentFlowError
from core.registry.names import version_name
from core.services.bias_audit import (
    import_self_identification,
    job_audit,
    logged_versions,
    record_self_identification,
    report_csv,
    report_html,
)
from core.services.candidates import list_candidates
from core.services.jobs import list_jobs
from pages._frame import column_header, get_context, md, signed_in_user

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
            st.error(md(e))
        else:
            st.success(
                f"{counts['matched']} rows matched candidates, {counts['unmatched']} did not."
            )

with (
    st.expander("Enter one candidate's self-identification (from a returned form)"),
    st.form("self_id", clear_on_submit=True),
):
    people = list_candidates(ctx, actor=admin.email)
    candidate_id = st.selectbox(
        "Candidate",
        [c.id for c in people],
        format_func=lambda i: next(f"{c.name} (#{c.id})" for c in people if c.id == i),
    )
    sex = st.text_input("Sex (empty = unknown)")
    race = st.text_input("Race/ethnicity (empty = unknown)")
    if st.form_submit_button("Save") and candidate_id is not None:
        record_self_identification(ctx, candidate_id, sex, race, actor=admin.email)
        st.success("Saved.")

jobs = list_jobs(ctx, actor=admin.email)
if not jobs:
    st.info("No jobs yet.")
    st.stop()
cols = st.columns(3)
job_id = cols[0].selectbox(
    "Job", [j.id for j in jobs], format_func=lambda i: next(j.title for j in jobs if j.id == i)
)
basis = cols[1].selectbox(
    "Outcome",
    ["scores", "shortlisted", "approved"],
    format_func={
        "scores": "Scored above the median",
        "shortlisted": "Shortlisted",
        "approved": "Approved",
    }.get,
)
version = cols[2].selectbox(
    "Model version",
    [None, *logged_versions(ctx, job_id, actor=admin.email)],
    format_func=lambda v: "current scores" if v is None else version_name(v),
    help="Audit the stored scores, or the scores one version produced (prediction log).",
)
result = job_audit(ctx, job_id, basis=basis, actor=admin.email, version=version)
report = result.report
if result.synthetic:
    st.warning(
        f"Synthetic data: {result.synthetic} of these self-identifications were made up by the "
        "demo generator so that the tables have something to show. They are not anyone's "
        "answers; import real ones (voluntary, from candidates) before relying on this audit.",
        icon=":material/science:",
    )
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
        ).rename(columns=column_header),
        hide_index=True,
        width="stretch",
    )
for flag in report.flags:
    st.warning(md(flag))
cols = st.columns(2)
cols[0].download_button(
    "Download report (CSV)",
    report_csv(result),
    file_name=f"bias-audit-job-{job_id}.csv",
    mime="text/csv",
)
cols[1].download_button(
    "Printable report (HTML)",
    report_html(result),
    file_name=f"bias-audit-job-{job_id}.html",
    mime="text/html",
    help="Open it in a browser and print it, or save it as PDF.",
)
