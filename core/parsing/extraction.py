"""The result of text extraction, shared by the format readers and the sandbox."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u180e]")


@dataclass
class Extraction:
    """Visible text of a document, plus what was hidden from a human reader.

    Attributes:
        text: Text a person sees; the only text used for the profile and for scoring.
        pages: Number of pages (1 for DOCX and TXT).
        hidden_text: Text that was present but invisible (excluded from ``text``).
        hidden_reasons: Why text was judged hidden, e.g. ``"white or near-white text"``.
        hidden_spans: Each hidden run of text: ``{"text": str, "reason": str, "page": int}``, so
            a recruiter can check every flag.
        ocr: Whether the text was read by OCR from page images.
    """

    text: str
    pages: int = 1
    hidden_text: str = ""
    hidden_reasons: list[str] = field(default_factory=list)
    hidden_spans: list[dict[str, Any]] = field(default_factory=list)
    ocr: bool = False


def strip_zero_width(text: str, reasons: list[str]) -> str:
    """Remove zero-width characters, recording the fact in ``reasons``."""
    cleaned, count = ZERO_WIDTH.subn("", text)
    if count:
        reasons.append(f"{count} zero-width characters")
    return cleaned
