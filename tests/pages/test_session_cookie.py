"""The session cookie: a valid one signs the browser in on a new connection (a reload), an ended
or deactivated one does not; the sign-in form opens a session and hands its cookie over once;
the cookie routes set it HttpOnly and refuse other sites; every page has its fixed address."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from streamlit.testing.v1 import AppTest

import pages._frame as frame
from core.auth.session_routes import START_ROUTE, route_path
from core.config import get_settings
from core.context import build_context
from core.services.users import update_user, user_by_email
from core.services.web_sessions import offer_handoff, open_session, resolve_session, take_handoff
from tests.pages.conftest import APP, PASSWORD, make_user

RITA = "rita@example.com"


def new_session(email: str = RITA, role: str = "recruiter") -> str:
    """A server-side session for an account, as a sign-in opens it; returns its token."""
    make_user(email, role)
    ctx = build_context(get_settings())
    try:
        user = user_by_email(ctx, email)
        assert user is not None
        return open_session(ctx, user)
    finally:
        ctx.close()


def reload_with(monkeypatch, cookie: str | None) -> AppTest:
    """A new browser connection (a reload) that sends ``cookie`` as its session cookie."""
    monkeypatch.setattr(frame, "session_cookie", lambda: cookie)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def signed_in_as(at: AppTest) -> str | None:
    captions = [c.value for c in at.sidebar.caption if c.value.startswith("Signed in as")]
    return captions[0] if captions else None


def test_a_valid_session_cookie_signs_the_browser_in(_workspace, monkeypatch):
    token = new_session()

    at = reload_with(monkeypatch, token)

    assert signed_in_as(at) is not None and "Rita" in signed_in_as(at)
    assert at.session_state["user_email"] == RITA
    assert at.title[0].value == "Overview"


def test_no_or_an_unknown_cookie_shows_the_sign_in_page(_workspace, monkeypatch):
    new_session()
    for cookie in (None, "not a token anyone was given"):
        at = reload_with(monkeypatch, cookie)
        assert at.title[0].value == "Sign in to TalentFlow"
        assert signed_in_as(at) is None


def test_deactivation_signs_the_browser_out_on_its_next_run(_workspace, monkeypatch):
    token = new_session()
    make_user("ada@example.com", "admin")
    at = reload_with(monkeypatch, token)
    assert signed_in_as(at) is not None
    ctx = build_context(get_settings())
    update_user(ctx, RITA, active=False, actor="ada@example.com")
    ctx.close()

    at.run()

    assert at.title[0].value == "Sign in to TalentFlow"
    assert "session_token" not in at.session_state
    assert signed_in_as(reload_with(monkeypatch, token)) is None


def test_signing_out_ends_the_server_session_and_drops_the_cookie(_workspace, monkeypatch):
    token = new_session()
    at = reload_with(monkeypatch, token)

    at.sidebar.button[0].click().run()

    assert at.title[0].value == "Sign in to TalentFlow"
    ctx = build_context(get_settings())
    assert resolve_session(ctx, token) is None
    ctx.close()
    [script] = at.get("html")
    assert '"/api/session/end"' in script.proto.body
    at.run()  # once only
    assert not at.get("html")
    assert signed_in_as(reload_with(monkeypatch, token)) is None  # the old cookie is worthless


def test_the_sign_in_form_opens_a_session_and_offers_its_cookie(_workspace, monkeypatch):
    make_user(RITA, "recruiter")
    monkeypatch.setattr(frame, "session_cookie", lambda: None)
    offered: list[tuple[str, str]] = []

    def offer(token: str) -> str:
        offered.append((token, code := offer_handoff(token)))
        return code

    monkeypatch.setattr(frame, "offer_handoff", offer)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input[0].input(RITA)
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()

    token = at.session_state["session_token"]
    ctx = build_context(get_settings())
    assert (user := resolve_session(ctx, token)) is not None and user.email == RITA
    ctx.close()
    [(handed, code)] = offered
    assert handed == token and code != token
    assert take_handoff(code) == token


def test_every_page_has_its_fixed_address(_workspace, monkeypatch):
    at = reload_with(monkeypatch, new_session("ada@example.com", "admin"))

    addresses = {
        info["script_path"].rsplit("/", 1)[-1]: info["url_pathname"]
        for info in at._registered_pages.values()
    }

    assert addresses == {
        "home.py": "",  # the first page is also the root address
        "upload.py": "upload",
        "candidates.py": "candidates",
        "jobs.py": "jobs",
        "ranking.py": "ranking",
        "search.py": "search",
        "review.py": "review",
        "users.py": "users",
        "audit.py": "audit",
        "bias.py": "bias",
        "models.py": "models",
        "compare.py": "compare",
        "drift.py": "drift",
    }


@pytest.fixture
def routes(_workspace):
    import web

    return TestClient(Starlette(routes=web.ROUTES), base_url="http://127.0.0.1:8501")


JSON = {"Content-Type": "application/json"}


def test_the_session_route_sets_an_httponly_cookie_for_a_fresh_code(routes):
    code = offer_handoff("the token")

    answer = routes.post("/api/session", json={"code": code})

    assert answer.status_code == 204
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("talentflow_session=")
    assert "the token" in cookie.split(";")[0]
    parts = {p.strip().lower() for p in cookie.split(";")}
    assert {"httponly", "samesite=lax", "path=/", "max-age=43200"} <= parts
    assert "secure" not in parts
    assert routes.post("/api/session", json={"code": code}).status_code == 403  # once only


def test_the_session_cookie_is_secure_when_configured(routes, monkeypatch):
    monkeypatch.setenv("TALENTFLOW_SESSION_COOKIE_SECURE", "true")
    monkeypatch.setenv("TALENTFLOW_SESSION_HOURS", "2")
    get_settings.cache_clear()

    answer = routes.post("/api/session", json={"code": offer_handoff("t")})

    parts = {p.strip().lower() for p in answer.headers["set-cookie"].split(";")}
    assert {"secure", "max-age=7200"} <= parts


def test_the_session_routes_refuse_other_sites_and_forms(routes):
    code = offer_handoff("the token")
    elsewhere = {**JSON, "Origin": "https://evil.example"}
    assert routes.post("/api/session", json={"code": code}, headers=elsewhere).status_code == 403
    cross = {**JSON, "Sec-Fetch-Site": "cross-site"}
    assert routes.post("/api/session", json={"code": code}, headers=cross).status_code == 403
    form = routes.post("/api/session", data={"code": code})
    assert form.status_code == 403
    assert routes.get("/api/session").status_code == 405
    assert routes.post("/api/session/end", data={}).status_code == 403
    assert take_handoff(code) == "the token"  # none of them used it up


def test_the_end_route_drops_the_cookie(routes):
    own = {**JSON, "Origin": "http://127.0.0.1:8501"}
    answer = routes.post("/api/session/end", json={}, headers=own)

    assert answer.status_code == 204
    cookie = answer.headers["set-cookie"].lower()
    assert cookie.startswith('talentflow_session=""') and "max-age=0" in cookie


def test_the_cookie_routes_follow_the_base_url_path():
    assert route_path(START_ROUTE, None) == route_path(START_ROUTE, "") == "/api/session"
    assert route_path(START_ROUTE, "hiring") == "/hiring/api/session"
    assert route_path(START_ROUTE, "/hiring/tf/") == "/hiring/tf/api/session"
