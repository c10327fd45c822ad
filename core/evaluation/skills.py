"""Skills extraction across professions: precision and recall against hand-annotated resumes.

The annotations (``data/skills_annotations.json``) hold resume ids from ``resumes_by_category``
(internal evaluation only, so no resume text), the profession, the tune or held-out half (fixed
before tuning) and the skills a recruiter would list for the candidate. The parser reads the PDF
text and its profile's skills are compared with them.

Matching rule: a predicted skill matches a gold skill when, after lower-casing, turning "&" into
"and", removing punctuation and a plural "s" at the end of each word, (1) they are equal, also
with spaces removed ("Smartboard", "SMART Board"), or (2) the taxonomy maps both to the same
skill ("Team player" and "Teamwork", "CPR certified" and "CPR"), or (3) one is a contiguous run
of the other's words covering at least half of the longer one ("Excel" in "Microsoft Excel").
Each gold skill matches at most one prediction; figures are micro-averaged over resumes.

Run ``python -m core.evaluation.skills [--split heldout|tune|all]``.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.evaluation.metrics import precision_recall_f1

ANNOTATIONS = Path(__file__).parent / "data" / "skills_annotations.json"
DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "resumes_by_category"


def normalise(skill: str) -> str:
    """Lower case, "&" as "and", punctuation and plural endings removed, spaces collapsed."""
    text = skill.lower().replace("&", " and ")
    words = re.sub(r"[^\w+#]+", " ", text).split()
    return " ".join(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words
    )


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def matches(predicted: str, gold: str, lookup: Any = None) -> bool:
    """Whether a predicted skill matches a gold one (see the module docstring for the rule)."""
    p, g = normalise(predicted), normalise(gold)
    if not p or not g:
        return False
    if p == g or p.replace(" ", "") == g.replace(" ", ""):
        return True
    if lookup is not None:
        skill = lookup(predicted) or lookup(p)
        if skill is not None and skill == (lookup(gold) or lookup(g)):
            return True
    pw, gw = p.split(), g.split()
    longer, shorter = (pw, gw) if len(pw) >= len(gw) else (gw, pw)
    return 2 * len(shorter) >= len(longer) and _contains(longer, shorter)


@dataclass
class Counts:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: Iterable[str], gold: Iterable[str], lookup: Any = None) -> None:
        """Match one resume's predictions with its gold skills, one to one."""
        pending = list(dict.fromkeys(gold))
        for p in dict.fromkeys(predicted):
            hit = next((g for g in pending if normalise(p) == normalise(g)), None)
            hit = hit or next((g for g in pending if matches(p, g, lookup)), None)
            if hit is None:
                self.fp += 1
            else:
                self.tp += 1
                pending.remove(hit)
        self.fn += len(pending)

    def scores(self) -> dict[str, float]:
        """Precision, recall and F1."""
        return precision_recall_f1(self.tp, self.fp, self.fn)


def load_annotations(path: Path = ANNOTATIONS) -> list[dict[str, Any]]:
    """The annotated resumes (id, category, path, split, skills)."""
    return list(json.loads(path.read_text(encoding="utf-8"))["resumes"])


def resume_text(data: Path, record: dict[str, Any]) -> str:
    """The visible text of an annotated resume's PDF, as the ingest pipeline reads it."""
    from core.parsing.pdf_reader import read_pdf

    pdf = data / record["path"]
    return read_pdf(pdf.read_bytes(), pdf.name, 20).text


def predict(text: str) -> list[str]:
    """The skills the parser gives a resume text."""
    import datetime as dt

    from core.parsing.parser import parse_text

    return list(parse_text(text, today=dt.date(2026, 12, 1)).profile.skills)


def evaluate(
    data: Path = DEFAULT_DATA, splits: Sequence[str] = ("tune", "heldout")
) -> dict[str, Any]:
    """Precision, recall and F1 per split, overall and per profession."""
    from core.skills.taxonomy import get_taxonomy

    taxonomy = get_taxonomy()

    def lookup(text: str) -> str | None:
        return taxonomy.lookup(text) or taxonomy.forms.get(text.lower())

    totals: dict[str, Counts] = {}
    for record in load_annotations():
        if record["split"] not in splits:
            continue
        predicted = predict(resume_text(data, record))
        for key in (record["split"], f"{record['split']}/{record['category']}"):
            totals.setdefault(key, Counts()).add(predicted, record["skills"], lookup)
    return {key: {**c.scores(), "tp": c.tp, "fp": c.fp, "fn": c.fn} for key, c in totals.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["tune", "heldout", "all"], default="all")
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="resumes_by_category folder")
    args = parser.parse_args(argv)
    splits = ("tune", "heldout") if args.split == "all" else (args.split,)
    print(json.dumps(evaluate(Path(args.data), splits), indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
