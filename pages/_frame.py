"""Shared frame for pages: the cached application context and small display helpers."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence

import streamlit as st

from core.auth.session_routes import END_ROUTE, START_ROUTE, route_path
from core.config import get_settings
from core.context import AppContext, build_context
from core.scoring.model import COMPONENT_LABELS, Evidence
from core.services.demo import load_demo
from core.services.users import user_by_email
from core.services.web_sessions import COOKIE_NAME, offer_handoff, open_session, resolve_session
from core.store.models import UserPublic


@st.cache_resource(show_spinner="Starting TalentFlow…")
def _context_for(home: str) -> AppContext:
    settings = get_settings()
    ctx = build_context(settings)
    if settings.load_demo:
        load_demo(ctx, actor="demo")
    if settings.app_worker:
        from core.work.runtime import start_worker

        start_worker(ctx)
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


def client_address() -> str | None:
    """The client's address as Streamlit sees the connection: None for a local one (and under
    AppTest, whose stand-in runtime has no real address)."""
    address = st.context.ip_address
    return address if isinstance(address, str) else None


def session_cookie() -> str | None:
    """The session token the browser sent when this session's connection opened (the cookie
    is HttpOnly: set by the server route in ``web.py``, never by a script). None without one
    (and under AppTest, whose stand-in runtime has no real cookies)."""
    value = st.context.cookies.get(COOKIE_NAME)
    return value if isinstance(value, str) and value else None


def current_user() -> UserPublic | None:
    """The signed-in, still active account of this browser session (None when signed out).

    A password sign-in keeps its server-side session's token here; a reload brings the same
    token back in the session cookie. Each run checks it, so signing out elsewhere, expiry and
    deactivation take effect on the next run. With single sign-on, the provider's e-mail maps
    to the TalentFlow account of that e-mail.
    """
    state = st.session_state
    token = state.get("session_token")
    if token is None and not state.get("user_email"):
        token = session_cookie()
    if token is not None:
        user = resolve_session(get_context(), token)
        if user is None:
            state.pop("session_token", None)
            state.pop("user_email", None)
            return None
        state["session_token"], state["user_email"] = token, user.email
        return user
    email = state.get("user_email")
    if not email and (email := sso_email()):
        from core.services.sign_in import sign_in_sso

        if sign_in_sso(get_context(), email) is not None:
            state["user_email"] = email
        else:
            email = None
    if not email:
        return None
    user = user_by_email(get_context(), email)
    if user is None:  # deactivated since sign-in
        state.pop("user_email", None)
    return user


def start_session(user: UserPublic) -> None:
    """Keep a just-signed-in user signed in, reloads included: open the server-side session
    and have the browser fetch its cookie on the next run (``session_cookie_ui``)."""
    token = open_session(get_context(), user)
    st.session_state["session_token"], st.session_state["user_email"] = token, user.email
    st.session_state["cookie_code"] = offer_handoff(token)


def end_session_ui() -> None:
    """Sign the browser session out: its server-side session ends, and the next run has the
    browser drop the cookie."""
    from core.services.sign_in import sign_out

    state = st.session_state
    user = current_user()
    if user is not None:
        sign_out(get_context(), actor=user.email, token=state.get("session_token"))
    state.pop("session_token", None)
    state.pop("user_email", None)
    state.pop("cookie_code", None)
    state["cookie_ended"] = True


COOKIE_SCRIPT = """<script>
fetch("{path}", {{method: "POST", credentials: "same-origin",
  headers: {{"Content-Type": "application/json"}}, body: {body}}});
</script>"""


def session_cookie_ui() -> None:
    """Once after signing in or out, the browser calls the cookie route: to set the session
    cookie (in exchange for the one-time code) or to drop it. Draws nothing visible."""
    state = st.session_state
    base = st.get_option("server.baseUrlPath")
    if (code := state.pop("cookie_code", None)) is not None:
        body = json.dumps(json.dumps({"code": code}))
        path = route_path(START_ROUTE, base)
        st.html(COOKIE_SCRIPT.format(path=path, body=body), unsafe_allow_javascript=True)
    elif state.pop("cookie_ended", False):
        path = route_path(END_ROUTE, base)
        st.html(COOKIE_SCRIPT.format(path=path, body='"{}"'), unsafe_allow_javascript=True)


def signed_in_user() -> UserPublic:
    """The signed-in user; pages are only registered for signed-in users, so this holds."""
    user = current_user()
    if user is None:
        st.stop()
    assert user is not None
    return user


def plural(n: int, noun: str) -> str:
    """``1 resume``, ``3 resumes``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def follow_link() -> None:
    """Take what a link to a page asked for (``?job=3``, ``?flagged=1``) into the page's state,
    once: the job the page opens on, the filter it starts with."""
    params = st.query_params
    if (job := params.get("job")) is not None:
        if job.isdigit():
            st.session_state["job_id"] = int(job)
        del params["job"]
    if params.get("flagged") is not None:
        st.session_state["filter_flagged"] = params.get("flagged") == "1"
        del params["flagged"]


MARKDOWN_SPECIALS = "\\`*_{}[]<>()#+-.!|~$:&="
WORD_JOINER = "\u2060"
# Streamlit turns these into links and icons after Markdown has undone its backslash escapes
# (autolinks: "http://", "www.", e-mail; ":material/…:" icons, ":name:" emoji), so a backslash
# cannot stop them; an invisible word joiner inside each breaks the pattern.
LINK_OR_ICON = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)|(?<=:material)(?=/)", re.IGNORECASE)
SHORTCODE = re.compile(r"(:[\w+-][\w/+-]*)(?=:)")


