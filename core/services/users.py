"""Accounts: create, deactivate, change role, reset password (signing in: ``sign_in``).

Every new password passes ``core.auth.passwords.check_strength``, judged with the account's
e-mail and name.
"""

from __future__ import annotations

from sqlmodel import col, select

from core.auth.passwords import hash_password, random_password
from core.auth.policy import ROLES, Action
from core.context import AppContext
from core.errors import InvalidInput
from core.services import audit
from core.services.guard import authorize
from core.services.web_sessions import end_sessions_of
from core.store.db import session_scope
from core.store.models import User, UserPublic


def normalise_email(email: str) -> str:
    """An e-mail address as accounts are keyed: trimmed and lower-cased.

    Raises:
        InvalidInput: not an address.
    """
    email = email.strip().lower()
    if "@" not in email or len(email) > 320:
        raise InvalidInput("enter a valid e-mail address")
    return email


def create_user(
    ctx: AppContext, email: str, role: str, password: str, *, actor: str, name: str = ""
) -> UserPublic:
    """A new active account.

    Raises:
        WeakPassword: the password is too short, too long, leaked or too easy to guess.
    """
    authorize(ctx, actor, Action.MANAGE_USERS)
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}")
    email, name = normalise_email(email), name.strip()[:200]
    password_hash = hash_password(password, user_inputs=(email, name))
    with session_scope(ctx.engine) as session:
        if session.exec(select(User).where(User.email == email)).first() is not None:
            raise InvalidInput(f"an account for {email} already exists")
        user = User(email=email, name=name, role=role, password_hash=password_hash)
        session.add(user)
    audit.record(ctx, actor, "user.create", email, role=role)
    return UserPublic.of(user)


def user_by_email(ctx: AppContext, email: str) -> UserPublic | None:
    """The active account with this e-mail (used for single sign-on)."""
    with session_scope(ctx.engine) as session:
        user = session.exec(select(User).where(User.email == email.strip().lower())).first()
        return UserPublic.of(user) if user is not None and user.active else None


def has_accounts(ctx: AppContext) -> bool:
    """Whether any account exists (the sign-in page's first-run hint; names nobody)."""
    with session_scope(ctx.engine) as session:
        return session.exec(select(User.id).limit(1)).first() is not None


def list_users(ctx: AppContext, *, actor: str) -> list[UserPublic]:
    """Every account."""
    authorize(ctx, actor, Action.MANAGE_USERS)
    with session_scope(ctx.engine) as session:
        return [UserPublic.of(u) for u in session.exec(select(User).order_by(col(User.email)))]


def update_user(
    ctx: AppContext, email: str, *, actor: str, role: str | None = None, active: bool | None = None
) -> UserPublic:
    """Change an account's role or deactivate/reactivate it."""
    authorize(ctx, actor, Action.MANAGE_USERS)
    with session_scope(ctx.engine) as session:
        user = session.exec(select(User).where(User.email == normalise_email(email))).first()
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
    if active is False:
        end_sessions_of(ctx, user.email)  # the next run of any page sees no one signed in
    if active is not None:
        audit.record(ctx, actor, "user.activate" if active else "user.deactivate", user.email)
    return UserPublic.of(user)


def reset_password(ctx: AppContext, email: str, *, actor: str, password: str | None = None) -> str:
    """Set a new password (a random one if none is given) and unlock; returns it.

    Raises:
        WeakPassword: the password given is too short, too long, leaked or too easy to guess.
    """
    authorize(ctx, actor, Action.MANAGE_USERS)
    password = password or random_password()
    with session_scope(ctx.engine) as session:
        user = session.exec(select(User).where(User.email == normalise_email(email))).first()
        if user is None:
            raise InvalidInput(f"no account for {email}")
        user.password_hash = hash_password(password, user_inputs=(user.email, user.name))
        user.failed_logins, user.last_failed_login = 0, None
        user.lockouts, user.locked_until = 0, None
        session.add(user)
    end_sessions_of(ctx, user.email)  # whoever knew the old password is signed out
    audit.record(ctx, actor, "user.password_reset", email)
    return password


DEMO_USERS = (
    ("admin@talentflow.local", "admin", "Ada Admin"),
    ("recruiter@talentflow.local", "recruiter", "Rita Recruiter"),
    ("manager@talentflow.local", "hiring_manager", "Hugo Manager"),
)


def ensure_demo_users(ctx: AppContext, *, actor: str) -> list[tuple[str, str, str]]:
    """On an empty account table, create one user per role with a random password each.

    Returns (email, role, password) for the accounts created, to print once.
    """
    if list_users(ctx, actor=actor):
        return []
    created = []
    for email, role, name in DEMO_USERS:
        password = random_password()
        create_user(ctx, email, role, password, name=name, actor=actor)
        created.append((email, role, password))
    return created
