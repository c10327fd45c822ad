"""Jobs: the openings in the workspace."""

from __future__ import annotations

import streamlit as st

from core.services.jobs import list_jobs
from pages._frame import get_context

st.title("Jobs")
jobs = list_jobs(get_context())
if not jobs:
    st.info("No jobs yet.")
for job in jobs:
    with st.expander(f"{job.title} · {job.status}"):
        st.text(job.description)
