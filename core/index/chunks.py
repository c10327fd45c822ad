"""Resume sections -> chunks the embedding model can read whole (at most 256 word pieces).

A resume is embedded as at most ``MAX_CHUNKS`` chunks, in section order: about 15,000 word
pieces, some 60,000 characters of English, more than a long CV holds. So whatever one upload
holds, the next ranking embeds at most that many chunks per file (the text stored per resume is
capped too, by ``TALENTFLOW_MAX_TEXT_CHARS``); lexical scoring still reads the whole text kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from core.embeddings import MAX_TOKENS

SKIPPED_SECTIONS = {"references", "interests", "links"}
BUDGET = MAX_TOKENS - 16  # head-room for special tokens and tokenizer differences
MAX_CHUNKS = 64


@dataclass(frozen=True)
class Chunk:
    """A piece of one section."""

    section: str
    position: int
    text: str


def _split_long(line: str, count: Callable[[str], int]) -> Iterator[str]:
    """A line over the budget in pieces, made as they are asked for (a huge line is only cut
    as far as ``MAX_CHUNKS`` needs)."""
    current: list[str] = []
    for word in line.split():
        if current and count(" ".join([*current, word])) > BUDGET:
            yield " ".join(current)
            current = []
        current.append(word)
    if current:
        yield " ".join(current)


def chunk_sections(sections: dict[str, str], count: Callable[[str], int]) -> list[Chunk]:
    """Chunks in section order, at most ``MAX_CHUNKS`` (the rest is not read); lines are packed
    together until the token budget is reached."""
    chunks: list[Chunk] = []
    for section, body in sections.items():
        if section in SKIPPED_SECTIONS or not body.strip():
            continue
        current: list[str] = []
        for line in _lines(body, count):
            if current and count("\n".join([*current, line])) > BUDGET:
                chunks.append(Chunk(section, len(chunks), "\n".join(current)))
                current = []
                if len(chunks) == MAX_CHUNKS:
                    return chunks
            current.append(line)
        if current:
            chunks.append(Chunk(section, len(chunks), "\n".join(current)))
            if len(chunks) == MAX_CHUNKS:
                return chunks
    return chunks


def _lines(body: str, count: Callable[[str], int]) -> Iterator[str]:
    """A section's non-blank lines, those over the token budget split into pieces."""
    for line in body.splitlines():
        if line.strip():
            yield from _split_long(line.strip(), count) if count(line) > BUDGET else [line.strip()]
