"""Calibrate and check when a requirement is "met": ``python -m core.evaluation.requirements``.

Each labelled pair (``requirement_pairs``) is judged as the ranker judges a requirement against a
resume: the requirement is split into its atomic form, the line's skills come from the taxonomy,
and the similarity is MiniLM's between the requirement and the line. ``meaning_met`` is the lowest
similarity from which matches by meaning (pairs the taxonomy and the text do not settle) are
right at least 90% of the time on the calibration half, at every higher threshold and on at least
five pairs (if none qualifies, nothing is met by meaning alone: such matches stay unsure);
``meaning_unsure`` the lowest at which a match by meaning is right at least half the time.
Figures are reported on the held-out half, beside a taxonomy-only judge (nothing met by meaning)
and the threshold used before calibration (0.45).

``--write`` stores the thresholds in ``core/scoring/data/thresholds.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.evaluation.metrics import precision_recall_f1
from core.evaluation.requirement_pairs import Pair, load_pairs
from core.parsing.nlp import match_skills
from core.scoring.atomic import Requirement, split_line
from core.scoring.judge import THRESHOLDS, Career, judge

TARGET_PRECISION = 0.9
UNSURE_PRECISION = 0.5
MIN_PAIRS = 5  # a precision measured on fewer pairs is not a measurement
NEVER = 1.01  # no threshold qualifies: nothing is met by meaning alone
BEFORE = 0.45
GRID = [round(x, 2) for x in np.arange(0.30, 0.96, 0.01)]


@dataclass(frozen=True)
class Judged:
    """A pair with what the judge needs: its atomic requirement, line skills and similarity."""

    pair: Pair
    item: Requirement
    skills: frozenset[str]
    similarity: float


def atomic_item(pair: Pair) -> Requirement:
    """The pair's requirement as the job splitter would make it (its labelled kind if unsure)."""
    items = split_line(pair.requirement)
    preferred = [i for i in items if i.kind == pair.kind]
    if preferred or items:
        return (preferred or items)[0]
    return Requirement(text=pair.requirement, kind="sentence")


def prepare(pairs: Sequence[Pair]) -> list[Judged]:
    """Atomic form, line skills and MiniLM similarity of every pair."""
    from core.embeddings import TorchEncoder

    encoder = TorchEncoder()
    items = [atomic_item(p) for p in pairs]
    left = encoder.encode([i.text for i in items])
    right = encoder.encode([p.line for p in pairs])
    return [
        Judged(p, item, frozenset(m.skill for m in match_skills(p.line)), float(a @ b))
        for p, item, a, b in zip(pairs, items, left, right, strict=True)
    ]


def decide(judged: Judged, met_at: float | None, unsure_at: float | None = None) -> str:
    """The judge's status for one pair with the given thresholds (None: never by meaning)."""
    limits = {
        "meaning_met": met_at if met_at is not None else 2.0,
        "meaning_unsure": unsure_at if unsure_at is not None else 2.0,
    }
    return judge(
        judged.item,
        skills=set(judged.skills),
        text=judged.pair.line,
        similarity=judged.similarity,
        career=Career(None, [], None),
        limits=limits,
    ).status


def figures(
    judged: Sequence[Judged], met_at: float | None, unsure_at: float | None = None
) -> dict[str, Any]:
    """Precision and recall of "met", and how many pairs were left unsure."""
    statuses = [decide(j, met_at, unsure_at) for j in judged]
    tp = sum(s == "met" and j.pair.met for s, j in zip(statuses, judged, strict=True))
    fp = sum(s == "met" and not j.pair.met for s, j in zip(statuses, judged, strict=True))
    fn = sum(s != "met" and j.pair.met for s, j in zip(statuses, judged, strict=True))
    return {
        **precision_recall_f1(tp, fp, fn),
        "pairs": len(judged),
        "unsure": sum(s == "unsure" for s in statuses),
    }


def meaning_precision(judged: Sequence[Judged], met_at: float) -> dict[str, float]:
    """Precision of the matches made by meaning alone (pairs the taxonomy and text leave open)."""
    open_pairs = [j for j in judged if decide(j, None) != "met" and j.item.kind != "certification"]
    above = [j for j in open_pairs if j.similarity >= met_at]
    right = sum(j.pair.met for j in above)
    return {
        "met_by_meaning": len(above),
        "right": right,
        "precision": round(right / len(above), 3) if above else 0.0,
    }


def calibrate(judged: Sequence[Judged]) -> tuple[float, float]:
    """The lowest ``meaning_met`` keeping precision >= 0.9, and ``meaning_unsure`` below it."""
    by_meaning = [j for j in judged if decide(j, None) != "met" and j.item.kind != "certification"]
    met_at = NEVER
    for t in GRID:
        above = [j for j in by_meaning if j.similarity >= t]
        if len(above) >= MIN_PAIRS and all(
            sum(j.pair.met for j in part) / len(part) >= TARGET_PRECISION
            for u in GRID
            if u >= t and (part := [j for j in above if j.similarity >= u])
        ):
            met_at = t
            break
    unsure_at = met_at
    for t in reversed([g for g in GRID if g < met_at]):
        above = [j for j in by_meaning if j.similarity >= t]
        if above and sum(j.pair.met for j in above) / len(above) < UNSURE_PRECISION:
            break
        unsure_at = t
    return met_at, unsure_at


def run(shared: Path) -> dict[str, Any]:
    """Calibrate on one half, report on the other."""
    judged = prepare(list(load_pairs(shared)))
    fit = [j for j in judged if j.pair.split == "calibrate"]
    held = [j for j in judged if j.pair.split == "heldout"]
    met_at, unsure_at = calibrate(fit)
    by_kind = {
        kind: figures([j for j in held if j.item.kind == kind], met_at, unsure_at)
        for kind in sorted({j.item.kind for j in held})
    }
    return {
        "thresholds": {"meaning_met": met_at, "meaning_unsure": unsure_at},
        "calibrate": figures(fit, met_at, unsure_at),
        "heldout": figures(held, met_at, unsure_at),
        "heldout_by_kind": by_kind,
        "heldout_by_meaning": meaning_precision(held, met_at),
        "heldout_taxonomy_only": figures(held, None),
        "heldout_before_calibration": figures(held, BEFORE),
    }


def main(argv: Sequence[str] | None = None) -> int:
    from core.bench import SHARED

    parser = argparse.ArgumentParser(prog="python -m core.evaluation.requirements")
    parser.add_argument("--write", action="store_true", help="store the calibrated thresholds")
    args = parser.parse_args(argv)
    if not (SHARED / "resumes_by_category").is_dir():
        print("../shared/data is not present", file=sys.stderr)
        return 1
    result = run(SHARED)
    print(json.dumps(result, indent=2))
    if args.write:
        stored = {
            **result["thresholds"],
            "calibrated_on": "requirement_pairs.jsonl, split calibrate",
            "heldout": result["heldout"],
        }
        THRESHOLDS.write_text(json.dumps(stored, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
