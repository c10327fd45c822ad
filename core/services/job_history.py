"""What changed between two revisions of a job, as sentences a recruiter reads on the Jobs page:
"Minimum years: 3 → 5", "Must have: added Kafka; removed Java"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.scoring.model import COMPONENT_LABELS
from core.store.public import JobRevisionPublic

# the editable requirement fields, in the order the form shows them
LIST_FIELDS = {"must_have": "Must have", "nice_to_have": "Nice to have"}
VALUE_FIELDS = {"min_years": "Minimum years", "degree": "Degree", "location": "Location"}
DEGREES = {"bachelor": "bachelor's", "master": "master's", "phd": "PhD"}
NOTHING = "none"


def _shown(field: str, value: Any) -> str:
    if value is None or value == "":
        return NOTHING
    if field == "degree":
        return DEGREES.get(str(value), str(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _list_change(label: str, before: list[str], after: list[str]) -> str | None:
    added = [s for s in after if s not in before]
    removed = [s for s in before if s not in after]
    parts = [f"added {', '.join(added)}"] if added else []
    parts += [f"removed {', '.join(removed)}"] if removed else []
    return f"{label}: {'; '.join(parts)}" if parts else None


def _weight_changes(before: Mapping[str, float], after: Mapping[str, float]) -> list[str]:
    changed = [k for k in sorted({*before, *after}) if before.get(k) != after.get(k)]
    if not changed:
        return []
    return [
        "Weights: "
        + "; ".join(
            f"{COMPONENT_LABELS.get(k, k.replace('_', ' ')).lower()} "
            f"{_weight(before.get(k))} → {_weight(after.get(k))}"
            for k in changed
        )
    ]


def _weight(value: float | None) -> str:
    return NOTHING if value is None else f"{value:.2f}"


def describe_changes(older: JobRevisionPublic, newer: JobRevisionPublic) -> list[str]:
    """One sentence per changed field of a job, from ``older`` to ``newer``.

    Title, status, the requirement fields a recruiter edits and the weights each get a line;
    a changed description gets one line saying so (the text itself is long). Two revisions
    that differ in nothing give an empty list.
    """
    lines = []
    if older.title != newer.title:
        lines.append(f"Title: {older.title} → {newer.title}")
    if older.status != newer.status:
        lines.append(f"Status: {older.status} → {newer.status}")
    before, after = older.requirements or {}, newer.requirements or {}
    for field, label in LIST_FIELDS.items():
        change = _list_change(label, list(before.get(field) or []), list(after.get(field) or []))
        if change:
            lines.append(change)
    for field, label in VALUE_FIELDS.items():
        old, new = _shown(field, before.get(field)), _shown(field, after.get(field))
        if old != new:
            lines.append(f"{label}: {old} → {new}")
    if older.description.strip() != newer.description.strip():
        lines.append("Description: edited")
    lines += _weight_changes(older.weights or {}, newer.weights or {})
    return lines
