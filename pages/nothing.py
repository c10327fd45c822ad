"""Landing page for a hiring manager with no job assigned yet."""

from __future__ import annotations

import streamlit as st

st.title("Nothing to review yet")
st.info("No job is assigned to you. A recruiter assigns hiring managers on the Jobs page.")
