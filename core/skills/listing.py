"""Skills a candidate lists: the blocks under skills-like headings, split into clean items.

What a candidate writes under a skills, competencies, certifications, licences or languages
heading is a skill (open vocabulary). A block ends at the next heading of another section or at a
dated entry. Items are split on commas, semicolons, pipes, bullets, tabs (table cells) and line
breaks; two columns flattened into one line ("Team leadership General ledger accounting") are
split where known skills or a lower-to-upper-case step separate them. The labels of entries laid
out as a label cell and a sentence (accomplishment tables) count as listed too. Sentences are left
to the taxonomy matcher; each item is cleaned and noise dropped (see ``core.skills.cleaning``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import pairwise

from spacy.lang.en.stop_words import STOP_WORDS

from core.parsing.sections import heading_of
from core.skills.cleaning import HEADING, KEYWORDS, YEARISH, clean, is_noise, without_version

Lookup = Callable[[str], str | None]
INLINE = re.compile(
    rf"^\s*(?P<label>(?:[A-Za-z][A-Za-z &/\-]{{0,40}}?\s)?(?:{KEYWORDS}))[ ]*"
    r"(?:[:\t]|[-–]\s|\binclude[sd]?\b)\s*(?P<rest>\S.*)$",
    re.I,
)
LIST_SECTIONS = {"skills", "certifications", "languages"}
WEAK_KEYWORDS = {"knowledge", "software", "tools", "technologies", "languages", "abilities"}
SEPARATORS = re.compile(
    r"\s*(?:[,;|•·▪●◦■►✓❖\t]|(?:^|\s)\*|\s[-–—]\s|(?<=[A-Za-z]{4})[–—-]\s|\s{2,}|\n)\s*"
)
ENDS = re.compile(
    r"^(?:[A-Za-z]+ ){0,3}(?:associations?|affiliations?|memberships?|accomplishments|achievements|"
    r"awards|honou?rs|experience|employment|education|references|interests|activities|projects|"
    r"publications|volunteer\w*|summary|profile|objective|information|history)$",
    re.I,
)
# a short Title Case label in a table cell: the cell's trailing no-break space, as read from PDF
LABEL_CELL = re.compile(r"^\s*(?P<label>[A-Z][\w&/-]*(?: [A-Za-z][\w&/-]*){0,3}) (?:Â|\u00a0)\s*$")
DANGLING = {"and", "&", "of", "in", "with", "for", "to"}
BULLETS = ("•", "-", "*", "·")


def _known_spans(words: list[str], lookup: Lookup) -> list[str] | None:
    """ "DBA Quick Books MAS Microsoft Excel" -> known skills and the runs between them, when
    known skills cover most of the words."""
    parts: list[str] = []
    pending: list[str] = []
    covered, i = 0, 0
    while i < len(words):
        sizes = range(min(5, len(words) - i), 0, -1)
        size = next((n for n in sizes if lookup(" ".join(words[i : i + n]))), 0)
        if size:
            parts += [" ".join(pending)] if pending else []
            parts.append(" ".join(words[i : i + size]))
            pending, covered, i = [], covered + size, i + size
        else:
            pending.append(words[i])
            i += 1
    parts += [" ".join(pending)] if pending else []
    return parts if len(parts) > 1 and covered * 5 >= len(words) * 3 else None


def _columns(item: str, lookup: Lookup) -> list[str]:
    """Split two columns flattened into one line, where a known skill or a case step says so."""
    words = item.split()
    if lookup(item) or (len(words) < 2 and "/" not in item):
        return [item]
    both = re.split(r"\s+(?:and|&)\s+", item)
    if len(both) == 2 and all(lookup(b) for b in both):
        return both  # "English and Spanish"
    slashed = item.split("/")
    if len(slashed) > 1 and sum(lookup(p.strip()) is not None for p in slashed) >= 2:
        return [p.strip() for p in slashed]  # "MS Word/PowerPoint/Excel"
    if len(words) < 3:
        return [item]
    if spans := _known_spans(words, lookup):
        return spans
    for j in range(1, len(words)):
        if not words[j][:1].isupper():
            continue
        left, right = " ".join(words[:j]), " ".join(words[j:])
        step = words[j - 1][:1].islower() and words[j - 1].lower() not in STOP_WORDS
        if step or lookup(left) or (lookup(right) and j >= 2):
            return [left, *_columns(right, lookup)]
    return [item]


def _join_wrapped(lines: list[str]) -> list[str]:
    """Join a list line wrapped onto the next one ("Web Design and" / "Programming")."""
    joined: list[str] = []
    for line in lines:
        last = joined[-1].rstrip() if joined else ""
        wrapped = len(last) >= 70 and last.count(",") >= 2 and not last.endswith((",", ";", "."))
        lower = line.lstrip()[:1].islower()
        dangling = bool(last) and last.split()[-1].lower() in DANGLING
        continued = bool(last) and (dangling or (lower and ("," in last or len(line.split()) <= 3)))
        if (wrapped or continued) and not line.lstrip().startswith(BULLETS):
            joined[-1] = last + " " + line.strip()
        else:
            joined.append(line)
    return joined


def _pieces(raw: str, lookup: Lookup) -> Iterator[str]:
    """The clean items of one separated piece ("Cameras: 35 mm", "Catia V5 Solidworks")."""
    label, colon, value = raw.partition(":")
    if colon and value.strip() and len(label.split()) <= 3:
        raw = f"{label}, {value}" if lookup(label.strip()) else value
    for chunk in raw.split(", "):
        for part in _columns(clean(chunk), lookup):
            for item in _columns(clean(part), lookup):
                item = clean(item)
                known = lookup(item) or lookup(without_version(item))
                if not is_noise(item, known is not None):
                    yield item


def split_items(block: str, lookup: Lookup) -> list[str]:
    """Clean items of one block of listed skills."""
    # "(Texas)": a one-word aside the taxonomy does not know is a place or a note, not a skill
    block = re.sub(r"\(\s*([A-Z][a-z]+)\s*\)", lambda m: f", {m[1]}" if lookup(m[1]) else "", block)
    block = re.sub(r"[()\[\]]", ",", block)
    items: list[str] = []
    for line in _join_wrapped([line for line in block.splitlines() if line.strip()]):
        inline = INLINE.match(line)
        if inline:
            line = inline["rest"]
        if _is_prose(line):
            continue  # sentences: their skills are found by the taxonomy matcher
        for raw in SEPARATORS.split(line):
            items.extend(_pieces(raw, lookup))
    return items


def _is_prose(line: str) -> bool:
    """A sentence rather than a list: long, with few separators, or in the first person."""
    words = line.split()
    separators = len(re.findall(r"[,;|•·\t]", line))
    first_person = bool(words) and words[0].lower() in {"i", "am", "my", "have", "i'm"}
    return first_person or (len(words) >= 8 and separators * 4 < len(words))


def _is_list_heading(line: str, lookup: Lookup) -> bool:
    stripped = line.strip().strip(":").strip()
    if not stripped[:1].isupper() or stripped.endswith((".", ",")):
        return False  # "training." is the end of a wrapped sentence
    if heading_of(stripped) in LIST_SECTIONS:
        return True
    words = stripped.split()
    if not 1 <= len(words) <= 4 or not HEADING.match(stripped):
        return False
    if words[-1].lower() in WEAK_KEYWORDS and len(words) > 2:
        return False  # "AutoCAD Software Knowledge" is an item
    return len(words) == 1 or not lookup(" ".join(words[:-1]))


def _ends_block(line: str, lookup: Lookup) -> bool:
    stripped = line.strip().strip(":").strip()
    if ENDS.match(stripped) and not lookup(stripped):
        return True
    if YEARISH.search(stripped) and len(stripped.split()) <= 6:
        return True  # "September 2007": a dated entry, so the list is over
    name = heading_of(stripped)
    if name is None or name in LIST_SECTIONS:
        return False
    # a line such as "Research" or "Project Management" is a skill, not a new section
    return lookup(stripped) is None or stripped.isupper() or line.rstrip().endswith(":")


def skill_blocks(text: str, lookup: Lookup) -> Iterator[str]:
    """The blocks of text listed under skills-like headings, and inline "Skills: ..." lines."""
    current: list[str] | None = None
    for line in text.splitlines():
        if _is_list_heading(line, lookup):
            if current:
                yield "\n".join(current)
            current = []
            continue
        if current is not None and _ends_block(line, lookup):
            yield "\n".join(current)
            current = None
        inline = INLINE.match(line) if current is None else None
        if inline and heading_of(inline["label"]) in LIST_SECTIONS:
            current = [line]  # "Skills<tab>Python<tab>SQL": a table row opens a list
        elif current is not None:
            current.append(line)
        elif inline:
            yield line
    if current:
        yield "\n".join(current)


def labelled_entries(text: str) -> Iterator[str]:
    """Skill labels of entries laid out as a label cell and a sentence ("Scheduling\u00a0" then
    "Facilitated onboarding of new employees ..."), as accomplishment tables are."""
    lines = text.splitlines()
    for line, after in pairwise(lines):
        label = LABEL_CELL.match(line)
        if label and len(after.split()) >= 5 and after.lstrip()[:1].isupper():
            yield label["label"]


def listed_skills(text: str, lookup: Lookup) -> list[str]:
    """Every item listed under a skills-like heading, cleaned, in order of appearance."""
    items = [item for block in skill_blocks(text, lookup) for item in split_items(block, lookup)]
    labels = [clean(label) for label in labelled_entries(text)]
    return items + [label for label in labels if not is_noise(label, lookup(label) is not None)]
