"""Authorisation at the service boundary: every user action names its actor and is checked here.

Actors are account e-mails. ``system``, ``cli`` and ``demo`` are the local operator (commands run
on the machine that holds the workspace, which already has every right over its files).
"""

from __future__ import annotations

from core.auth.policy import Action, JobLike, require
from core.context import AppContext

LOCAL_OPERATORS = frozenset({"system", "cli", "demo"})


def authorize(ctx: AppContext, actor: str, action: Action, job: JobLike | None = None) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` may take ``action`` (on ``job``)."""
    if actor in LOCAL_OPERATORS:
        return
    from core.services.users import user_by_email

    require(user_by_email(ctx, actor), action, job)
