"""Jobs: create from a pasted or uploaded description, edit requirements, history, close/reopen."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.errors import TalentFlowError
from core.scoring.requirements import Requirements
from core.services import jobs as service
from core.services.files import text_of_upload
from core.services.job_history import describe_changes
from core.services.pipeline import REJECTED, funnel, job_stages, set_stages
from core.store.models import Job
from pages._frame import get_context, md, signed_in_user
from pages._pipeline import funnel_chart

DEGREES = {
    "": "none required",
    "associate": "associate",
    "bachelor": "bachelor's",
    "master": "master's",
    "phd": "PhD",
}
ctx = get_context()
user = signed_in_user()


def create_ui() -> None:
    """Paste or upload a description; requirements are extracted and can be edited afterwards."""
    with st.form("new_job", clear_on_submit=True):
        title = st.text_input("Title (optional: the first line is used otherwise)")
        description = st.text_area("Job description", height=220)
        upload = st.file_uploader("…or upload it (PDF, DOCX, TXT)", type=["pdf", "docx", "txt"])
        if st.form_submit_button("Create job", type="primary"):
            try:
                text = (
                    text_of_upload(ctx, upload.name, upload.getvalue(), actor=user.email)
                    if upload
                    else description
                )
                job = service.create_job(ctx, text, title=title, actor=user.email)
            except TalentFlowError as e:
                st.error(md(e))
            else:
                st.session_state["job_id"] = job.id
                st.success(f"Created “{md(job.title)}”.")


def requirements_ui(job: Job) -> None:
    """Edit the extracted requirements; saving makes a new revision and invalidates scores."""
    req = Requirements.model_validate(job.requirements or {})
    with st.form(f"req_{job.id}"):
        title = st.text_input("Title", job.title)
        must = st.text_input("Must-have skills (comma-separated)", ", ".join(req.must_have))
        nice = st.text_input("Nice-to-have skills (comma-separated)", ", ".join(req.nice_to_have))
        cols = st.columns(3)
        years = cols[0].number_input("Minimum years", 0.0, 40.0, float(req.min_years or 0.0), 0.5)
        degree = cols[1].selectbox(
            "Degree",
            list(DEGREES),
            index=list(DEGREES).index(req.degree) if req.degree in DEGREES else 0,
            format_func=DEGREES.get,
        )
        location = cols[2].text_input("Location", req.location or "")
        description = st.text_area("Description", job.description, height=200)
        if st.form_submit_button("Save as new revision"):
            edited = req.model_copy(
                update={
                    "title": title,
                    "must_have": [s.strip() for s in must.split(",") if s.strip()],
                    "nice_to_have": [s.strip() for s in nice.split(",") if s.strip()],
                    "min_years": years or None,
                    "degree": degree or None,
                    "location": location or None,
                }
            )
            service.update_job(
                ctx,
                job.id or 0,
                title=title,
                description=description,
                requirements=edited,
                actor=user.email,
            )
            st.toast("Saved; scores for this job are being recomputed in the background.")
            st.rerun()


def history_ui(job: Job) -> None:
    """Revisions with a diff between any two."""
    revisions = service.revisions(ctx, job.id, actor=user.email)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Revision": r.revision,
                    "Title": r.title,
                    "Status": r.status,
                    "By": r.edited_by,
                    "When": r.created_at.strftime("%Y-%m-%d %H:%M"),
                }
                for r in revisions
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    if len(revisions) > 1:
        numbers = [r.revision for r in revisions]
        left, right = st.columns(2)
        newer = left.selectbox("Compare revision", numbers, index=0, key=f"newer_{job.id}")
        older = right.selectbox("with revision", numbers, index=1, key=f"older_{job.id}")
        by_number = {r.revision: r for r in revisions}
        changes = describe_changes(by_number[older], by_number[newer])
        if changes:
            st.markdown("\n".join(f"- {md(line)}" for line in changes))
        else:
            st.caption("No changes between these revisions.")


def manage_ui(job: Job) -> None:
    """Close or reopen; assign hiring managers; blind review."""
    blind = st.toggle(
        "Blind review (hide name, contact, links, address)", job.blind, key=f"blind_{job.id}"
    )
    schools = st.toggle(
        "Also hide school names", job.blind_schools, key=f"schools_{job.id}", disabled=not blind
    )
    if (blind, schools and blind) != (job.blind, job.blind_schools):
        service.set_blind(ctx, job.id, blind=blind, schools=schools, actor=user.email)
        st.rerun()
    cols = st.columns(2)
    if job.status == "open":
        if cols[0].button("Close job", key=f"close_{job.id}"):
            service.set_status(ctx, job.id, "closed", actor=user.email)
            st.rerun()
    elif cols[0].button("Reopen job", key=f"reopen_{job.id}"):
        service.set_status(ctx, job.id, "open", actor=user.email)
        st.rerun()
    with cols[1].form(f"managers_{job.id}"):
        accounts = {u.email: u for u in service.reviewer_accounts(ctx, actor=user.email)}
        options = sorted(set(accounts) | set(job.managers))
        chosen = st.multiselect(
            "Hiring managers",
            options,
            default=job.managers,
            format_func=lambda e: (
                f"{accounts[e].name} ({e})" if e in accounts and accounts[e].name else e
            ),
            key=f"managers_input_{job.id}",
            placeholder="Choose hiring-manager accounts",
        )
        if not accounts:
            st.caption("No hiring-manager accounts yet: an admin creates them on the Users page.")
        if st.form_submit_button("Assign"):
            try:
                saved = service.assign_managers(ctx, job.id, chosen, actor=user.email)
            except TalentFlowError as e:
                st.error(md(str(e)))
            else:
                names = ", ".join(saved.managers) or "nobody"
                st.session_state["jobs_notice"] = f"Hiring managers of “{saved.title}”: {names}."
                st.rerun()


def pipeline_ui(job: Job) -> None:
    """The job's funnel, and its stages (one per line) for the recruiter to change."""
    funnel_chart(funnel(ctx, job.id, actor=user.email), key=f"funnel_{job.id}")
    current = [s for s in job_stages(ctx, job.id, actor=user.email) if s != REJECTED]
    with st.form(f"stages_{job.id}"):
        text = st.text_area(
            "Stages, one per line, in order (Rejected is always there too)",
            "\n".join(current),
            height=180,
        )
        if st.form_submit_button("Save stages"):
            try:
                set_stages(ctx, job.id, text.splitlines(), actor=user.email)
            except TalentFlowError as e:
                st.error(md(e))
            else:
                st.session_state["jobs_notice"] = f"Stages of “{job.title}” saved."
                st.session_state["job_id"] = job.id
                st.rerun()


st.title("Jobs")
if notice := st.session_state.pop("jobs_notice", None):
    st.success(md(notice))
with st.expander("New job", expanded=not service.list_jobs(ctx, actor=user.email)):
    create_ui()
show_closed = st.toggle("Show closed jobs")
jobs = service.list_jobs(ctx, include_closed=show_closed, actor=user.email)
if not jobs:
    st.info("No jobs yet.")
for job in jobs:
    label = f"{md(job.title)} · {job.status} · revision {job.revision}"
    with st.expander(label, expanded=st.session_state.get("job_id") == job.id):
        tabs = st.tabs(["Requirements", "Pipeline", "History", "Manage"])
        with tabs[0]:
            requirements_ui(job)
        with tabs[1]:
            pipeline_ui(job)
        with tabs[2]:
            history_ui(job)
        with tabs[3]:
            manage_ui(job)
        st.page_link(
            "pages/ranking.py", label="See ranked candidates", icon=":material/leaderboard:"
        )
