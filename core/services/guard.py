"""Authorisation at the service boundary: every service function names its actor and is checked.

Actors are account e-mails, or one of the named local principals: ``cli`` (the command line) and
``demo`` (the demo loader) act as the ``operator`` role, ``system`` (the work engine's scheduled
and background work) as the ``system`` role. Both roles are entries of the policy table like any
other; an actor that is neither a local principal nor an active account is denied everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from core.auth.policy import (
    OPERATOR,
    SYSTEM,
    Action,
    JobLike,
    PermissionDenied,
    Principal,
    can,
    may,
    require,
)
from core.context import AppContext


@dataclass
class LocalPrincipal:
    """A named actor of this machine (not an account): its name is what the audit log shows."""

    email: str
    role: str
    active: bool = True


LOCAL_PRINCIPALS = {
    "cli": LocalPrincipal("cli", OPERATOR),
    "demo": LocalPrincipal("demo", OPERATOR),
    "system": LocalPrincipal("system", SYSTEM),
}
J = TypeVar("J", bound=JobLike)


def principal(ctx: AppContext, actor: str) -> Principal | None:
    """Who ``actor`` is for the policy: a local principal, an active account, or nobody."""
    if actor in LOCAL_PRINCIPALS:
        return LOCAL_PRINCIPALS[actor]
    from core.services.users import user_by_email

    return user_by_email(ctx, actor) if actor else None


def is_local(actor: str) -> bool:
    """Whether ``actor`` is one of the machine's own principals (not a user of the app)."""
    return actor in LOCAL_PRINCIPALS


def authorize(ctx: AppContext, actor: str, action: Action, job: JobLike | None = None) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` may take ``action`` (on ``job``)."""
    require(principal(ctx, actor), action, job)


def allowed(ctx: AppContext, actor: str, action: Action, job: JobLike | None = None) -> bool:
    """Whether ``actor`` may take ``action`` (on ``job``), without raising."""
    return can(principal(ctx, actor), action, job)


def visible(ctx: AppContext, actor: str, action: Action, jobs: Iterable[J]) -> list[J]:
    """The jobs ``actor`` may take ``action`` on (all of them, or a hiring manager's assigned
    ones); raises ``PermissionDenied`` when the actor may not take it at all."""
    who = principal(ctx, actor)
    if not may(who, action):
        raise PermissionDenied(str(action))
    return [j for j in jobs if can(who, action, j)]
