"""Date ranges as resumes write them ("Jan 2019 – Present", "03/2017 - 06/2019", "2015 to 2018")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
MONTH = _MONTH
_POINT = (
    rf"(?:{_MONTH}\s*,?\s*(?:19|20)\d{{2}}"
    r"|(?:0?[1-9]|1[0-2])\s*[/.-]\s*(?:19|20)\d{2}"
    r"|(?:19|20)\d{2})"
)
_NOW = r"(?:present|current(?:ly)?|now|till\s+date|to\s+date|date|ongoing|today)"
# Text extracted without spaces glues the two ends together ("Mar.2021Present").
_SEPARATOR = r"(?:\s*(?:-|–|—|to|until|till|through|~)+\s*|(?<=\d)(?=[A-Za-z]))"
RANGE = re.compile(
    rf"(?P<start>{_POINT}){_SEPARATOR}(?P<end>{_POINT}|{_NOW})",
    re.IGNORECASE,
)
# A range broken over two lines: "June 2020 – Developer, OpenAI" then "Present Built ...".
_OPEN_START = re.compile(rf"^(?P<start>{_POINT})\s*[-–—]\s+(?P<rest>\S.*)$", re.IGNORECASE)
_LONE_END = re.compile(rf"^(?P<end>{_POINT}|{_NOW})\b\s*(?P<rest>.*)$", re.IGNORECASE)
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


@dataclass(frozen=True)
class DateRange:
    """A span of months; ``end`` is None for 'present'."""

    start: tuple[int, int]
    end: tuple[int, int] | None
    text: str
    span: tuple[int, int]

    def months(self, today: dt.date) -> int:
        """Length in months, counting both ends."""
        end = self.end or (today.year, today.month)
        return max(0, (end[0] - self.start[0]) * 12 + end[1] - self.start[1] + 1)

    @property
    def start_label(self) -> str:
        """``YYYY-MM``."""
        return f"{self.start[0]:04d}-{self.start[1]:02d}"

    @property
    def end_label(self) -> str:
        """``YYYY-MM`` or ``present``."""
        return "present" if self.end is None else f"{self.end[0]:04d}-{self.end[1]:02d}"


def parse_point(text: str, *, is_end: bool) -> tuple[int, int] | None:
    """(year, month) of one date; a bare year is January for a start and December for an end."""
    text = text.strip().lower().rstrip(".")
    year_match = YEAR.search(text) or re.search(r"(19|20)\d{2}", text)
    if not year_match:
        return None
    year = int(year_match.group(0))
    month_name = re.match(r"[a-z]+", text)
    if month_name and month_name.group(0)[:4] in MONTHS:
        return year, MONTHS[month_name.group(0)[:4]]
    if month_name and month_name.group(0)[:3] in MONTHS:
        return year, MONTHS[month_name.group(0)[:3]]
    numeric = re.match(r"(\d{1,2})\s*[/.-]", text)
    if numeric:
        return year, int(numeric.group(1))
    return year, 12 if is_end else 1


def find_ranges(text: str, today: dt.date | None = None) -> list[DateRange]:
    """Every plausible date range in ``text``, in order."""
    today = today or dt.date.today()
    found = []
    for match in RANGE.finditer(text):
        start = parse_point(match["start"], is_end=False)
        end_text = match["end"]
        end = parse_point(end_text, is_end=True) if re.search(r"\d", end_text) else None
        if start is None or start > (today.year, today.month):
            continue
        if end is not None and (end < start or end[0] - start[0] > 50):
            continue
        found.append(DateRange(start, end, match.group(0), match.span()))
    return found


def join_split_ranges(text: str) -> str:
    """Put a range whose end went to the next line back on one line (two-column layouts)."""
    lines = text.split("\n")
    for index in range(len(lines) - 1):
        opened = _OPEN_START.match(lines[index].strip())
        closed = _LONE_END.match(lines[index + 1].strip()) if opened else None
        if opened and closed and not RANGE.search(lines[index]):
            lines[index] = f"{opened['rest']} | {opened['start']} – {closed['end']}"
            lines[index + 1] = closed["rest"]
    return "\n".join(lines)


def total_months(ranges: list[DateRange], today: dt.date) -> int:
    """Months covered by the union of ranges (overlapping jobs are not double counted)."""
    spans = sorted(
        (
            r.start[0] * 12 + r.start[1],
            (r.end or (today.year, today.month))[0] * 12 + (r.end or (today.year, today.month))[1],
        )
        for r in ranges
    )
    total, current_start, current_end = 0, None, None
    for start, end in spans:
        if current_end is None or start > current_end + 1:
            if current_end is not None and current_start is not None:
                total += current_end - current_start + 1
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None and current_start is not None:
        total += current_end - current_start + 1
    return total
