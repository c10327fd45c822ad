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
from pages._frame import current_user, get_context, md

logger = logging.getLogger("talentflow.web")

# (file, title, icon, section, action that opens it)
PAGES = [
    ("pages/home.py", "Overview", ":material/home:", "Recruiting", Action.VIEW_OVERVIEW),
    ("pages/upload.py", "Upload", ":material/upload_file:", "Recruiting", Action.UPLOAD),
    (
        "pages/candidates.py",
        "Candidates",
        ":material/person_search:",
        "Recruiting",
        Action.VIEW_CANDIDATES,
    ),
    ("pages/jobs.py", "Jobs", ":material/work:", "Recruiting", Action.MANAGE_JOBS),
    ("pages/ranking.py", "Ranking", ":material/leaderboard:", "Recruiting", Action.RANK),
    ("pages/search.py", "Search", ":material/search:", "Recruiting", Action.SEARCH),
    ("pages/review.py", "Review", ":material/rate_review:", "Review", Action.REVIEW),
    ("pages/users.py", "Users", ":material/group:", "Admin", Action.MANAGE_USERS),
    ("pages/audit.py", "Audit log", ":material/history:", "Admin", Action.VIEW_AUDIT),
    ("pages/bias.py", "Bias audit", ":material/balance:", "Admin", Action.BIAS_AUDIT),
    ("pages/models.py", "Models", ":material/model_training:", "Admin", Action.MANAGE_MODELS),
    ("pages/compare.py", "A/B comparison", ":material/compare:", "Admin", Action.MANAGE_MODELS),
    ("pages/drift.py", "Drift", ":material/monitoring:", "Admin", Action.MONITOR_DRIFT),
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
    allowed = [p for p in PAGES if can_open(user, p[4], jobs)] or [
        ("pages/nothing.py", "Nothing to review", ":material/inbox:", "Review", Action.REVIEW)
    ]
    sections: dict[str, list[st.Page]] = {}
    for index, (path, title, icon, section, _) in enumerate(allowed):
        page = st.Page(path, title=title, icon=icon, default=index == 0)
        sections.setdefault(section, []).append(page)
    with st.sidebar:
        who = md(user.name or user.email)
        st.caption(f"Signed in as **{who}** · {user.role.replace('_', ' ')}")
        if can_open(user, Action.MONITOR_DRIFT, jobs):
            from core.services.drift import open_alerts

            if alerts := open_alerts(ctx, actor=user.email):
                st.warning(f"{len(alerts)} drift alert(s): see Drift.")
        if st.button("Sign out"):
            from core.services.sign_in import sign_out

            sign_out(ctx, actor=user.email)
            st.session_state.pop("user_email", None)
            if ctx.settings.sso and st.user.is_logged_in:
                st.logout()
            st.rerun()
    navigation = st.navigation(sections)
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
