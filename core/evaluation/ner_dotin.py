"""Field-level precision/recall/F1 of the parser on the ner_dotin resumes (inline-tagged XML).

Gold values come from the ``<label type="...">`` tags; the parser sees the same text with the tags
removed. A predicted value matches a gold value when, after lower-casing and removing
punctuation, they are equal or one contains the other (at least 3 characters); each gold value
is matched at most once. Scores are micro-averaged over the files.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from core.evaluation.metrics import precision_recall_f1
from core.parsing.parser import parse_text, restore_lines
from core.parsing.profile import Profile
from core.parsing.titles import is_title

LABEL = re.compile(r'<label type="([^"]+)">(.*?)</label>', re.DOTALL)
TAG = re.compile(r"</?label[^>]*>|<\?xml[^>]*\?>|</?cv>")
YEAR = re.compile(r"(19|20)\d{2}")
FIELDS = ("name", "email", "designation", "company", "degree", "college", "graduation_year")


def normalise(value: str) -> str:
    """Lower case, punctuation removed, spaces collapsed."""
    return " ".join(re.sub(r"[^\w@.]+", " ", value.lower()).replace(".", " ").split())


def matches(predicted: str, gold: str) -> bool:
    """Equal, or one contains the other (at least 3 characters)."""
    p, g = normalise(predicted), normalise(gold)
    if not p or not g:
        return False
    return p == g or (min(len(p), len(g)) >= 3 and (p in g or g in p))


@dataclass
class Counts:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: Iterable[str], gold: Iterable[str]) -> None:
        pending = [g for g in dict.fromkeys(gold) if normalise(g)]
        preds = [p for p in dict.fromkeys(predicted) if normalise(p)]
        for p in preds:
            hit = next((g for g in pending if matches(p, g)), None)
            if hit is None:
                self.fp += 1
            else:
                self.tp += 1
                pending.remove(hit)
        self.fn += len(pending)

    def scores(self) -> dict[str, float]:
        return {**precision_recall_f1(self.tp, self.fp, self.fn), "support": self.tp + self.fn}


@dataclass
class Document:
    """One labelled resume: plain text and its gold values per field."""

    text: str
    gold: dict[str, list[str]] = field(default_factory=dict)


def load(path: Path) -> Document:
    """Read one XML file into text and gold values."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    labels: dict[str, list[str]] = {}
    for kind, value in LABEL.findall(raw):
        labels.setdefault(kind, []).append(html.unescape(TAG.sub("", value)).strip())
    years = [m.group(0) for v in labels.get("Graduation Year", []) for m in [_last_year(v)] if m]
    gold = {
        "name": labels.get("Name", [])[:1],
        "email": labels.get("Email Address", []),
        "designation": labels.get("Designation", []),
        "company": labels.get("Companies worked at", []),
        "degree": labels.get("Degree", []),
        "college": labels.get("College Name", []),
        "graduation_year": years,
    }
    return Document(text=html.unescape(TAG.sub("", raw)).strip(), gold=gold)


# The labels a span model learns from the gold tags (the others are skills, places of residence...).
SPAN_LABELS = {
    "Designation": "TITLE",
    "Companies worked at": "COMPANY",
    "Degree": "DEGREE",
    "College Name": "INSTITUTION",
    "Graduation Year": "YEAR",
    "Location": "LOCATION",
}
_PIECE = re.compile(r'<label type="([^"]+)">|</label>|<\?xml[^>]*\?>|</?cv>')


def tagged(path: Path) -> tuple[str, list[tuple[int, int, str]]]:
    """Text as ``parse_text`` sees it (lines restored) and the gold spans of ``SPAN_LABELS``.

    A span broken over lines becomes one span per line, as an entry field lives on one line.
    """
    raw = path.read_text(encoding="utf-8", errors="replace")
    plain: list[str] = []
    size, stack, spans = 0, [], []
    position = 0
    for found in _PIECE.finditer(raw + "<cv>"):
        piece = html.unescape(raw[position : found.start()])
        plain.append(piece)
        size += len(piece)
        position = found.end()
        if found.group(1):
            stack.append((found.group(1), size))
        elif found.group(0) == "</label>" and stack:
            kind, start = stack.pop()
            if kind in SPAN_LABELS:
                spans.append((start, size, SPAN_LABELS[kind]))
    original = "".join(plain).strip()
    offset = len("".join(plain)) - len("".join(plain).lstrip())
    restored = restore_lines(original)
    where = _align(original, restored)
    out: list[tuple[int, int, str]] = []
    for start, end, label in spans:
        mapped = [where[i - offset] for i in range(start, end) if 0 <= i - offset < len(where)]
        mapped = [m for m in mapped if m >= 0]
        if mapped:
            out += _line_spans(restored, mapped[0], mapped[-1] + 1, label)
    return restored, out


def _align(original: str, restored: str) -> list[int]:
    """Index in ``restored`` of each character of ``original`` (-1 for dropped whitespace)."""
    where = [-1] * len(original)
    j = 0
    for i, char in enumerate(original):
        if char.isspace():
            continue
        while j < len(restored) and restored[j].isspace():
            j += 1
        if j < len(restored) and restored[j] == char:
            where[i] = j
            j += 1
    return where


def _line_spans(text: str, start: int, end: int, label: str) -> list[tuple[int, int, str]]:
    out = []
    for found in re.finditer(r"[^\n]+", text[start:end]):
        piece = found.group(0)
        left = len(piece) - len(piece.lstrip(" \t\"'•,.;:-"))
        right = len(piece.rstrip(" \t\"'•,;:-"))
        if right > left:
            out.append((start + found.start() + left, start + found.start() + right, label))
    return out


def _last_year(value: str) -> re.Match[str] | None:
    found = list(YEAR.finditer(value))
    return found[-1] if found else None


def predicted_fields(profile: Profile) -> dict[str, list[str]]:
    """The parser's values in the same shape as the gold ones."""
    titles = [e.title for e in profile.experience if e.title]
    if profile.headline and is_title(profile.headline):
        titles.insert(0, profile.headline)  # a summary sentence used as headline is not a title
    return {
        "name": [profile.name] if profile.name else [],
        "email": [profile.email] if profile.email else [],
        "designation": titles,
        "company": [e.company for e in profile.experience if e.company],
        "degree": [e.degree for e in profile.education if e.degree],
        "college": [e.institution for e in profile.education if e.institution],
        "graduation_year": [str(e.year) for e in profile.education if e.year],
    }


def evaluate(
    folder: Path,
    parse: Callable[[str], Profile] | None = None,
    files: list[Path] | None = None,
) -> dict[str, dict[str, float]]:
    """Micro-averaged scores per field over every XML file in ``folder`` (or over ``files``)."""
    today = dt.date(2019, 6, 1)  # the set was collected around 2018-2019
    parse = parse or (lambda text: parse_text(text, today=today).profile)
    counts = {f: Counts() for f in FIELDS}
    files = sorted(folder.glob("*.xml")) if files is None else files
    for path in files:
        document = load(path)
        predicted = predicted_fields(parse(document.text))
        for name in FIELDS:
            counts[name].add(predicted[name], document.gold[name])
    result = {name: counts[name].scores() for name in FIELDS}
    result["_files"] = {"count": len(files)}
    return result
