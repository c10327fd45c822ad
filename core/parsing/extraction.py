"""The result of text extraction, shared by the format readers and the sandbox.

Invisible format characters (zero-width space and joiners, word joiner, BOM, soft hyphen,
bidirectional marks, fillers, variation selectors, tag characters) are removed from every text.
They are common leftovers of web editors and never a reason to accuse anyone on their own. They
are reported as hidden only when they hide words from a reader: a run of ``HIDING_RUN`` or more
in a row (enough to encode a few letters in the binary schemes of zero-width steganography), or
``HIDING_TAGS`` or more Unicode tag characters (which spell ASCII invisibly) outside an emoji flag.
Zero-width characters inside a visible word ("Py\\u200bthon") hide nothing from a reader: once they
are removed, the reader and the profile see the same word.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f"
)
INVISIBLE_RUN = re.compile(f"[{INVISIBLE}]+")
TAG = re.compile("[\U000e0020-\U000e007e]")
HIDING_RUN = 16
HIDING_TAGS = 3
ZERO_WIDTH_REASON = "zero-width characters hiding words"
BLACK_FLAG = "\U0001f3f4"
MIN_HIDDEN_CHARS = 3
MAX_SPANS = 500
MAX_SPAN_CHARS = 5000


@dataclass
class Extraction:
    """Visible text of a document, plus what was hidden from a human reader.

    Attributes:
        text: Text a person sees; the only text used for the profile and for scoring.
        pages: Number of pages (1 for DOCX and TXT).
        hidden_text: Text that was present but invisible (excluded from ``text``).
        hidden_reasons: Why text was judged hidden, e.g. ``"same colour as the background"``.
        hidden_spans: Each hidden run of text: ``{"text": str, "reason": str, "page": int}``, so
            a recruiter can check every flag.
        ocr: Whether the text was read by OCR from page images.
        page_chars: Visible non-space characters per page (PDF only): a page with few may be
            an image of text and is checked for OCR.
    """

    text: str
    pages: int = 1
    hidden_text: str = ""
    hidden_reasons: list[str] = field(default_factory=list)
    hidden_spans: list[dict[str, Any]] = field(default_factory=list)
    ocr: bool = False
    page_chars: list[int] = field(default_factory=list)


def span(text: str, reason: str, page: int = 1) -> dict[str, Any]:
    """One entry of ``Extraction.hidden_spans``."""
    return {"text": text, "reason": reason, "page": page}


def _describe(run: str) -> str:
    """What an invisible run holds, in characters a person can read."""
    tags = "".join(chr(ord(c) - 0xE0000) for c in run if TAG.fullmatch(c))
    if len(tags) >= HIDING_TAGS:
        return tags
    codes = " ".join(f"U+{ord(c):04X}" for c in run[:8])
    return f"{len(run)} invisible characters ({codes}{' …' if len(run) > 8 else ''})"


def _hides_words(run: str, before: str) -> bool:
    tags = len(TAG.findall(run))
    if tags >= HIDING_TAGS and not before.endswith(BLACK_FLAG):
        return True
    return len(run) >= HIDING_RUN


def strip_invisible(text: str, page: int = 1) -> tuple[str, list[dict[str, Any]]]:
    """Text without invisible format characters, and the runs of them that hide words."""
    spans = [
        span(_describe(m.group()), ZERO_WIDTH_REASON, page)
        for m in INVISIBLE_RUN.finditer(text)
        if _hides_words(m.group(), text[max(0, m.start() - 1) : m.start()])
    ]
    return INVISIBLE_RUN.sub("", text), spans


def finish(
    text: str, pages: int, spans: list[dict[str, Any]], page_chars: list[int] | None = None
) -> Extraction:
    """An extraction whose joined hidden text and distinct reasons come from its spans.

    A hidden run with fewer than ``MIN_HIDDEN_CHARS`` letters or digits (a stray initial, a
    bullet, a monogram whose badge did not print) stays out of the text but is not reported: it
    cannot carry a keyword worth hiding, and reporting it would accuse a candidate of nothing.
    """
    spans = [s for s in spans if sum(c.isalnum() for c in s["text"]) >= MIN_HIDDEN_CHARS]
    spans = [{**s, "text": s["text"][:MAX_SPAN_CHARS]} for s in spans[:MAX_SPANS]]
    reasons = sorted({s["reason"] for s in spans})
    hidden = "\n".join(s["text"] for s in spans)
    return Extraction(
        text=text,
        pages=pages,
        hidden_text=hidden,
        hidden_reasons=reasons,
        hidden_spans=spans,
        page_chars=page_chars or [],
    )


def reading_budget(max_chars: int | None) -> int | None:
    """How many characters a reader accumulates before it stops: twice what is kept, so that
    removing invisible characters and line-ending pairs still leaves enough (None: no cap)."""
    return None if max_chars is None else 2 * (max_chars + 1)


def capped(result: Extraction, max_chars: int | None) -> Extraction:
    """An extraction with at most ``max_chars`` + 1 characters of text: one more than the
    parser keeps, so that it still sees, and says, that the text was cut."""
    if max_chars is None or len(result.text) <= max_chars + 1:
        return result
    return dataclasses.replace(result, text=result.text[: max_chars + 1])
