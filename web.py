"""The web server: Streamlit serving ``app.py``, plus the two routes of the session cookie.

A script cannot set an HttpOnly cookie, so the sign-in page hands the new session's token to
this process under a one-time code (``core.services.web_sessions``) and the browser posts the
code to ``/api/session``, whose answer sets the cookie; ``/api/session/end`` drops it again at
sign-out (both under ``server.baseUrlPath`` when one is set). ``scripts/serve.py`` runs this
module with ``streamlit run``.

Both routes take JSON only from the app's own pages: a form on another site can send neither
JSON nor this origin, so it can neither plant its own session in a browser nor sign one out.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from streamlit import config

from core.auth.session_routes import END_ROUTE, START_ROUTE, route_path
from core.config import get_settings
from core.services.web_sessions import COOKIE_NAME, take_handoff

ROOT = Path(__file__).resolve().parent


def _from_own_page(request: Request) -> bool:
    """A JSON request whose origin, when the browser names one, is this server's."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return False
    if request.headers.get("sec-fetch-site", "same-origin") != "same-origin":
        return False
    origin = request.headers.get("origin")
    return origin is None or origin == f"{request.url.scheme}://{request.url.netloc}"


async def start_session(request: Request) -> Response:
    """Exchange a one-time code for the session cookie (204), or refuse (403)."""
    if not _from_own_page(request):
        return Response(status_code=403)
    try:
        body = await request.json()
    except ValueError:
        return Response(status_code=400)
    code = body.get("code") if isinstance(body, dict) else None
    token = take_handoff(code) if isinstance(code, str) else None
    if token is None:
        return Response(status_code=403)
    settings = get_settings()
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=int(settings.session_hours * 3600),
        path="/",
        secure=settings.session_cookie_secure,
        httponly=True,
        samesite="lax",
    )
    return response


async def end_session(request: Request) -> Response:
    """Drop the session cookie (204); the page has ended the session itself already."""
    if not _from_own_page(request):
        return Response(status_code=403)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.delete_cookie(
        COOKIE_NAME,
        path="/",
        secure=get_settings().session_cookie_secure,
        httponly=True,
        samesite="lax",
    )
    return response


BASE = config.get_option("server.baseUrlPath")  # set by then from the command line and files
ROUTES = [
    Route(route_path(START_ROUTE, BASE), start_session, methods=["POST"]),
    Route(route_path(END_ROUTE, BASE), end_session, methods=["POST"]),
]

app = st.App(ROOT / "app.py", routes=ROUTES)
