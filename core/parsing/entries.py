"""Lines of a section grouped into entries (one job, one degree) from the fields each line holds.

A job or a degree is written as a few short header lines (title, company, dates; degree,
school, year) followed by description lines. Header lines are grouped while each brings a field
the entry does not have yet; a field seen again, or a header line after description lines,
starts the next entry. This holds for "Title at Company", dates on the line before or after,
"Company — City" lines, table cells arriving one per line, and two columns read one after the
other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from core.parsing.entry_model import Span
from core.parsing.sections import heading_of

BULLET = re.compile(r"^\s*[•\-*–·▪●◦■♦➢>✓]")
# Short lines ending in a full stop are headers only when the stop ends an abbreviation.
ABBREVIATION_END = re.compile(r"\b(?:ltd|inc|corp|co|llc|pvt|plc|sr|jr|b|m|e|a|s|tech)\.$", re.I)
MAX_HEADER_CHARS = 110


@dataclass
class Line:
    """One non-empty line of a section with the model spans that start on it."""

    text: str
    start: int
    spans: list[Span] = field(default_factory=list)

    @property
    def header(self) -> bool:
        """Whether the line could name a job or a degree (not a bullet or a sentence)."""
        text = self.text.strip()
        if BULLET.match(text) and self.place_only():
            return True  # "Infosys Limited -" then "- Pune, Maharashtra"
        if not text or BULLET.match(text) or len(text) > MAX_HEADER_CHARS:
            return False
        if text[0].islower() and not re.search(r"(?:19|20)\d\d", text):
            return False  # a wrapped sentence; an icon letter may precede dates ("z Oct 2010")
        return heading_of(text) is None and not self.sentence()

    def sentence(self) -> bool:
        """Whether the line reads as prose: mostly lower-case words, or a long line with a stop."""
        words = re.findall(r"[A-Za-z][\w'-]*", self.text)
        lower = sum(word[0].islower() for word in words)
        if len(words) >= 6 and lower > len(words) / 2:
            return True
        text = self.text.strip()
        return text.endswith(".") and len(words) > 6 and not ABBREVIATION_END.search(text)

    def short(self) -> bool:
        """A header line of a few words that is not a label ("Responsibilities:")."""
        return self.header and len(self.text.split()) <= 6 and not self.text.rstrip().endswith(":")

    def place_only(self) -> bool:
        """Whether the line is a place and little else."""
        places = self.spans_of("LOCATION")
        return len(places) == len(self.spans) == 1 and self.covered(places[0]) >= 0.6

    def spans_of(self, label: str) -> list[Span]:
        """The spans of one label on this line."""
        return [span for span in self.spans if span.label == label]

    def covered(self, span: Span) -> float:
        """The share of the line's letters that ``span`` covers."""
        letters = len(re.sub(r"\W", "", self.text))
        return len(re.sub(r"\W", "", span.text)) / letters if letters else 0.0


def worth_reading(text: str) -> bool:
    """Whether a line may hold an entry's fields: a header line, or a short bulleted place."""
    line = Line(text.rstrip("\r\n"), 0)
    if not line.text.strip():
        return False
    if BULLET.match(line.text):
        return len(line.text.split()) <= 6
    return line.header or bool(re.search(r"(?:19|20)\d\d", line.text))


def split_lines(section: str, spans: list[Span]) -> list[Line]:
    """Non-empty lines with their spans (offsets of ``spans`` are into ``section``)."""
    lines: list[Line] = []
    offset = 0
    for raw in section.splitlines(keepends=True):
        if raw.strip():
            end = offset + len(raw)
            lines.append(
                Line(raw.rstrip("\r\n"), offset, [s for s in spans if offset <= s.start < end])
            )
        offset += len(raw)
    return lines


OPEN_END = re.compile(r"\b(?:in|of|and|&)$", re.IGNORECASE)
ORG_TAIL = re.compile(
    r"^(?:\s+(?:school|college|university|hospital|clinic|centre|center|academy|institute|"
    r"inc|ltd|llc|plc|limited|corporation|group|bank))+\b\.?",
    re.IGNORECASE,
)


def mend(lines: list[Line]) -> None:
    """Repair cut spans: "B.E. in" + "Electronics" is one degree, "Oakwood Primary" + "School"."""
    for line in lines:
        spans = sorted(line.spans, key=lambda s: s.start)
        mended: list[Span] = []
        for span in spans:
            last = mended[-1] if mended else None
            gap = line.text[last.end - line.start : span.start - line.start] if last else ""
            if last and last.label == "DEGREE" and OPEN_END.search(last.text) and not gap.strip():
                mended[-1] = Span("DEGREE", last.start, span.end, last.text + gap + span.text)
                continue
            mended.append(span)
        for index, span in enumerate(mended):
            tail = ORG_TAIL.match(line.text[span.end - line.start :])
            if tail and span.label in ("COMPANY", "INSTITUTION"):
                end = span.end + tail.end()
                mended[index] = Span(span.label, span.start, end, span.text + tail.group(0))
        line.spans = mended


def group(lines: list[Line], fields: Callable[[Line], set[str]]) -> list[list[Line]]:
    """Consecutive header lines that complete each other, one group per entry."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    seen: set[str] = set()
    described = False
    before: list[Line] = []  # header lines just before an entry: "President & CEO" / "Yahoo!"
    for line in lines:
        found = fields(line) if line.header else set()
        if not found:
            if current and not described and line.short():
                current.append(line)  # "Figma" under a title: the rules may read it
                continue
            described = described or bool(current)
            before = [*before, line][-2:] if line.header else []
            continue
        if current and (found & seen or described):
            blocks.append(current)
            current, seen = [], set()
        if not current:
            current.extend(before)
        before = []
        current.append(line)
        seen |= found
        described = False
    if current:
        blocks.append(current)
    return blocks


def first(block: list[Line], label: str) -> tuple[Span, Line] | None:
    """The first span of ``label`` in a block, with its line."""
    for line in block:
        for span in line.spans_of(label):
            return span, line
    return None
