"""Where the web server serves the session cookie's two routes (``web.py``), and where the
sign-in page's script calls them (``pages/_frame.py``): under ``server.baseUrlPath`` when the
app has one."""

from __future__ import annotations

START_ROUTE = "api/session"  # exchanges a one-time code for the cookie
END_ROUTE = "api/session/end"  # drops the cookie


def route_path(route: str, base_url_path: str | None) -> str:
    """``route_path(START_ROUTE, "hiring/")`` is ``/hiring/api/session``; without a base path,
    ``/api/session``."""
    base = (base_url_path or "").strip("/")
    return f"/{base}/{route}" if base else f"/{route}"
