"""Shared frame for pages: the cached application context and small display helpers."""

from __future__ import annotations

import streamlit as st

from core.config import get_settings
from core.services.context import AppContext, build_context
from core.services.demo import load_demo
from core.services.users import user_by_email
from core.store.models import User


@st.cache_resource(show_spinner="Starting TalentFlow…")
def _context_for(home: str) -> AppContext:
    settings = get_settings()
    ctx = build_context(settings)
    if settings.load_demo:
        load_demo(ctx)
    return ctx


def get_context() -> AppContext:
    """The process-wide context for the configured workspace (built once, shared by sessions)."""
    return _context_for(str(get_settings().home))


def sso_email() -> str | None:
    """The e-mail the identity provider vouches for, when single sign-on is on and used."""
    if not get_settings().sso or not st.user.is_logged_in:
        return None
    email = st.user.get("email")
    return str(email).lower() if email else None


def current_user() -> User | None:
    """The signed-in, still active account of this browser session (None when signed out).

    With single sign-on, the provider's e-mail maps to the TalentFlow account of that e-mail.
    """
    email = st.session_state.get("user_email")
    if not email and (email := sso_email()) and user_by_email(get_context(), email) is not None:
        from core.services import audit

        st.session_state["user_email"] = email
        audit.record(get_context(), email, "login.sso")
    if not email:
        return None
    user = user_by_email(get_context(), email)
    if user is None:  # deactivated since sign-in
        st.session_state.pop("user_email", None)
    return user


def signed_in_user() -> User:
    """The signed-in user; pages are only registered for signed-in users, so this holds."""
    user = current_user()
    if user is None:
        st.stop()
    assert user is not None
    return user


MARKDOWN_SPECIALS = "\\`*_{}[]<>()#+-.!|~$:"


def md(text: object) -> str:
    """Text from a resume or a user, escaped so Markdown shows it as typed (no links, images)."""
    return "".join("\\" + c if c in MARKDOWN_SPECIALS else c for c in str(text))


def confidence_badge(value: float, threshold: float, confident_at: float = 0.9) -> str:
    """A short confidence label: confident, likely, or marked for review."""
    if value <= 0:
        return "⚪ not found"
    if value < threshold:
        return f"🟠 {value:.0%} review"
    if value < confident_at:
        return f"🟡 {value:.0%} likely"
    return f"🟢 {value:.0%} confident"
