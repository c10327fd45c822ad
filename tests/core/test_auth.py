"""Accounts and the role policy: password strength and hashing, signing in alike for every
kind of failure, the per-account and per-source limits, deny by default, the RBAC matrix."""

import datetime as dt
import time
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import bcrypt
import pytest
from sqlmodel import select

from core.auth import passwords
from core.auth.passwords import (
    DUMMY_HASH,
    check_strength,
    common_passwords,
    hash_password,
    random_password,
    verify_password,
)
from core.auth.policy import POLICY, Action, PermissionDenied, can, can_open, require
from core.errors import InvalidInput, WeakPassword
from core.services import audit, sign_in
from core.services.sign_in import (
    ACCOUNT_LIMIT,
    FAILED,
    SOURCE_LIMIT,
    AuthenticationFailed,
    authenticate,
    backoff,
    source_key,
)
from core.services.users import create_user, ensure_demo_users, reset_password, update_user
from core.store.db import session_scope
from core.store.models import SignInSource, User

PASSWORD = "correct horse battery"
WRONG = "not the password"
ATTACKER, OFFICE, ELSEWHERE = "203.0.113.9", "198.51.100.7", "192.0.2.44"


def person(role, email="x@example.com", active=True):
    return SimpleNamespace(role=role, email=email, active=active)


ASSIGNED = SimpleNamespace(managers=["hm@example.com"])
OTHER = SimpleNamespace(managers=["someone@example.com"])

# The policy table the product promises, written out independently of core.auth.policy.
EXPECTED = {
    "admin": set(Action),
    "recruiter": {
        Action.VIEW_OVERVIEW,
        Action.VIEW_JOBS,
        Action.UPLOAD,
        Action.VIEW_CANDIDATES,
        Action.EDIT_CANDIDATE,
        Action.MANAGE_JOBS,
        Action.RANK,
        Action.SEARCH,
        Action.SHORTLIST,
        Action.EXPORT,
        Action.VIEW_SHORTLIST,
        Action.VIEW_PROFILE_ON_SHORTLIST,
        Action.MOVE_STAGE,
        Action.ANNOTATE,
        Action.VIEW_REVIEWS,
    },
    "hiring_manager_assigned": {
        Action.VIEW_OVERVIEW,
        Action.VIEW_JOBS,
        Action.REVIEW,
        Action.VIEW_SHORTLIST,
        Action.VIEW_PROFILE_ON_SHORTLIST,
    },
    "hiring_manager_not_assigned": set(),
    # the command line and the demo loader: what an admin may do, as a table entry
    "operator": set(Action),
    # the work engine's own work: rescoring, scheduled retention and drift checks
    "system": {Action.VIEW_JOBS, Action.RANK, Action.ERASE_PERSON, Action.MONITOR_DRIFT},
    "anonymous": set(),
}


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("who", list(EXPECTED))
def test_rbac_matrix(who, action):
    if who == "anonymous":
        user, job = None, ASSIGNED
    elif who.startswith("hiring_manager"):
        user = person("hiring_manager", "hm@example.com")
        job = ASSIGNED if who.endswith("_assigned") and "not" not in who else OTHER
    else:
        user, job = person(who), ASSIGNED
    assert can(user, action, job) is (action in EXPECTED[who])


def test_inactive_and_unknown_roles_are_denied():
    assert not can(person("admin", active=False), Action.MANAGE_USERS)
    assert not can(person("superuser"), Action.VIEW_OVERVIEW)
    with pytest.raises(PermissionDenied):
        require(person("recruiter"), Action.MANAGE_USERS)


def test_hiring_manager_pages_need_an_assigned_job():
    hm = person("hiring_manager", "hm@example.com")
    assert can_open(hm, Action.REVIEW, [OTHER, ASSIGNED])
    assert not can_open(hm, Action.REVIEW, [OTHER])
    assert not can_open(hm, Action.UPLOAD, [ASSIGNED])


