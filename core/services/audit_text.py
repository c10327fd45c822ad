"""Audit events in words for the Audit log page: an action reads "Added to shortlist" and its
details "score 0.82 · format CSV". The CSV export keeps the stored values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ACTIONS = {
    "login": "Signed in",
    "login.sso": "Signed in with single sign-on",
    "login.failed": "Sign-in failed",
    "login.locked": "Sign-in refused: account locked",
    "login.throttled": "Sign-in refused: too many attempts",
    "logout": "Signed out",
    "upload": "Uploaded resumes",
    "upload.received": "Resumes received",
    "candidate.correct": "Corrected a profile field",
    "job.create": "Created a job",
    "job.edit": "Edited a job",
    "job.close": "Closed a job",
    "job.reopen": "Reopened a job",
    "job.assign": "Assigned hiring managers",
    "job.blind": "Changed blind review",
    "shortlist.add": "Added to shortlist",
    "shortlist.remove": "Removed from shortlist",
    "review.decision": "Reviewed a candidate",
    "pipeline.move": "Moved to another stage",
    "pipeline.stages": "Changed a job's stages",
    "note.add": "Added a note",
    "note.delete": "Deleted a note",
    "tag.add": "Added a tag",
    "tag.remove": "Removed a tag",
    "export": "Exported",
    "person.export": "Exported a person's data",
    "person.erase": "Erased a person",
    "retention.apply": "Erased inactive candidates",
    "user.create": "Created an account",
    "user.role": "Changed an account's role",
    "user.activate": "Reactivated an account",
    "user.deactivate": "Deactivated an account",
    "user.password_reset": "Reset a password",
    "model.register": "Registered a scoring version",
    "model.train": "Trained a scoring version",
    "model.challenger": "Set the challenger",
    "model.promote": "Promoted a scoring version",
    "model.rollback": "Rolled back the champion",
    "drift.alert": "Drift alert raised",
    "drift.acknowledge": "Acknowledged a drift alert",
    "drift.thresholds": "Changed the drift thresholds",
    "bias.self_id": "Recorded a self-identification",
    "bias.import": "Imported self-identification",
    "bias.audit": "Ran a bias audit",
    "audit.export": "Exported the audit log",
}
KEYS = {
    "email_hash": "e-mail fingerprint",
    "model": "scoring version",
    "previous": "previous version",
    "config": "configuration",
    "pairs": "training pairs",
    "index_points": "index entries",
    "erased_candidates": "candidates erased",
    "trained_versions": "versions trained on them",
    "kl": "KL divergence",
    "psi": "PSI",
    "centroid": "centroid shift",
}
WORDS = {
    "csv": "CSV",
    "xlsx": "Excel",
    "builtin": "built-in default",
    "hiring_manager": "hiring manager",
}


def words(code: str) -> str:
    """An internal name in words: ``password_reset`` -> ``password reset``."""
    return code.replace("_", " ").replace(".", " ").replace(":", " ").strip()


def action_label(action: str) -> str:
    """What an audit action means ("shortlist.add" -> "Added to shortlist").

    An action this table does not know reads as its words ("report.print" -> "Report print").
    """
    return ACTIONS.get(action) or words(action).capitalize()


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value) or "none"
    if isinstance(value, Mapping):
        return ", ".join(f"{words(str(k))} {_value(v)}" for k, v in value.items())
    return WORDS.get(str(value), str(value))


def details_text(details: Mapping[str, Any] | None) -> str:
    """An event's details as one line of words: ``score 0.82 · format CSV``; empty values are
    left out."""
    return " · ".join(
        f"{KEYS.get(key, words(key))} {_value(value)}"
        for key, value in (details or {}).items()
        if value is not None and value != ""
    )
