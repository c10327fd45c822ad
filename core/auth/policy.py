"""Who may do what: one function every page and service asks. Deny by default.

Account roles: ``admin`` (everything), ``recruiter`` (candidates, jobs, ranking, search,
shortlists and every reviewer's feedback on them, export), ``hiring_manager`` (only the jobs
they are assigned to: their shortlists, the profiles on them, reviews; the other reviewers'
feedback on a candidate only once they have given their own, which the review service sees to).
Two roles belong to named local principals, never to an account: ``operator`` (the command
line, ``cli``, and the demo loader, ``demo``: whoever runs commands on the machine that holds
the workspace) and ``system`` (the work engine's own scheduled and background work). Anonymous
and unknown actors may do nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol

from core.errors import TalentFlowError

ROLES = ("admin", "recruiter", "hiring_manager")  # the roles an account may have
OPERATOR, SYSTEM = "operator", "system"  # the roles of the named local principals


class Action(StrEnum):
    """Everything a user can do; pages map to the action that opens them."""

    VIEW_OVERVIEW = "view_overview"
    VIEW_JOBS = "view_jobs"
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
    MOVE_STAGE = "move_stage"
    ANNOTATE = "annotate"
    VIEW_REVIEWS = "view_reviews"  # every reviewer's feedback on a shortlist, at any time


RECRUITING = {
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
}
# Actions a hiring manager may take, and only on jobs they are assigned to.
ASSIGNED_ONLY = {
    Action.VIEW_OVERVIEW,  # their own: the shortlists waiting for them
    Action.VIEW_JOBS,
    Action.REVIEW,
    Action.VIEW_SHORTLIST,
    Action.VIEW_PROFILE_ON_SHORTLIST,
}
# The operator of the machine may do what an admin may; listed one by one so that a new action
# is a decision for this table too (a test checks it against ``Action``).
OPERATING = {
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
    Action.REVIEW,
    Action.VIEW_SHORTLIST,
    Action.VIEW_PROFILE_ON_SHORTLIST,
    Action.MANAGE_USERS,
    Action.VIEW_AUDIT,
    Action.BIAS_AUDIT,
    Action.MANAGE_MODELS,
    Action.MONITOR_DRIFT,
    Action.ERASE_PERSON,
    Action.MOVE_STAGE,
    Action.ANNOTATE,
    Action.VIEW_REVIEWS,
}
# What the work engine's own work needs: rescoring jobs after an edit or a promotion, the
# scheduled retention erasures and drift checks. Work queued for a user acts as that user.
BACKGROUND = {Action.VIEW_JOBS, Action.RANK, Action.ERASE_PERSON, Action.MONITOR_DRIFT}
POLICY: dict[str, set[Action]] = {
    "admin": set(Action),
    "recruiter": RECRUITING,
    "hiring_manager": ASSIGNED_ONLY,
    OPERATOR: OPERATING,
    SYSTEM: BACKGROUND,
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


def may(user: Principal | None, action: Action) -> bool:
    """Whether ``user`` may take ``action`` on some job at least (for hiring managers, on
    the jobs they are assigned to): the check before a list is narrowed to what they may see."""
    return user is not None and user.active and action in POLICY.get(user.role, set())


def can_open(user: Principal | None, action: Action, jobs: Iterable[JobLike] = ()) -> bool:
    """Whether a page opened by ``action`` is of any use: for hiring managers, some assigned job."""
    if user is not None and user.role == "hiring_manager":
        return any(can(user, action, job) for job in jobs)
    return can(user, action)


def require(user: Principal | None, action: Action, job: JobLike | None = None) -> None:
    """Raise ``PermissionDenied`` unless ``can``."""
    if not can(user, action, job):
        raise PermissionDenied(str(action))
