"""Labelled (requirement, resume line) pairs, resolved against the public resumes they cite.

``data/requirement_pairs.jsonl`` holds the requirement, its kind, the label and the split, and for
the resume only its path under ``../shared/data`` and the SHA-256 of the line: the resumes' text
is not ours to redistribute, so each line is looked up again in the resume's own text
(pdfplumber's, or a ner_dotin file's with its tags removed).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PAIRS = Path(__file__).parent / "data" / "requirement_pairs.jsonl"
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Pair:
    """One labelled pair."""

    id: str
    requirement: str
    kind: str
    line: str
    met: bool
    split: str


def line_digest(line: str) -> str:
    """The digest a pair stores for its line (whitespace-trimmed, at most 300 characters)."""
    return hashlib.sha256(line.strip()[:300].encode("utf-8")).hexdigest()


@lru_cache(maxsize=256)
def resume_lines(path: Path) -> tuple[str, ...]:
    """The lines of one public resume, as the labels were made from."""
    if path.suffix == ".xml":
        text = TAG.sub("", path.read_text(encoding="utf-8", errors="replace"))
    else:
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def load_pairs(shared: Path) -> Iterator[Pair]:
    """Every pair whose resume line is found again (pairs whose source is absent are skipped)."""
    for raw in PAIRS.read_text(encoding="utf-8").splitlines():
        row = json.loads(raw)
        path = shared / row["resume"]
        if not path.is_file():
            continue
        line = next((x for x in resume_lines(path) if line_digest(x) == row["line_sha256"]), None)
        if line is None:
            continue
        yield Pair(
            row["id"], row["requirement"], row["kind"], line, row["label"] == "met", row["split"]
        )
