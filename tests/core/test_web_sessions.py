"""Signed-in browser sessions: a token opens the account until it expires, is signed out, or the
account is deactivated or its password reset; the database never holds the token itself."""

import datetime as dt
import hashlib

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from core.services import web_sessions
from core.services.sign_in import authenticate, sign_out
from core.services.users import reset_password, update_user
from core.services.web_sessions import (
    end_sessions_of,
    offer_handoff,
    open_session,
    resolve_session,
    take_handoff,
)
from core.store.db import session_scope
from core.store.models import User, WebSession

PASSWORD = "correct horse battery"


@pytest.fixture
def rita(ctx, accounts):
    return authenticate(ctx, accounts["recruiter"], PASSWORD)


def rows(ctx) -> list[WebSession]:
    with session_scope(ctx.engine) as session:
        found = list(session.exec(select(WebSession)))
        for row in found:
            session.expunge(row)
        return found


def test_a_token_resolves_to_its_account(ctx, rita):
    token = open_session(ctx, rita)

    user = resolve_session(ctx, token)

    assert user is not None and user.email == rita.email
    assert "password_hash" not in user.model_dump()


def test_unknown_and_missing_tokens_resolve_to_no_one(ctx, rita):
    token = open_session(ctx, rita)

    assert resolve_session(ctx, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert resolve_session(ctx, "") is None
    assert resolve_session(ctx, None) is None


def test_the_database_holds_only_the_tokens_hash(ctx, rita):
    token = open_session(ctx, rita)

    [row] = rows(ctx)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(row.model_dump())
    assert resolve_session(ctx, row.token_hash) is None  # the stored value opens nothing


def test_each_sign_in_gets_a_new_token(ctx, rita):
    assert open_session(ctx, rita) != open_session(ctx, rita)
    assert len(rows(ctx)) == 2


def test_a_session_lasts_the_configured_hours(ctx, rita, monkeypatch):
    monkeypatch.setattr(ctx.settings, "session_hours", 2.0)
    token = open_session(ctx, rita)

    [row] = rows(ctx)
    assert row.expires_at - row.created_at == dt.timedelta(hours=2)
    assert resolve_session(ctx, token) is not None


def test_an_expired_session_resolves_to_no_one(ctx, rita):
    token = open_session(ctx, rita)
    assert resolve_session(ctx, token) is not None
    with session_scope(ctx.engine) as session:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        session.execute(update(WebSession).values(expires_at=past))

    assert resolve_session(ctx, token) is None


def test_resolving_notes_when_the_session_was_last_seen(ctx, rita):
    token = open_session(ctx, rita)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    with session_scope(ctx.engine) as session:
        session.execute(update(WebSession).values(last_seen_at=long_ago))

    resolve_session(ctx, token)

    [row] = rows(ctx)
    seen = row.last_seen_at.replace(tzinfo=dt.UTC)
    assert seen > long_ago + dt.timedelta(minutes=59)


def test_signing_out_ends_that_session_only(ctx, rita):
    kept, ended = open_session(ctx, rita), open_session(ctx, rita)

    sign_out(ctx, actor=rita.email, token=ended)

    assert resolve_session(ctx, ended) is None
    assert resolve_session(ctx, kept) is not None


def test_deactivating_an_account_ends_its_sessions(ctx, rita, accounts):
    admin = authenticate(ctx, accounts["admin"], PASSWORD)
    theirs, mine = open_session(ctx, rita), open_session(ctx, admin)

    update_user(ctx, rita.email, active=False, actor=admin.email)

    assert resolve_session(ctx, theirs) is None
    assert resolve_session(ctx, mine) is not None
    assert [row.email for row in rows(ctx)] == [admin.email]
    update_user(ctx, rita.email, active=True, actor=admin.email)  # reactivated: signs in anew
    assert resolve_session(ctx, theirs) is None


def test_a_deactivated_account_resolves_to_no_one_even_with_a_session_row(ctx, rita, accounts):
    token = open_session(ctx, rita)

    with session_scope(ctx.engine) as session:
        session.execute(update(User).where(col(User.email) == rita.email).values(active=False))

    assert resolve_session(ctx, token) is None


def test_a_password_reset_ends_the_accounts_sessions(ctx, rita, accounts):
    token = open_session(ctx, rita)

    reset_password(ctx, rita.email, actor=accounts["admin"])

    assert resolve_session(ctx, token) is None


def test_ending_an_accounts_sessions_drops_expired_ones_of_anyone(ctx, rita, accounts):
    admin = authenticate(ctx, accounts["admin"], PASSWORD)
    open_session(ctx, admin)
    with session_scope(ctx.engine) as session:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        session.execute(update(WebSession).values(expires_at=past))
    open_session(ctx, rita)

    assert end_sessions_of(ctx, rita.email) == 1
    assert rows(ctx) == []


def test_a_handoff_code_gives_its_token_once():
    code = offer_handoff("the token")

    assert take_handoff(code) == "the token"
    assert take_handoff(code) is None
    assert take_handoff("a code never offered") is None


def test_a_handoff_code_lapses_after_its_minute(monkeypatch):
    code = offer_handoff("the token")
    later = web_sessions.time.monotonic() + web_sessions.HANDOFF_SECONDS + 1
    monkeypatch.setattr(web_sessions.time, "monotonic", lambda: later)

    assert take_handoff(code) is None
