"""Signing in with a password, and the limits that stop guessing without locking anyone out.

Every failure answers ``FAILED`` after the same work (one bcrypt check, against a dummy hash
when there is no account, then the same counting statements and an audit event): an unknown
e-mail, a wrong password, a deactivated or locked account and a throttled source cannot be told
apart, by words or by time.

Two limits, both counted atomically in the database (an upsert or ``UPDATE ... RETURNING``, so
parallel guesses cannot read the same count):

- **Per source**, the client address (an IPv6 address by its /64 network) or a name such as
  ``"cli"``: every failure from it counts, whatever the e-mail. Each 5th failure throttles the
  source, for 1 minute, doubling with each further five (2, 4, 8 ... minutes), at most 1 hour.
  A throttled source's attempts fail even with the right password, and count as failures. A
  source is forgotten an hour after its last failure; a sign-in does not clear its count (an
  attacker's own account would otherwise reset it).
- **Per account**: a failure counts against the account only if it is among its source's first
  5 (since the source was last forgotten), so that no single source can lock an account, and
  every failure without a known source counts (``source=None``: a local connection, or all
  users behind a proxy on this host). Attempts on a locked account do not count. 10 counted
  failures lock the account for 1 minute, doubling with each lockout in a row, at most 1 hour;
  the count is forgotten after an hour without a counted failure, and the doubling after a
  successful sign-in, a password reset, or a day after the last lock ended.

So one attacking source is throttled while the account stays open to everyone else; locking an
account takes failures from two or more sources, and even then the lock ends within an hour
(``python -m core users reset EMAIL`` lifts it at once).
"""

from __future__ import annotations

import datetime as dt
import ipaddress

from sqlalchemy import case, delete, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from core.auth.passwords import verify_password
from core.context import AppContext
from core.errors import InvalidInput, TalentFlowError
from core.services import audit
from core.services.users import normalise_email
from core.services.web_sessions import end_session
from core.store.db import session_scope
from core.store.models import SignInSource, User, UserPublic, as_utc, utcnow

SOURCE_LIMIT = 5  # failures from one source before each throttle; the first 5 count for accounts
ACCOUNT_LIMIT = 10  # counted failures that lock an account
FIRST_LOCK = dt.timedelta(minutes=1)  # a source's first throttle, an account's first lockout
LONGEST_LOCK = dt.timedelta(hours=1)
FORGET_AFTER = dt.timedelta(hours=1)  # without a failure: a source, an account's count
LOCKOUTS_FORGOTTEN = dt.timedelta(days=1)  # after the last lock ended: the doubling restarts

_NO_ACCOUNT = -1  # an id no account has

FAILED = "wrong e-mail or password, or too many attempts: try again later"


class AuthenticationFailed(TalentFlowError):
    """Any failed sign-in: the message never says which kind (see the module docstring)."""


def source_key(source: str | None) -> str | None:
    """What a source is counted under: an IPv6 address by its /64 network (one host may hold
    all of it), an IPv4 address as it is, a name as given; ``None`` for no known source."""
    text = (source or "").strip()
    if not text:
        return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return text[:100]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))
    return str(address)


def backoff(step: int) -> dt.timedelta:
    """The length of the ``step``-th throttle or lockout in a row (from 0): doubling, capped."""
    return min(FIRST_LOCK * 2 ** min(step, 20), LONGEST_LOCK)


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    return as_utc(moment) if moment else None


def is_locked(user: User | UserPublic, now: dt.datetime | None = None) -> bool:
    """Whether the account is locked now (a lock that has ended may still be on record)."""
    until = _aware(user.locked_until)
    now = now or utcnow()
    return until is not None and until > now


def _find_user(ctx: AppContext, email: str) -> User | None:
    try:
        email = normalise_email(email)
    except InvalidInput:
        return None
    with session_scope(ctx.engine) as session:
        user = session.exec(select(User).where(User.email == email)).first()
        if user is not None:
            session.expunge(user)
        return user


def _throttled(ctx: AppContext, key: str | None, now: dt.datetime) -> bool:
    if key is None:
        return False
    with session_scope(ctx.engine) as session:
        until = session.execute(
            select(col(SignInSource.throttled_until)).where(col(SignInSource.source) == key)
        ).scalar_one_or_none()
    until = _aware(until)
    return until is not None and until > now


def _sign_in(ctx: AppContext, user_id: int, now: dt.datetime) -> bool:
    """Clear the account's counts and note the sign-in, unless it was locked or deactivated in
    the meantime (checked in the same statement)."""
    with session_scope(ctx.engine) as session:
        row = session.execute(
            update(User)
            .where(
                col(User.id) == user_id,
                col(User.active).is_(True),
                or_(col(User.locked_until).is_(None), col(User.locked_until) <= now),
            )
            .values(
                failed_logins=0,
                last_failed_login=None,
                lockouts=0,
                locked_until=None,
                last_login=now,
            )
            .returning(col(User.id))
        ).first()
    return row is not None


