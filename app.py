"""TalentFlow: the router. Page config, shared context, navigation."""

from __future__ import annotations

import streamlit as st

from pages._frame import get_context

st.set_page_config(page_title="TalentFlow", page_icon="🧭", layout="wide")
get_context()

navigation = st.navigation(
    {
        "Recruiting": [
            st.Page("pages/home.py", title="Overview", icon="🏠", default=True),
            st.Page("pages/upload.py", title="Upload", icon="📤"),
            st.Page("pages/candidates.py", title="Candidates", icon="🧑‍💼"),
            st.Page("pages/jobs.py", title="Jobs", icon="📋"),
            st.Page("pages/ranking.py", title="Ranking", icon="🏆"),
            st.Page("pages/search.py", title="Search", icon="🔎"),
        ]
    }
)
navigation.run()
