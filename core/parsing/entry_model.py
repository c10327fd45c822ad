"""The trained entry span model: titles, companies, places, degrees, institutions and years.

A small spaCy NER trained on the ner_dotin training split (``core/parsing/train_entries.py``),
shipped in ``core/parsing/models/entries`` and loaded from disk only (never downloaded).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

MODEL_DIR = Path(__file__).parent / "models" / "entries"


@dataclass(frozen=True)
class Span:
    """A labelled stretch of text: TITLE, COMPANY, LOCATION, DEGREE, INSTITUTION or YEAR."""

    label: str
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def get_model() -> Language | None:
    """The shipped model, or None when it is absent (the rules then work alone)."""
    if not (MODEL_DIR / "config.cfg").is_file():
        return None
    return spacy.load(MODEL_DIR)


def find_spans(texts: list[str], keep: Callable[[str], bool] | None = None) -> list[list[Span]]:
    """The model's spans in each text (character offsets into that text).

    ``keep`` chooses the lines the model reads (the others cannot hold an entry's fields and
    are most of the text): the model's context is a few words, so leaving them out changes
    little but the time.
    """
    model = get_model()
    if model is None:
        return [[] for _ in texts]
    reduced = [_kept(text, keep) for text in texts]
    docs = model.pipe(piece for piece, _ in reduced)
    return [
        [_span(e.label_, e.start_char, e.end_char, e.text, segments) for e in doc.ents]
        for doc, (_, segments) in zip(docs, reduced, strict=True)
    ]


def _kept(text: str, keep: Callable[[str], bool] | None) -> tuple[str, list[tuple[int, int]]]:
    """The kept lines joined, and (offset in the joined text, offset in ``text``) per line."""
    if keep is None:
        return text, [(0, 0)]
    pieces: list[str] = []
    segments: list[tuple[int, int]] = []
    size = position = 0
    for line in text.splitlines(keepends=True):
        if keep(line):
            segments.append((size, position))
            pieces.append(line)
            size += len(line)
        position += len(line)
    return "".join(pieces), segments or [(0, 0)]


def _span(label: str, start: int, end: int, text: str, segments: list[tuple[int, int]]) -> Span:
    """A span moved from the joined kept lines back to the original text."""
    index = max(bisect_right(segments, (start, float("inf"))) - 1, 0)
    shift = segments[index][1] - segments[index][0]
    return Span(label, start + shift, end + shift, text)