def test_policy_only_names_known_roles():
    assert set(POLICY) == {"admin", "recruiter", "hiring_manager", "operator", "system"}


def test_passwords_are_hashed_and_checked():
    hashed = hash_password(PASSWORD)
    assert PASSWORD not in hashed and hashed.startswith("$2")
    assert verify_password(PASSWORD, hashed)
    assert not verify_password("wrong password!", hashed)
    assert not verify_password(PASSWORD + "x" * 80, hashed)  # over bcrypt's 72 bytes
    assert not verify_password(PASSWORD, "")
    with pytest.raises(InvalidInput):
        hash_password("short")


def test_the_dummy_hash_costs_what_a_real_one_does():
    assert DUMMY_HASH.split("$")[2] == str(passwords.ROUNDS) == hash_password(PASSWORD)[4:6]
    assert not verify_password(PASSWORD, DUMMY_HASH)


# --- password strength ---


def test_common_leaked_passwords_are_refused_whatever_their_case():
    assert len(common_passwords()) > 19_000
    long_enough = sorted(p for p in common_passwords() if len(p) >= passwords.MIN_LENGTH)
    assert len(long_enough) > 1_000
    for password in long_enough:
        with pytest.raises(WeakPassword, match="leaked"):
            check_strength(password)
    with pytest.raises(WeakPassword, match="leaked"):
        check_strength("QwertyUIOP")


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaaaa", "abcdefghijkl", "P@ssw0rd2024", "iloveyou2024", "dragondragon"]
)
def test_easily_guessed_passwords_are_refused_with_the_reason(password):
    with pytest.raises(WeakPassword, match="too easy to guess") as refused:
        check_strength(password)
    assert refused.value.score is not None and refused.value.score < passwords.MIN_SCORE
    assert "at least 3 needed" in str(refused.value)


def test_a_password_made_of_the_accounts_own_name_is_refused():
    person = ("margarethe.vanderbilt@talentflow.local", "Margarethe Vanderbilt")
    check_strength("margarethe.vanderbilt")  # fine for someone else
    for password in ("margarethe.vanderbilt", "vanderbiltmargarethe", "talentflowmargarethe"):
        with pytest.raises(WeakPassword, match="too easy to guess"):
            check_strength(password, user_inputs=person)


@pytest.mark.parametrize(
    "password", [PASSWORD, "a long enough password", "wrong password here", "Tr0ub4dor&3xyz"]
)
def test_passphrases_pass(password):
    check_strength(password, user_inputs=("rob@example.com", "Rob"))


def test_random_passwords_are_strong():
    for _ in range(20):
        check_strength(random_password())


def test_new_passwords_are_checked_on_create_and_reset(ctx, accounts):
    with pytest.raises(WeakPassword, match="leaked"):
        create_user(ctx, "weak@example.com", "recruiter", "1234567890", actor="ada@example.com")
    with pytest.raises(WeakPassword, match="too easy to guess"):
        create_user(
            ctx, "jo.weak@example.com", "recruiter", "jo.weak1234", name="Jo Weak", actor="cli"
        )
    assert "weak@example.com" not in {e.target for e in audit.events(ctx, actor="cli")}
    with pytest.raises(WeakPassword, match="too easy to guess"):
        reset_password(ctx, "rita@example.com", actor="ada@example.com", password="rita@example")
    assert authenticate(ctx, "rita@example.com", PASSWORD).email == "rita@example.com"
    fresh = reset_password(ctx, "rita@example.com", actor="ada@example.com")
    check_strength(fresh, user_inputs=("rita@example.com",))
    assert authenticate(ctx, "rita@example.com", fresh).email == "rita@example.com"


# --- signing in ---


