"""Overview: what is in the workspace."""

from __future__ import annotations

import streamlit as st

from core.services.overview import workspace_overview
from pages._frame import get_context, signed_in_user

st.title("TalentFlow")
overview = workspace_overview(get_context(), actor=signed_in_user().email)
cols = st.columns(4)
cols[0].metric("Candidates", overview.candidates)
cols[1].metric("Flagged for review", overview.flagged)
cols[2].metric("Open jobs", overview.open_jobs)
cols[3].metric("Files received", overview.uploads)
st.page_link("pages/upload.py", label="Upload resumes", icon="📤")
st.page_link("pages/candidates.py", label="Browse candidates", icon="🧑‍💼")
