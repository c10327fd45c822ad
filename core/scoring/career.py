"""What scoring reads of a profile's career: each role with its length, the highest degree."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from core.scoring.atomic import DEGREE_LEVELS, DEGREES

POINT = re.compile(r"^(?P<y>(?:19|20)\d{2})(?:-(?P<m>\d{2}))?$")


def _month(value: str | None, today: dt.date) -> tuple[int, int] | None:
    if not value:
        return None
    if value.strip().lower() in {"present", "current", "now"}:
        return today.year, today.month
    match = POINT.match(value.strip())
    if match is None:
        return None
    return int(match.group("y")), int(match.group("m") or 1)


def role_years(entry: Mapping[str, Any], today: dt.date | None = None) -> float | None:
    """Years in one experience entry, from its dates (None when they are missing)."""
    today = today or dt.date.today()
    start, end = _month(entry.get("start"), today), _month(entry.get("end"), today)
    if start is None or end is None or end < start:
        return None
    return round(((end[0] - start[0]) * 12 + end[1] - start[1] + 1) / 12, 2)


def roles(
    profile: Mapping[str, Any], today: dt.date | None = None
) -> list[tuple[str, float | None]]:
    """(title, years) of every titled experience entry, and the headline (no years)."""
    out = [
        (str(entry["title"]), role_years(entry, today))
        for entry in profile.get("experience") or []
        if isinstance(entry, Mapping) and entry.get("title")
    ]
    if profile.get("headline"):
        out.append((str(profile["headline"])[:200], None))
    return out


def degree_level(degrees: Iterable[str | None]) -> int | None:
    """The highest level (associate 1 ... phd 4) among degree names; None when none is known."""
    levels = [
        DEGREE_LEVELS[name]
        for degree in degrees
        if degree
        for name, pattern in DEGREES
        if pattern.search(degree)
    ]
    return max(levels) if levels else None


def profile_degree_level(profile: Mapping[str, Any]) -> int | None:
    """The highest degree level of a profile's education entries."""
    return degree_level(
        str(e.get("degree")) for e in profile.get("education") or [] if isinstance(e, Mapping)
    )
