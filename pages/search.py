"""Search: free-text semantic search over all candidates, with filters and shortlisting."""

from __future__ import annotations

import streamlit as st

from core.services import jobs as job_service
from core.services.ranking import RankFilters
from core.services.search import search_candidates
from core.services.shortlists import add_to_shortlist
from pages._frame import get_context, md, signed_in_user

ctx = get_context()
user = signed_in_user()

st.title("Search")
query = st.text_input(
    "Describe who you are looking for", placeholder="backend engineer, kafka, 5+ years, Berlin"
)
cols = st.columns(4)
skills = cols[0].text_input("Required skills")
years = cols[1].number_input("Minimum years", 0.0, 40.0, 0.0, 0.5)
location = cols[2].text_input("Location")
hide = cols[3].toggle("Hide flagged")
filters = RankFilters(
    skills=tuple(s.strip() for s in skills.split(",") if s.strip()),
    min_years=years or None,
    location=location or None,
    hide_flagged=hide,
)
jobs = job_service.list_jobs(ctx, include_closed=False, actor=user.email)
if query:
    results = search_candidates(ctx, query, top=20, filters=filters, actor=user.email)
    if not results:
        st.info("No candidate matches.")
    for result in results:
        with st.container(border=True):
            head, action = st.columns([4, 1])
            head.markdown(f"**{md(result.name)}** · {result.score:.2f} · {md(result.file)}")
            head.caption(f"best match in {md(result.section)}")
            head.text(result.snippet)
            if jobs:
                target = action.selectbox(
                    "Job",
                    [j.id for j in jobs],
                    key=f"job_{result.candidate_id}",
                    format_func=lambda i: next(j.title for j in jobs if j.id == i),
                )
                if action.button("Shortlist", key=f"sl_{result.candidate_id}"):
                    outcome = add_to_shortlist(ctx, target, result.candidate_id, actor=user.email)
                    if outcome.added:
                        st.toast(f"{md(result.name)} shortlisted.")
                    else:
                        st.toast(f"{md(result.name)} is already on the shortlist.")
