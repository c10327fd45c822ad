"""Signed-in browser sessions that outlive a reload, kept on the server.

Signing in opens a session: a random token (256 bits), handed to the browser once in an
HttpOnly cookie; the database keeps only its SHA-256, the account's e-mail and the session's
times, so a copy of the database signs nobody in. A token resolves to its account while the
session has not expired (``TALENTFLOW_SESSION_HOURS`` after sign-in), has not been ended, and
the account is still active. Signing out ends the session; deactivating an account or
resetting its password ends all of its sessions at once.

The sign-in page cannot set an HttpOnly cookie itself, so it hands the token over with a
one-time code: ``offer_handoff`` keeps the token for a minute under a random code, the
browser posts the code to the cookie route, and ``take_handoff`` gives the token back once.
Hand-offs live in this process's memory, which is the process that served the sign-in (the
app runs as one process; Streamlit needs sticky sessions behind a load balancer anyway).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time

from sqlalchemy import delete
from sqlmodel import col, select

from core.context import AppContext
from core.store.db import session_scope
from core.store.models import User, UserPublic, WebSession, as_utc, utcnow

COOKIE_NAME = "talentflow_session"
HANDOFF_SECONDS = 60.0
TOUCH_EVERY = dt.timedelta(minutes=1)  # last-seen is written at most this often

_handoffs: dict[str, tuple[str, float]] = {}  # code -> (token, monotonic deadline)
_handoffs_lock = threading.Lock()


def _hash(token: str) -> str:
    """What the database stores of a token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def open_session(ctx: AppContext, user: UserPublic) -> str:
    """Open a session for a user who has just signed in; returns its token (shown only here)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with session_scope(ctx.engine) as session:
        session.add(
            WebSession(
                token_hash=_hash(token),
                email=user.email,
                created_at=now,
                expires_at=now + dt.timedelta(hours=ctx.settings.session_hours),
                last_seen_at=now,
            )
        )
    return token


def resolve_session(ctx: AppContext, token: str | None) -> UserPublic | None:
    """The active account a token belongs to; None when the token is unknown, its session
    expired or ended, or the account has been deactivated."""
    if not token:
        return None
    now = utcnow()
    with session_scope(ctx.engine) as session:
        row = session.exec(
            select(WebSession).where(col(WebSession.token_hash) == _hash(token))
        ).first()
        if row is None or as_utc(row.expires_at) <= now:
            return None
        email, seen = row.email, as_utc(row.last_seen_at)
        if seen < now - TOUCH_EVERY:
            row.last_seen_at = now
            session.add(row)
        user = session.exec(select(User).where(col(User.email) == email)).first()
        return UserPublic.of(user) if user is not None and user.active else None


def end_session(ctx: AppContext, token: str | None) -> None:
    """End the session of a token (signing out); an unknown token is no error."""
    if not token:
        return
    with session_scope(ctx.engine) as session:
        session.execute(delete(WebSession).where(col(WebSession.token_hash) == _hash(token)))


def end_sessions_of(ctx: AppContext, email: str) -> int:
    """End every session of an account (deactivated, or its password reset); returns how many.
    Expired sessions of anyone are dropped on the way."""
    with session_scope(ctx.engine) as session:
        session.execute(delete(WebSession).where(col(WebSession.expires_at) <= utcnow()))
        ended = session.execute(
            delete(WebSession)
            .where(col(WebSession.email) == email.strip().lower())
            .returning(col(WebSession.id))
        ).all()
    return len(ended)


def offer_handoff(token: str) -> str:
    """A one-time code the browser exchanges for the token's cookie within a minute."""
    code = secrets.token_urlsafe(32)
    now = time.monotonic()
    with _handoffs_lock:
        for stale in [c for c, (_, until) in _handoffs.items() if until <= now]:
            del _handoffs[stale]
        _handoffs[code] = (token, now + HANDOFF_SECONDS)
    return code


def take_handoff(code: str) -> str | None:
    """The token offered under a code, once, within its minute; None otherwise."""
    with _handoffs_lock:
        offered = _handoffs.pop(code, None)
    if offered is None or offered[1] <= time.monotonic():
        return None
    return offered[0]
