"""Accounts and the role policy: hashing, lockout, deny by default, the RBAC matrix."""

import datetime as dt
from types import SimpleNamespace

import pytest
from sqlmodel import select

from core.auth.passwords import hash_password, verify_password
from core.auth.policy import POLICY, Action, PermissionDenied, can, can_open, require
from core.errors import InvalidInput
from core.services import audit
from core.services.users import (
    AuthenticationFailed,
    authenticate,
    create_user,
    ensure_demo_users,
    reset_password,
    update_user,
)

PASSWORD = "correct horse battery"


def person(role, email="x@example.com", active=True):
    return SimpleNamespace(role=role, email=email, active=active)


ASSIGNED = SimpleNamespace(managers=["hm@example.com"])
OTHER = SimpleNamespace(managers=["someone@example.com"])

# The policy table the product promises, written out independently of core.auth.policy.
EXPECTED = {
    "admin": set(Action),
    "recruiter": {
        Action.VIEW_OVERVIEW,
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
    },
    "hiring_manager_assigned": {
        Action.REVIEW,
        Action.VIEW_SHORTLIST,
        Action.VIEW_PROFILE_ON_SHORTLIST,
    },
    "hiring_manager_not_assigned": set(),
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
    assert set(POLICY) == {"admin", "recruiter", "hiring_manager"}


def test_passwords_are_hashed_and_checked():
    hashed = hash_password(PASSWORD)
    assert PASSWORD not in hashed and hashed.startswith("$2")
    assert verify_password(PASSWORD, hashed)
    assert not verify_password("wrong password!", hashed)
    with pytest.raises(InvalidInput):
        hash_password("short")


def test_sign_in_lockout_and_reset(ctx, accounts):
    create_user(ctx, "Rob@Example.com", "recruiter", PASSWORD)
    assert authenticate(ctx, "rob@example.com", PASSWORD).role == "recruiter"
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            authenticate(ctx, "rob@example.com", "not the password")
    with pytest.raises(AuthenticationFailed, match="too many"):
        authenticate(ctx, "rob@example.com", PASSWORD)  # locked: even the right password fails
    new = reset_password(ctx, "rob@example.com", actor="ada@example.com")
    assert authenticate(ctx, "rob@example.com", new).email == "rob@example.com"
    actions = [e.action for e in audit.events(ctx)]
    assert actions.count("login.failed") == 5 and "login.locked" in actions and "login" in actions


def test_unknown_email_and_deactivated_accounts_fail_alike(ctx, accounts):
    create_user(ctx, "gone@example.com", "recruiter", PASSWORD)
    update_user(ctx, "gone@example.com", actor="ada@example.com", active=False)
    messages = set()
    for email in ("gone@example.com", "nobody@example.com"):
        with pytest.raises(AuthenticationFailed) as caught:
            authenticate(ctx, email, PASSWORD)
        messages.add(str(caught.value))
    assert len(messages) == 1 and "wrong e-mail or password" in messages.pop()


def test_parallel_wrong_guesses_lock_the_account(ctx, accounts):
    from concurrent.futures import ThreadPoolExecutor

    from core.store.db import session_scope
    from core.store.models import User

    create_user(ctx, "par@example.com", "recruiter", PASSWORD)

    def guess(_: int) -> None:
        with pytest.raises(AuthenticationFailed):
            authenticate(ctx, "par@example.com", "not the password")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(guess, range(30)))
    with session_scope(ctx.engine) as session:
        user = session.exec(select(User).where(User.email == "par@example.com")).one()
        assert user.locked_until is not None
    with pytest.raises(AuthenticationFailed):
        authenticate(ctx, "par@example.com", PASSWORD)
    locked = [e for e in audit.events(ctx) if e.action == "login.locked"]
    assert locked  # the right password was refused because of the lock


def test_role_change_is_audited(ctx, accounts):
    create_user(ctx, "hugo@example.com", "recruiter", PASSWORD)
    update_user(ctx, "hugo@example.com", actor="ada@example.com", role="hiring_manager")
    [event] = audit.events(ctx, action="user.role")
    assert event.actor == "ada@example.com" and event.details == {
        "from": "recruiter",
        "to": "hiring_manager",
    }


def test_demo_users_are_created_once(ctx):
    first = ensure_demo_users(ctx)
    assert {role for _, role, _ in first} == {"admin", "recruiter", "hiring_manager"}
    assert ensure_demo_users(ctx) == []
    email, _, password = first[0]
    assert authenticate(ctx, email, password).email == email


def test_audit_retention_never_drops_recent_events(ctx):
    audit.record(ctx, "a@example.com", "login")
    assert audit.purge_expired(ctx, retention_days=1) == 0
    assert len(audit.events(ctx)) == 1
    assert dt.timedelta(days=183) <= dt.timedelta(days=ctx.settings.audit_retention_days)


def test_services_check_the_actor(ctx, accounts):
    from core.parsing.files import IncomingFile
    from core.services import jobs as job_service
    from core.services.ingest import ingest_files

    create_user(ctx, "hugo@example.com", "hiring_manager", PASSWORD, actor="ada@example.com")
    with pytest.raises(PermissionDenied):
        create_user(ctx, "eve@example.com", "admin", PASSWORD, actor="rita@example.com")
    with pytest.raises(PermissionDenied):
        job_service.create_job(ctx, "A job\nwith text", user="hugo@example.com")
    with pytest.raises(PermissionDenied):
        ingest_files(
            ctx, [IncomingFile("a.txt", b"hello world, this is text")], actor="nobody@x.io"
        )
    with pytest.raises(PermissionDenied):
        audit.events(ctx, viewer="rita@example.com")
    assert job_service.create_job(ctx, "A job\nwith text", user="rita@example.com").id