def md(text: object) -> str:
    """Text from a resume, a user or the LLM, escaped so Markdown shows it as typed.

    Every Markdown, HTML-entity and Streamlit directive character is backslash-escaped (no
    links, images, formatting, colours or maths), and autolinks and icon shortcodes are broken
    by an invisible word joiner, which is the only change a reader could copy.
    """
    joined = SHORTCODE.sub(rf"\1{WORD_JOINER}", LINK_OR_ICON.sub(WORD_JOINER, str(text)))
    return "".join("\\" + c if c in MARKDOWN_SPECIALS else c for c in joined)


FIELD_LABELS = {
    "name": "name",
    "display_name": "name",
    "email": "e-mail",
    "phone": "phone",
    "location": "location",
    "links": "links",
    "headline": "headline",
    "years_experience": "years of experience",
    "skills": "skills",
    "experience": "work history",
    "education": "education",
    "certifications": "certifications",
    "min_years": "minimum years",
    "must_have": "must have",
    "nice_to_have": "nice to have",
    "must": "must have",
    "nice": "nice to have",
    "impact_ratio": "impact ratio",
    "title": "title",
    "company": "company",
    "start": "start",
    "end": "end",
    "degree": "degree",
    "institution": "institution",
    "year": "year",
}
WARNING_LABELS = {
    "hidden_text": "text a reader cannot see",
    "ocr": "read from a scan",
    "duplicate:email": "same e-mail as another candidate",
    "duplicate:phone": "same phone as another candidate",
    "truncated": "very long, cut short",
    "missing:contact": "no e-mail or phone found",
    "missing:name": "no name found",
}
ROLE_LABELS = {"admin": "Admin", "recruiter": "Recruiter", "hiring_manager": "Hiring manager"}
LANGUAGE_NAMES = {
    "de": "German",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
    "pl": "Polish",
    "sv": "Swedish",
    "tr": "Turkish",
    "ru": "Russian",
    "zh": "Chinese",
    "ja": "Japanese",
    "ar": "Arabic",
    "hi": "Hindi",
}


def table_key(prefix: str, ids: Sequence[int | None]) -> str:
    """A table's widget key that changes whenever its rows or their order change.

    Streamlit remembers a table selection by row position; a new key on every change of rows
    drops a selection that would otherwise point at another person after a re-sort or filter.
    """
    digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:16]
    return f"{prefix}_{digest}"


def field_label(field: str) -> str:
    """A field's name in plain words ("years_experience" -> "years of experience")."""
    return FIELD_LABELS.get(field, field.replace("_", " "))


def column_header(field: str) -> str:
    """A field's name as a table header ("impact_ratio" -> "Impact ratio")."""
    return field_label(field).capitalize()


def role_label(role: str) -> str:
    """An account role in words ("hiring_manager" -> "Hiring manager")."""
    return ROLE_LABELS.get(role, role.replace("_", " ").capitalize())


def component_label(component: str) -> str:
    """A score component as a header or slider label ("lexical" -> "Word overlap")."""
    return COMPONENT_LABELS.get(component, column_header(component))


def language_name(code: str) -> str:
    """A language code in words; an unknown one reads "another language"."""
    return LANGUAGE_NAMES.get(code, "another language")


def warning_label(code: str) -> str:
    """A parser warning code in a few plain words, for tables and lists.

    An unknown code reads as its words ("odd_layout:page" -> "odd layout: page").
    """
    kind, _, detail = code.partition(":")
    if kind == "low_confidence" and detail:
        return f"check the {field_label(detail)}"
    if kind == "language" and detail:
        return f"written in {language_name(detail)}"
    if kind == "duplicate" and detail and code not in WARNING_LABELS:
        return f"same {field_label(detail)} as another candidate"
    if code in WARNING_LABELS:
        return WARNING_LABELS[code]
    words = kind.replace("_", " ").strip()
    return f"{words}: {detail.replace('_', ' ')}" if detail else words


def confidence_badge(value: float, threshold: float, confident_at: float = 0.9) -> str:
    """A short confidence label: confident, likely, or marked for review."""
    if value <= 0:
        return "⚪ not found"
    if value < threshold:
        return f"🟠 {value:.0%} review"
    if value < confident_at:
        return f"🟡 {value:.0%} likely"
    return f"🟢 {value:.0%} confident"


STATUS_LABELS = {"met": "met", "not_met": "not met", "unsure": "unsure"}
VIA_LABELS = {
    "skills": "skill in profile",
    "text": "named in resume",
    "meaning": "by meaning",
    "years": "dated roles",
    "degree": "education",
    "none": "",
}


def evidence_rows(evidence: Sequence[Evidence]) -> list[dict[str, str]]:
    """Evidence as table rows: requirement, must or nice, status, how it was decided, resume line.

    For a match by meaning the requirement and the resume's phrase sit side by side.
    """
    return [
        {
            "Requirement": e.requirement,
            "Type": f"{field_label(e.level).capitalize()} · {e.kind}",
            "Status": STATUS_LABELS.get(e.status, e.status),
            "How": VIA_LABELS.get(e.via or "", e.via or ""),
            "Resume evidence": e.source or "",
        }
        for e in evidence
    ]
