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

from core.auth.policy import Action
from core.context import AppContext
from core.services.guard import authorize
from core.store.db import session_scope
from core.store.models import AuditEvent, utcnow
from core.store.public import AuditEventPublic


def record(ctx: AppContext, actor: str, action: str, target: str = "", **details: Any) -> None:
    """Append one event."""
    with session_scope(ctx.engine) as session:
        session.add(
            AuditEvent(
                actor=actor or "anonymous", action=action, target=target[:300], details=details
            )
        )


def _events(ctx: AppContext, limit: int, action: str | None = None) -> list[AuditEventPublic]:
    with session_scope(ctx.engine) as session:
        query = select(AuditEvent).order_by(col(AuditEvent.id).desc()).limit(limit)
        if action:
            query = query.where(AuditEvent.action == action)
        return [AuditEventPublic.of(e) for e in session.exec(query)]


def events(
    ctx: AppContext, *, actor: str, limit: int = 1000, action: str | None = None
) -> list[AuditEventPublic]:
    """The newest events first (admins only)."""
    authorize(ctx, actor, Action.VIEW_AUDIT)
    return _events(ctx, limit, action)


def events_csv(ctx: AppContext, *, actor: str) -> str:
    """Every event as CSV, for admins to export (the export is itself audited)."""
    from core.services.export import safe_cell

    authorize(ctx, actor, Action.VIEW_AUDIT)
    found = _events(ctx, 1_000_000)
    record(ctx, actor, "audit.export")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "at", "actor", "action", "target", "details"])
    for e in reversed(found):
        writer.writerow(
            [
                safe_cell(v)
                for v in (e.id, e.at.isoformat(), e.actor, e.action, e.target, str(e.details))
            ]
        )
    return out.getvalue()


def purge_expired(ctx: AppContext, retention_days: int, *, actor: str) -> int:
    """Remove events older than the retention period (never younger than it); returns the count."""
    authorize(ctx, actor, Action.VIEW_AUDIT)
    cutoff = utcnow() - dt.timedelta(days=max(retention_days, 183))
    with session_scope(ctx.engine) as session:
        result = session.exec(delete(AuditEvent).where(col(AuditEvent.at) < cutoff))
        return int(result.rowcount or 0)
