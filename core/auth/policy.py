"""Who may do what: one function every page and service asks. Deny by default.

Roles: ``admin`` (everything), ``recruiter`` (candidates, jobs, ranking, search, shortlists,
export), ``hiring_manager`` (only the jobs they are assigned to: their shortlists, the profiles
on them, reviews). Anonymous users may do nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol

from core.errors import TalentFlowError

ROLES = ("admin", "recruiter", "hiring_manager")


class Action(StrEnum):
    """Everything a user can do; pages map to the action that opens them."""

    VIEW_OVERVIEW = "view_overview"
    UPLOAD = "upload"
    VIEW_CANDIDATES = "view_candidates"
    EDIT_CANDIDATE = "edit_candidate"
    MANAGE_JOBS = "manage_jobs"
    RANK = "rank"
    SEARCH = "search"
    SHORTLIST = "shortlist"
    EXPORT = "export"
    REVIEW = "review"
    VIEW_SHORTLIST = "view_shortlist"
    VIEW_PROFILE_ON_SHORTLIST = "view_profile_on_shortlist"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    BIAS_AUDIT = "bias_audit"
    MANAGE_MODELS = "manage_models"
    MONITOR_DRIFT = "monitor_drift"
    ERASE_PERSON = "erase_person"


RECRUITING = {
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
}
# Actions a hiring manager may take, and only on jobs they are assigned to.
ASSIGNED_ONLY = {Action.REVIEW, Action.VIEW_SHORTLIST, Action.VIEW_PROFILE_ON_SHORTLIST}
POLICY: dict[str, set[Action]] = {
    "admin": set(Action),
    "recruiter": RECRUITING,
    "hiring_manager": ASSIGNED_ONLY,
}


class Principal(Protocol):
    """The parts of a user the policy reads."""

    email: str
    role: str
    active: bool


class JobLike(Protocol):
    """The part of a job the policy reads."""

    managers: list[str]


class PermissionDenied(TalentFlowError):
    """The signed-in user may not do this."""

    def __init__(self, action: str) -> None:
        super().__init__(f"you are not allowed to {action.replace('_', ' ')}")
        self.action = action


def can(user: Principal | None, action: Action, job: JobLike | None = None) -> bool:
    """Whether ``user`` may take ``action`` (on ``job``, for job-scoped actions)."""
    if user is None or not user.active:
        return False
    allowed = POLICY.get(user.role, set())
    if action not in allowed:
        return False
    if user.role == "hiring_manager":
        return job is not None and user.email.lower() in {m.lower() for m in job.managers}
    return True


def can_open(user: Principal | None, action: Action, jobs: Iterable[JobLike] = ()) -> bool:
    """Whether a page opened by ``action`` is of any use: for hiring managers, some assigned job."""
    if user is not None and user.role == "hiring_manager":
        return any(can(user, action, job) for job in jobs)
    return can(user, action)


def require(user: Principal | None, action: Action, job: JobLike | None = None) -> None:
    """Raise ``PermissionDenied`` unless ``can``."""
    if not can(user, action, job):
        raise PermissionDenied(str(action))