def _count_source_failure(session: Session, key: str, now: dt.datetime) -> int:
    """One more failure from ``key`` (a forgotten source starts again at 1); each 5th throttles
    it. Returns the source's failures, this one included."""
    upsert = (postgresql if session.get_bind().dialect.name == "postgresql" else sqlite).insert
    stmt = upsert(SignInSource).values(source=key, failures=1, last_failure=now)
    forgotten = col(SignInSource.last_failure) < now - FORGET_AFTER
    failures: int = session.execute(
        stmt.on_conflict_do_update(
            index_elements=[col(SignInSource.source)],
            set_={
                "failures": case((forgotten, 1), else_=col(SignInSource.failures) + 1),
                "last_failure": now,
            },
        ).returning(col(SignInSource.failures))
    ).scalar_one()
    if failures % SOURCE_LIMIT == 0:
        until = now + backoff(failures // SOURCE_LIMIT - 1)
        session.execute(
            update(SignInSource)
            .where(
                col(SignInSource.source) == key,
                or_(
                    col(SignInSource.throttled_until).is_(None),
                    col(SignInSource.throttled_until) < until,
                ),
            )
            .values(throttled_until=until)
        )
    return failures


def _count_account_failure(session: Session, user_id: int, now: dt.datetime) -> None:
    """One more counted failure for the account; the 10th locks it (see the module docstring)."""
    forgotten = col(User.last_failed_login) < now - FORGET_AFTER
    unlocked = or_(col(User.locked_until).is_(None), col(User.locked_until) <= now)
    row = session.execute(
        update(User)
        .where(col(User.id) == user_id, unlocked)  # not if a parallel attempt just locked it
        .values(
            failed_logins=case((forgotten, 1), else_=col(User.failed_logins) + 1),
            last_failed_login=now,
        )
        .returning(col(User.failed_logins), col(User.lockouts), col(User.locked_until))
    ).first()
    if row is None or row[0] < ACCOUNT_LIMIT:
        return
    _, lockouts, locked_until = row
    last_lock = _aware(locked_until)
    in_row = lockouts if last_lock and last_lock > now - LOCKOUTS_FORGOTTEN else 0
    session.execute(
        update(User)
        .where(col(User.id) == user_id)
        .values(locked_until=now + backoff(in_row), lockouts=in_row + 1, failed_logins=0)
    )


def _forget_quiet_sources(ctx: AppContext, now: dt.datetime) -> None:
    """Delete the sources that are forgotten anyway (none of them can still be throttled)."""
    with session_scope(ctx.engine) as session:
        session.execute(
            delete(SignInSource).where(col(SignInSource.last_failure) < now - FORGET_AFTER)
        )


def _count_failure(ctx: AppContext, user_id: int | None, key: str | None, now: dt.datetime) -> None:
    """Count one failure against the source and, within its quota, the account, in one
    transaction. ``user_id`` is None for no account or a locked one."""
    with session_scope(ctx.engine) as session:
        failures = _count_source_failure(session, key, now) if key is not None else 0
        counts = user_id is not None and failures <= SOURCE_LIMIT
        # the statement runs (matching no row) when nothing counts, to take as long
        _count_account_failure(session, user_id if counts and user_id else _NO_ACCOUNT, now)
    if failures == 1:  # a new (or forgotten) source: a moment to drop the quiet ones
        _forget_quiet_sources(ctx, now)


def authenticate(
    ctx: AppContext, email: str, password: str, *, source: str | None = None
) -> UserPublic:
    """The account for these credentials, under the limits in the module docstring.

    Args:
        email: as typed.
        password: as typed.
        source: where the attempt comes from, the client address (``None`` when unknown) or a
            name such as ``"cli"``.

    Raises:
        AuthenticationFailed: with ``FAILED``, whatever went wrong.
    """
    key = source_key(source)
    user = _find_user(ctx, email)
    right = verify_password(password, user.password_hash if user else "")
    now = utcnow()
    throttled = _throttled(ctx, key, now)
    locked = user is not None and is_locked(user, now)
    if user is not None and user.active and right and not throttled and not locked:
        if _sign_in(ctx, user.id or 0, now):
            user.failed_logins, user.lockouts, user.locked_until = 0, 0, None
            user.last_failed_login, user.last_login = None, now
            audit.record(ctx, user.email, "login", **_where(key))
            return UserPublic.of(user)
        locked = True  # locked (or deactivated) while the password was being checked
    counted = user.id if user is not None and not locked else None
    _count_failure(ctx, counted, key, now)
    outcome = "login.throttled" if throttled else "login.locked" if locked else "login.failed"
    audit.record(ctx, email.strip().lower()[:320], outcome, **_where(key))
    raise AuthenticationFailed(FAILED)


def _where(key: str | None) -> dict[str, str]:
    return {"source": key} if key is not None else {}


def sign_in_sso(ctx: AppContext, email: str) -> UserPublic | None:
    """The active account for an e-mail the identity provider vouches for (audited), or None."""
    from core.services.users import user_by_email

    user = user_by_email(ctx, email)
    if user is not None:
        audit.record(ctx, user.email, "login.sso")
    return user


def sign_out(ctx: AppContext, *, actor: str, token: str | None = None) -> None:
    """End a session (audited): the browser's server-side session, when it has one, is over
    at once, whatever copies of its cookie remain."""
    end_session(ctx, token)
    audit.record(ctx, actor, "logout")
