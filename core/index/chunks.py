"""Resume sections -> chunks the embedding model can read whole (at most 256 word pieces)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.embeddings import MAX_TOKENS

SKIPPED_SECTIONS = {"references", "interests", "links"}
BUDGET = MAX_TOKENS - 16  # head-room for special tokens and tokenizer differences


@dataclass(frozen=True)
class Chunk:
    """A piece of one section."""

    section: str
    position: int
    text: str


def _split_long(line: str, count: Callable[[str], int]) -> list[str]:
    words = line.split()
    parts: list[str] = []
    current: list[str] = []
    for word in words:
        if current and count(" ".join([*current, word])) > BUDGET:
            parts.append(" ".join(current))
            current = []
        current.append(word)
    if current:
        parts.append(" ".join(current))
    return parts


def chunk_sections(sections: dict[str, str], count: Callable[[str], int]) -> list[Chunk]:
    """Chunks in section order; lines are packed together until the token budget is reached."""
    chunks: list[Chunk] = []
    for section, body in sections.items():
        if section in SKIPPED_SECTIONS or not body.strip():
            continue
        current: list[str] = []
        lines = [
            piece
            for line in body.splitlines()
            if line.strip()
            for piece in (
                _split_long(line.strip(), count) if count(line) > BUDGET else [line.strip()]
            )
        ]
        for line in lines:
            if current and count("\n".join([*current, line])) > BUDGET:
                chunks.append(Chunk(section, len(chunks), "\n".join(current)))
                current = []
            current.append(line)
        if current:
            chunks.append(Chunk(section, len(chunks), "\n".join(current)))
    return chunks
