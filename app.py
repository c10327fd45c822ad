"""TalentFlow: the router. Page config, sign-in, and the pages the signed-in role may use.

A page a role may not use is never registered, so its URL leads nowhere.
"""

from __future__ import annotations

import logging
import uuid

import streamlit as st

from core.auth.policy import Action, can_open
from core.config import get_settings
from core.errors import SchemaMismatch
from core.services.jobs import list_jobs
from pages._frame import current_user, end_session_ui, get_context, md, session_cookie_ui

logger = logging.getLogger("talentflow.web")

# (file, address, title, icon, section, action that opens it): the address is the page's URL
# path, written out so that bookmarks keep working whatever the files are called
PAGES = [
    (
        "pages/home.py",
        "overview",
        "Overview",
        ":material/home:",
        "Recruiting",
        Action.VIEW_OVERVIEW,
    ),
    ("pages/upload.py", "upload", "Upload", ":material/upload_file:", "Recruiting", Action.UPLOAD),
    (
        "pages/candidates.py",
        "candidates",
        "Candidates",
        ":material/person_search:",
        "Recruiting",
        Action.VIEW_CANDIDATES,
    ),
    ("pages/jobs.py", "jobs", "Jobs", ":material/work:", "Recruiting", Action.MANAGE_JOBS),
    ("pages/ranking.py", "ranking", "Ranking", ":material/leaderboard:", "Recruiting", Action.RANK),
    ("pages/search.py", "search", "Search", ":material/search:", "Recruiting", Action.SEARCH),
    ("pages/review.py", "review", "Review", ":material/rate_review:", "Review", Action.REVIEW),
    ("pages/users.py", "users", "Users", ":material/group:", "Admin", Action.MANAGE_USERS),
    ("pages/audit.py", "audit", "Audit log", ":material/history:", "Admin", Action.VIEW_AUDIT),
    ("pages/bias.py", "bias", "Bias audit", ":material/balance:", "Admin", Action.BIAS_AUDIT),
    (
        "pages/models.py",
        "models",
        "Models",
        ":material/model_training:",
        "Admin",
        Action.MANAGE_MODELS,
    ),
    (
        "pages/compare.py",
        "compare",
        "A/B comparison",
        ":material/compare:",
        "Admin",
        Action.MANAGE_MODELS,
    ),
    ("pages/drift.py", "drift", "Drift", ":material/monitoring:", "Admin", Action.MONITOR_DRIFT),
]

st.set_page_config(page_title="TalentFlow", page_icon="🧭", layout="wide")
try:
    ctx = get_context()
except SchemaMismatch as e:  # the database needs an admin first; the message names the command
    logger.error("not started: %s", e)
    st.error(str(e))
    st.stop()
user = current_user()

if user is None:
    navigation = st.navigation(
        [st.Page("pages/login.py", title="Sign in", icon=":material/login:")]
    )
else:
    jobs = list_jobs(ctx, include_closed=False, actor=user.email)
    allowed = [p for p in PAGES if can_open(user, p[5], jobs)] or [
        (
            "pages/nothing.py",
            "nothing",
            "Nothing to review",
            ":material/inbox:",
            "Review",
            Action.REVIEW,
        )
    ]
    sections: dict[str, list[st.Page]] = {}
    for index, (path, address, title, icon, section, _) in enumerate(allowed):
        page = st.Page(path, title=title, icon=icon, default=index == 0, url_path=address)
        sections.setdefault(section, []).append(page)
    with st.sidebar:
        who = md(user.name or user.email)
        st.caption(f"Signed in as **{who}** · {user.role.replace('_', ' ')}")
        if can_open(user, Action.MONITOR_DRIFT, jobs):
            from core.services.drift import open_alerts

            if alerts := open_alerts(ctx, actor=user.email):
                st.warning(f"{len(alerts)} drift alert(s): see Drift.")
        if st.button("Sign out"):
            end_session_ui()
            if ctx.settings.sso and st.user.is_logged_in:
                st.logout()
            st.rerun()
    navigation = st.navigation(sections)
session_cookie_ui()
try:
    navigation.run()
except Exception:  # the web adapter's one error boundary: a plain message, the detail in the log
    if get_settings().show_error_details:
        raise
    error_id = uuid.uuid4().hex[:8]
    logger.exception("page failed, error id %s", error_id)
    st.error(
        "Something went wrong on this page and it could not be shown. "
        f"The details are in the server log under error id {error_id}."
    )
