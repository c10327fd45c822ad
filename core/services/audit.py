"""The audit log: every login, upload, job edit, shortlist change, decision, export, role change.

Append-only: this module is the only writer and it only inserts. Entries are kept for at least
the retention period (``TALENTFLOW_AUDIT_RETENTION_DAYS``, 183 days by default).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from sqlmodel import col, delete, select

from core.context import AppContext
from core.store.db import session_scope
from core.store.models import AuditEvent, utcnow


def record(ctx: AppContext, actor: str, action: str, target: str = "", **details: Any) -> None:
    """Append one event."""
    with session_scope(ctx.engine) as session:
        session.add(
            AuditEvent(
                actor=actor or "anonymous", action=action, target=target[:300], details=details
            )
        )


def events(
    ctx: AppContext, *, limit: int = 1000, action: str | None = None, viewer: str = "system"
) -> list[AuditEvent]:
    """The newest events first (admins only)."""
    from core.auth.policy import Action
    from core.services.guard import authorize

    authorize(ctx, viewer, Action.VIEW_AUDIT)
    with session_scope(ctx.engine) as session:
        query = select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(limit)
        if action:
            query = query.where(AuditEvent.action == action)
        return list(session.exec(query))


def events_csv(ctx: AppContext, *, viewer: str = "system") -> str:
    """Every event as CSV (for admins to export)."""
    from core.services.export import safe_cell

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "at", "actor", "action", "target", "details"])
    for e in reversed(events(ctx, limit=1_000_000, viewer=viewer)):
        writer.writerow(
            [
                safe_cell(v)
                for v in (e.id, e.at.isoformat(), e.actor, e.action, e.target, str(e.details))
            ]
        )
    return out.getvalue()


def purge_expired(ctx: AppContext, retention_days: int) -> int:
    """Remove events older than the retention period (never younger than it); returns the count."""
    cutoff = utcnow() - dt.timedelta(days=max(retention_days, 183))
    with session_scope(ctx.engine) as session:
        result = session.exec(delete(AuditEvent).where(col(AuditEvent.at) < cutoff))
        return int(result.rowcount or 0)