class Clock:
    """The sign-in service's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(sign_in, "utcnow", fake)
    return fake


def account(ctx, email, role="admin"):
    """An account whose password is hashed at bcrypt's lowest cost, so that tests counting many
    attempts stay fast (the rules under test do not depend on the cost)."""
    create_user(ctx, email, role, PASSWORD, actor="cli")
    with session_scope(ctx.engine) as session:
        user = session.exec(select(User).where(User.email == email)).one()
        user.password_hash = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()
        session.add(user)


def stored(ctx, email):
    with session_scope(ctx.engine) as session:
        return session.exec(select(User).where(User.email == email)).one()


def source_row(ctx, source):
    with session_scope(ctx.engine) as session:
        return session.get(SignInSource, source_key(source))


def fail(ctx, email, password=WRONG, source=None, times=1):
    for _ in range(times):
        with pytest.raises(AuthenticationFailed, match=FAILED):
            authenticate(ctx, email, password, source=source)


def test_sign_in_lockout_and_reset(ctx, accounts):
    create_user(ctx, "Rob@Example.com", "recruiter", PASSWORD, actor="cli")
    assert authenticate(ctx, "rob@example.com", PASSWORD).role == "recruiter"
    fail(ctx, "rob@example.com", times=ACCOUNT_LIMIT)  # no known source: every failure counts
    with pytest.raises(AuthenticationFailed, match="too many"):
        authenticate(ctx, "rob@example.com", PASSWORD)  # locked: even the right password fails
    new = reset_password(ctx, "rob@example.com", actor="ada@example.com")
    assert authenticate(ctx, "rob@example.com", new).email == "rob@example.com"
    actions = [e.action for e in audit.events(ctx, actor="cli")]
    assert actions.count("login.failed") == ACCOUNT_LIMIT
    assert "login.locked" in actions and "login" in actions


def test_unknown_email_and_deactivated_accounts_fail_alike(ctx, accounts):
    create_user(ctx, "gone@example.com", "recruiter", PASSWORD, actor="cli")
    update_user(ctx, "gone@example.com", actor="ada@example.com", active=False)
    messages = set()
    for email in ("gone@example.com", "nobody@example.com", "not an address"):
        with pytest.raises(AuthenticationFailed) as caught:
            authenticate(ctx, email, PASSWORD)
        messages.add(str(caught.value))
    assert len(messages) == 1 and "wrong e-mail or password" in messages.pop()


def test_every_kind_of_failure_answers_alike_in_words_and_time(ctx, accounts):
    """Unknown e-mail, wrong password, locked and deactivated account (and a throttled source)
    each cost one bcrypt check: their fastest times (the least disturbed by whatever else the
    machine runs) lie within a quarter of one check."""
    create_user(ctx, "known@example.com", "recruiter", PASSWORD, actor="cli")
    create_user(ctx, "gone@example.com", "recruiter", PASSWORD, actor="cli")
    update_user(ctx, "gone@example.com", actor="ada@example.com", active=False)
    create_user(ctx, "locked@example.com", "recruiter", PASSWORD, actor="cli")
    fail(ctx, "locked@example.com", times=ACCOUNT_LIMIT)
    fail(ctx, "nobody@example.com", source=ATTACKER, times=SOURCE_LIMIT)
    kinds = {  # the right password where there is one: refused all the same
        "unknown e-mail": ("nobody@example.com", PASSWORD, None),
        "wrong password": ("known@example.com", WRONG, None),
        "locked account": ("locked@example.com", PASSWORD, None),
        "deactivated account": ("gone@example.com", PASSWORD, None),
        "throttled source": ("known@example.com", PASSWORD, ATTACKER),
    }
    real = hash_password(PASSWORD)
    check = []
    for _ in range(7):
        started = time.perf_counter()
        verify_password(WRONG, real)
        check.append(time.perf_counter() - started)
    bcrypt_time = min(check)

    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    messages = set()
    names = list(kinds)
    for attempt in range(8):  # the first round warms up; the order turns each round
        for kind in names[attempt % len(names) :] + names[: attempt % len(names)]:
            email, password, source = kinds[kind]
            source = source or f"10.9.{attempt}.{names.index(kind)}"  # a new source each time
            started = time.perf_counter()
            with pytest.raises(AuthenticationFailed) as caught:
                authenticate(ctx, email, password, source=source)
            if attempt:
                times[kind].append(time.perf_counter() - started)
            messages.add(str(caught.value))
    fastest = {kind: min(t) for kind, t in times.items()}
    shown = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in fastest.items())
    assert messages == {FAILED}
    assert all(m > 0.75 * bcrypt_time for m in fastest.values()), shown
    spread = max(fastest.values()) - min(fastest.values())
    assert spread < 0.25 * bcrypt_time, f"{shown}; one bcrypt check {bcrypt_time * 1000:.0f} ms"
    outcomes = {e.action for e in audit.events(ctx, actor="cli") if e.action.startswith("login")}
    assert {"login.failed", "login.locked", "login.throttled"} <= outcomes


def test_one_attacking_source_is_throttled_and_the_account_stays_open(ctx, clock):
    account(ctx, "ada@example.com")
    fail(ctx, "ada@example.com", source=ATTACKER, times=3 * SOURCE_LIMIT)
    fail(ctx, "ada@example.com", PASSWORD, source=ATTACKER)  # throttled: the right one fails
    user = stored(ctx, "ada@example.com")
    assert user.locked_until is None and user.failed_logins == SOURCE_LIMIT  # its quota only
    assert authenticate(ctx, "ada@example.com", PASSWORD, source=OFFICE).email == "ada@example.com"
    assert stored(ctx, "ada@example.com").failed_logins == 0
    throttled = [e for e in audit.events(ctx, actor="cli") if e.action == "login.throttled"]
    assert throttled and {e.details["source"] for e in throttled} == {ATTACKER}


def test_a_source_is_throttled_for_a_doubling_time_then_forgotten(ctx, clock):
    account(ctx, "ada@example.com")
    fail(ctx, "ada@example.com", source=ATTACKER, times=SOURCE_LIMIT - 1)
    assert source_row(ctx, ATTACKER).throttled_until is None
    for throttle in range(6):  # 1, 2, 4 ... 32 minutes
        fail(ctx, "ada@example.com", source=ATTACKER)
        row = source_row(ctx, ATTACKER)
        assert row.failures == SOURCE_LIMIT * (throttle + 1)
        assert row.throttled_until - clock.now == backoff(throttle)
        clock.advance(seconds=backoff(throttle).total_seconds() + 1)
        assert authenticate(ctx, "ada@example.com", PASSWORD, source=ATTACKER)  # open again
        fail(ctx, "ada@example.com", source=ATTACKER, times=SOURCE_LIMIT - 1)
    fail(ctx, "ada@example.com", source=ATTACKER)
    assert source_row(ctx, ATTACKER).throttled_until - clock.now == dt.timedelta(hours=1)
    clock.advance(minutes=30)
    fail(ctx, "ada@example.com", source=ATTACKER, times=SOURCE_LIMIT)  # while throttled
    assert source_row(ctx, ATTACKER).throttled_until - clock.now == dt.timedelta(hours=1)
    assert [backoff(n).total_seconds() / 60 for n in range(8)] == [1, 2, 4, 8, 16, 32, 60, 60]
    clock.advance(hours=1, seconds=1)  # an hour without a failure: forgotten
    fail(ctx, "ada@example.com", source=ATTACKER)
    assert source_row(ctx, ATTACKER).failures == 1
    assert authenticate(ctx, "ada@example.com", PASSWORD, source=ATTACKER)


def test_failures_from_two_sources_lock_the_account_for_a_doubling_time(ctx, clock):
    account(ctx, "ada@example.com")
    probes = (f"192.0.2.{n}" for n in range(1, 255))  # someone else, each time from a new place
    for lockout in range(8):  # 1, 2, 4 ... minutes, at most an hour
        for n in range(ACCOUNT_LIMIT // SOURCE_LIMIT):  # new sources, each within its quota
            fail(ctx, "ada@example.com", source=f"10.{lockout}.{n}.1", times=SOURCE_LIMIT)
        user = stored(ctx, "ada@example.com")
        assert user.locked_until - clock.now == backoff(lockout) and user.lockouts == lockout + 1
        fail(ctx, "ada@example.com", PASSWORD, source=next(probes))  # locked for everyone
        fail(ctx, "ada@example.com", source=next(probes))  # does not count while locked
        assert stored(ctx, "ada@example.com").failed_logins == 0
        clock.advance(seconds=backoff(lockout).total_seconds() - 2)
        fail(ctx, "ada@example.com", PASSWORD, source=next(probes))
        clock.advance(seconds=3)
    locked = [e for e in audit.events(ctx, actor="cli") if e.action == "login.locked"]
    assert len(locked) == 8 * 3
    # the last lock has ended; a sign-in starts the doubling afresh
    assert authenticate(ctx, "ada@example.com", PASSWORD, source=next(probes))
    for n in range(ACCOUNT_LIMIT // SOURCE_LIMIT):
        fail(ctx, "ada@example.com", source=f"10.99.{n}.1", times=SOURCE_LIMIT)
    assert stored(ctx, "ada@example.com").locked_until - clock.now == backoff(0)


def test_the_lockout_doubling_is_forgotten_a_day_after_the_last_lock(ctx, clock):
    account(ctx, "ada@example.com")
    for _ in range(3):
        fail(ctx, "ada@example.com", times=ACCOUNT_LIMIT)
        clock.advance(hours=1, seconds=1)
    assert stored(ctx, "ada@example.com").lockouts == 3
    clock.advance(days=1)
    fail(ctx, "ada@example.com", times=ACCOUNT_LIMIT)
    user = stored(ctx, "ada@example.com")
    assert user.locked_until - clock.now == backoff(0) and user.lockouts == 1


def test_an_accounts_count_is_forgotten_after_an_hour_without_failures(ctx, clock):
    account(ctx, "ada@example.com")
    fail(ctx, "ada@example.com", times=ACCOUNT_LIMIT - 1)
    clock.advance(hours=1, seconds=1)
    fail(ctx, "ada@example.com")
    user = stored(ctx, "ada@example.com")
    assert user.failed_logins == 1 and user.locked_until is None


def test_sources_are_keyed_by_address_and_ipv6_network():
    assert source_key(None) is None and source_key("  ") is None
    assert source_key("cli") == "cli" and source_key(" 192.0.2.1 ") == "192.0.2.1"
    assert (
        source_key("2001:db8:1:2::1") == source_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    )
    assert source_key("2001:db8:1:3::1") != source_key("2001:db8:1:2::1")
    assert source_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert len(source_key("x" * 500)) == 100


def test_quiet_sources_are_deleted_when_a_new_one_fails(ctx, clock):
    fail(ctx, "ada@example.com", source=ATTACKER, times=2)
    clock.advance(hours=1, seconds=1)
    fail(ctx, "someone@example.com", source=OFFICE)
    assert source_row(ctx, ATTACKER) is None and source_row(ctx, OFFICE).failures == 1


def test_a_deactivated_account_does_not_sign_in_with_its_password(ctx, accounts):
    update_user(ctx, "rita@example.com", actor="ada@example.com", active=False)
    fail(ctx, "rita@example.com", PASSWORD, source=OFFICE)
    update_user(ctx, "rita@example.com", actor="ada@example.com", active=True)
    assert authenticate(ctx, "rita@example.com", PASSWORD, source=OFFICE)


def test_parallel_wrong_guesses_lock_the_account(ctx):
    create_user(ctx, "par@example.com", "recruiter", PASSWORD, actor="cli")

    def guess(_: int) -> None:
        with pytest.raises(AuthenticationFailed):
            authenticate(ctx, "par@example.com", "not the password")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(guess, range(30)))
    with session_scope(ctx.engine) as session:
        user = session.exec(select(User).where(User.email == "par@example.com")).one()
        assert user.locked_until is not None
        assert user.lockouts == 1  # attempts already under way did not count once it was locked
    with pytest.raises(AuthenticationFailed):
        authenticate(ctx, "par@example.com", PASSWORD)
    locked = [e for e in audit.events(ctx, actor="cli") if e.action == "login.locked"]
    assert locked  # the right password was refused because of the lock


def test_parallel_guesses_from_one_source_are_counted_exactly(ctx):
    """30 guesses at once from one address, 8 threads: the source counts all 30 (throttled at
    each 5th), the account exactly the source's quota, so it stays open to others."""
    account(ctx, "ada@example.com")

    def guess(_: int) -> None:
        with pytest.raises(AuthenticationFailed):
            authenticate(ctx, "ada@example.com", WRONG, source=ATTACKER)

    started = dt.datetime.now(dt.UTC)
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(guess, range(30)))
    row = source_row(ctx, ATTACKER)
    assert row.failures == 30
    assert row.throttled_until - started >= backoff(30 // SOURCE_LIMIT - 1)
    user = stored(ctx, "ada@example.com")
    assert user.failed_logins == SOURCE_LIMIT and user.locked_until is None
    fail(ctx, "ada@example.com", PASSWORD, source=ATTACKER)
    assert authenticate(ctx, "ada@example.com", PASSWORD, source=OFFICE).email == "ada@example.com"


def test_role_change_is_audited(ctx, accounts):
    create_user(ctx, "hugo@example.com", "recruiter", PASSWORD, actor="cli")
    update_user(ctx, "hugo@example.com", actor="ada@example.com", role="hiring_manager")
    [event] = audit.events(ctx, action="user.role", actor="cli")
    assert event.actor == "ada@example.com" and event.details == {
        "from": "recruiter",
        "to": "hiring_manager",
    }


def test_demo_users_are_created_once(ctx):
    first = ensure_demo_users(ctx, actor="cli")
    assert {role for _, role, _ in first} == {"admin", "recruiter", "hiring_manager"}
    assert ensure_demo_users(ctx, actor="cli") == []
    for email, _, password in first:
        check_strength(password, user_inputs=(email,))
        assert authenticate(ctx, email, password).email == email


def test_audit_retention_never_drops_recent_events(ctx):
    audit.record(ctx, "a@example.com", "login")
    assert audit.purge_expired(ctx, retention_days=1, actor="cli") == 0
    assert len(audit.events(ctx, actor="cli")) == 1
    assert dt.timedelta(days=183) <= dt.timedelta(days=ctx.settings.audit_retention_days)


def test_services_check_the_actor(ctx, accounts):
    from core.parsing.files import IncomingFile
    from core.services import jobs as job_service
    from core.services.ingest import ingest_files

    create_user(ctx, "hugo@example.com", "hiring_manager", PASSWORD, actor="ada@example.com")
    with pytest.raises(PermissionDenied):
        create_user(ctx, "eve@example.com", "admin", PASSWORD, actor="rita@example.com")
    with pytest.raises(PermissionDenied):
        job_service.create_job(ctx, "A job\nwith text", actor="hugo@example.com")
    with pytest.raises(PermissionDenied):
        ingest_files(
            ctx, [IncomingFile("a.txt", b"hello world, this is text")], actor="nobody@x.io"
        )
    with pytest.raises(PermissionDenied):
        audit.events(ctx, actor="rita@example.com")
    assert job_service.create_job(ctx, "A job\nwith text", actor="rita@example.com").id


def test_account_services_never_hand_out_a_password_hash(ctx):
    from core.services.users import list_users, user_by_email

    created = create_user(ctx, "ann@example.com", "recruiter", PASSWORD, actor="cli")
    signed_in = authenticate(ctx, "ann@example.com", PASSWORD)
    for user in [
        created,
        signed_in,
        user_by_email(ctx, "ann@example.com"),
        *list_users(ctx, actor="cli"),
    ]:
        assert not hasattr(user, "password_hash") and not hasattr(user, "failed_logins")
        assert user.email == "ann@example.com" and user.role == "recruiter"
