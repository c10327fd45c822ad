"""Accounts: create, sign in (with lockout), deactivate, change role, reset password."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import update
from sqlmodel import col, select

from core.auth.passwords import hash_password, verify_password
from core.auth.policy import ROLES, Action
from core.errors import InvalidInput, TalentFlowError
from core.services import audit
from core.services.context import AppContext
from core.services.guard import authorize
from core.store.db import session_scope
from core.store.models import User, utcnow

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
# A hash to check against when the e-mail is unknown, so timing does not reveal accounts.
_DUMMY_HASH = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5Q7aGhzH2e5S0f4sRkq3E1mTqjC6p9a"


class AuthenticationFailed(TalentFlowError):
    """Wrong e-mail or password, an inactive account, or a locked one (the message says which
    only for a lock, so attackers cannot test which e-mails exist)."""


def _normalise(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 320:
        raise InvalidInput("enter a valid e-mail address")
    return email


def create_user(
    ctx: AppContext, email: str, role: str, password: str, *, name: str = "", actor: str = "system"
) -> User:
    """A new active account."""
    authorize(ctx, actor, Action.MANAGE_USERS)
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}")
    email = _normalise(email)
    with session_scope(ctx.engine) as session:
        if session.exec(select(User).where(User.email == email)).first() is not None:
            raise InvalidInput(f"an account for {email} already exists")
        user = User(
            email=email, name=name.strip()[:200], role=role, password_hash=hash_password(password)
        )
        session.add(user)
    audit.record(ctx, actor, "user.create", email, role=role)
    return user


FAILED = "wrong e-mail or password, or too many attempts: try again in 15 minutes"


def _count_failure(ctx: AppContext, user_id: int, now: dt.datetime) -> None:
    """Count one failure atomically in the database; the failure that reaches the limit locks the
    account (parallel guesses cannot all read the same count)."""
    with session_scope(ctx.engine) as session:
        count = session.execute(
            update(User)
            .where(col(User.id) == user_id)
            .values(failed_logins=User.failed_logins + 1)
            .returning(col(User.failed_logins))
        ).scalar_one()
        if count >= MAX_FAILURES:
            session.execute(
                update(User)
                .where(col(User.id) == user_id, col(User.failed_logins) >= MAX_FAILURES)
                .values(locked_until=now + LOCKOUT, failed_logins=0)
            )


def authenticate(ctx: AppContext, email: str, password: str) -> User:
    """The account for these credentials; five failures lock it for 15 minutes.

    Unknown, wrong, locked and deactivated all answer with the same words after the same work
    (one bcrypt check), so an answer does not tell whether an account exists.
    """
    try:
        email = _normalise(email)
    except InvalidInput:
        verify_password(password, _DUMMY_HASH)
        raise AuthenticationFailed(FAILED) from None
    now = utcnow()
    with session_scope(ctx.engine) as session:
        user = session.exec(select(User).where(User.email == email)).first()
        if user is not None:
            session.expunge(user)
    right = verify_password(password, user.password_hash if user else _DUMMY_HASH)
    locked = (
        user is not None
        and user.locked_until is not None
        and user.locked_until.replace(tzinfo=dt.UTC) > now
    )
    if user is None:
        outcome = "login.failed"
    elif locked:
        outcome = "login.locked"
    elif not user.active or not right:
        _count_failure(ctx, user.id or 0, now)
        outcome = "login.failed"
    else:
        with session_scope(ctx.engine) as session:
            session.execute(
                update(User)
                .where(col(User.id) == user.id)
                .values(failed_logins=0, locked_until=None, last_login=now)
            )
        user.failed_logins, user.locked_until, user.last_login = 0, None, now
        outcome = "login"
    audit.record(ctx, email, outcome)
    if outcome != "login":
        raise AuthenticationFailed(FAILED)
    assert user is not None
    return user


def user_by_email(ctx: AppContext, email: str) -> User | None:
    """The active account with this e-mail (used for single sign-on)."""
    with session_scope(ctx.engine) as session:
        user = session.exec(select(User).where(User.email == email.strip().lower())).first()
        return user if user is not None and user.active else None


def list_users(ctx: AppContext) -> list[User]:
    """Every account."""
    with session_scope(ctx.engine) as session:
        return list(session.exec(select(User).order_by(col(User.email))))


def update_user(
    ctx: AppContext, email: str, *, actor: str, role: str | None = None, active: bool | None = None
) -> User:
    """Change an account's role or deactivate/reactivate it."""
    authorize(ctx, actor, Action.MANAGE_USERS)
    with session_scope(ctx.engine) as session:
        user = session.exec(select(User).where(User.email == _normalise(email))).first()
        if user is None:
            raise InvalidInput(f"no account for {email}")
        if role is not None:
            if role not in ROLES:
                raise InvalidInput(f"role must be one of {', '.join(ROLES)}")
            audit_details = {"from": user.role, "to": role}
            user.role = role
        if active is not None:
            user.active = active
        session.add(user)
    if role is not None:
        audit.record(ctx, actor, "user.role", user.email, **audit_details)
    if active is not None:
        audit.record(ctx, actor, "user.activate" if active else "user.deactivate", user.email)
    return user


def reset_password(ctx: AppContext, email: str, *, actor: str, password: str | None = None) -> str:
    """Set a new password (a random one if none is given) and unlock; returns it."""
    authorize(ctx, actor, Action.MANAGE_USERS)
    password = password or secrets.token_urlsafe(12)
    with session_scope(ctx.engine) as session:
        user = session.exec(select(User).where(User.email == _normalise(email))).first()
        if user is None:
            raise InvalidInput(f"no account for {email}")
        user.password_hash = hash_password(password)
        user.failed_logins, user.locked_until = 0, None
        session.add(user)
    audit.record(ctx, actor, "user.password_reset", email)
    return password


DEMO_USERS = (
    ("admin@talentflow.local", "admin", "Ada Admin"),
    ("recruiter@talentflow.local", "recruiter", "Rita Recruiter"),
    ("manager@talentflow.local", "hiring_manager", "Hugo Manager"),
)


def ensure_demo_users(ctx: AppContext) -> list[tuple[str, str, str]]:
    """On an empty account table, create one user per role with a random password each.

    Returns (email, role, password) for the accounts created, to print once.
    """
    if list_users(ctx):
        return []
    created = []
    for email, role, name in DEMO_USERS:
        password = secrets.token_urlsafe(9)
        create_user(ctx, email, role, password, name=name, actor="demo")
        created.append((email, role, password))
    return created
