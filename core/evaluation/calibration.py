"""Fit and check the field-confidence calibration on labelled resumes the rules were not tuned on.

Each (resume, field) pair is one sample: the parser's raw confidence and the share of the
field's values that are right (1 or 0 for a single value; for lists, the share of entries that
match the gold labels). The parser's rules are tuned on ner_dotin's train split only, so its test
split is data they were never tuned on: the map is fitted there. ner_dotin labels only some skill
mentions, so skills are judged on the held-out half of the skills annotations
(``core.evaluation.skills``) instead. The reliability table is cross-fitted (fit on one half of
the files, report on the other, and the other way round), so it says how the shipped map
behaves on resumes it was not fitted on.

Run ``python -m core.evaluation.calibration [--write]``; ``--write`` stores the map fitted on every
file in ``core/parsing/data/calibration.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import itertools
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.isotonic import IsotonicRegression

from core.evaluation.ner_dotin import load, matches
from core.parsing.calibration import DATA
from core.parsing.parser import parse_text
from core.parsing.profile import Profile
from core.parsing.titles import is_title
from core.skills.taxonomy import get_taxonomy

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
TEST_SPLIT = SHARED / "ner_dotin" / "set_aside_test_v2_50cvs"
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)
CONFIDENT_AT = 0.9
Sample = tuple[float, float]


def _labels(raw_xml: str, kind: str) -> list[str]:
    found = re.findall(rf'<label type="{re.escape(kind)}">(.*?)</label>', raw_xml, re.DOTALL)
    return [html.unescape(re.sub(r"<[^>]+>", "", v)).strip() for v in found]


def _share(values: Sequence[Any], right: Any) -> float | None:
    if not values:
        return None
    return sum(1.0 for v in values if right(v)) / len(values)


def _any_match(value: str | None, gold: Sequence[str]) -> bool:
    return value is None or any(matches(value, g) for g in gold)


def field_outcomes(profile: Profile, gold: dict[str, list[str]]) -> dict[str, float | None]:
    """Share of right values per field (None when the parser found nothing or nothing is known)."""
    titles, companies = gold["designation"], gold["company"]
    degrees, colleges = gold["degree"], gold["college"]
    years = gold["graduation_year"]
    outcomes: dict[str, float | None] = {
        "name": None
        if not (profile.name and gold["name"])
        else float(matches(profile.name, gold["name"][0])),
        "email": None
        if not (profile.email and gold["email"])
        else float(any(matches(profile.email, g) for g in gold["email"])),
        "location": None
        if not (profile.location and gold["location"])
        else float(any(matches(profile.location, g) for g in gold["location"])),
        "experience": _share(
            [e for e in profile.experience if e.title or e.company],
            lambda e: _any_match(e.title, titles) and _any_match(e.company, companies),
        ),
        "education": _share(
            [e for e in profile.education if e.degree or e.institution],
            lambda e: (
                _any_match(e.degree, degrees)
                and _any_match(e.institution, colleges)
                and (e.year is None or str(e.year) in years)
            ),
        ),
        "skills": _share(profile.skills, lambda s: any(matches(s, g) for g in gold["skills"]))
        if gold["skills"]
        else None,
    }
    if profile.headline and is_title(profile.headline) and titles:
        outcomes["headline"] = float(any(matches(profile.headline, g) for g in titles))
    return outcomes


def collect(folder: Path) -> list[tuple[str, dict[str, Sample]]]:
    """Per file: field -> (raw confidence, share right)."""
    today = dt.date(2019, 6, 1)  # the set was collected around 2018-2019
    rows = []
    for path in sorted(folder.glob("*.xml")):
        document = load(path)
        raw_xml = path.read_text(encoding="utf-8", errors="replace")
        gold = dict(document.gold)
        gold["location"] = _labels(raw_xml, "Location")
        gold["skills"] = []  # partly labelled here: skills come from the annotated set below
        parsed = parse_text(document.text, today=today, calibrated=False)
        samples = {
            field: (parsed.confidence.get(field, 0.0), share)
            for field, share in field_outcomes(parsed.profile, gold).items()
            if share is not None and parsed.confidence.get(field, 0.0) > 0
        }
        rows.append((path.name, samples))
    return rows + skills_rows()


def skills_rows() -> list[tuple[str, dict[str, Sample]]]:
    """Skills samples from the held-out half of the annotated set (the rules were tuned on the
    other half): raw confidence and the share of a resume's skills that are right."""
    from core.evaluation import skills as annotated

    if not annotated.DEFAULT_DATA.is_dir():
        return []
    taxonomy = get_taxonomy()

    def lookup(text: str) -> str | None:
        return taxonomy.lookup(text) or taxonomy.forms.get(text.lower())

    rows = []
    for record in annotated.load_annotations():
        if record["split"] != "heldout":
            continue
        text = annotated.resume_text(annotated.DEFAULT_DATA, record)
        parsed = parse_text(text, today=dt.date(2026, 12, 1), calibrated=False)
        counts = annotated.Counts()
        counts.add(parsed.profile.skills, record["skills"], lookup)
        raw = parsed.confidence.get("skills", 0.0)
        if counts.tp + counts.fp and raw > 0:
            rows.append((str(record["id"]), {"skills": (raw, counts.tp / (counts.tp + counts.fp))}))
    return rows


def fit(samples: Sequence[Sample]) -> dict[str, list[float]]:
    """A monotone map raw -> share right (breakpoints for linear interpolation).

    Isotonic regression groups scores into blocks; each block's share is then smoothed toward
    one half (a uniform prior: (right + 1) / (n + 2)), so a block of a few lucky values is not
    promised as certain, and the smoothed shares are made monotone again.
    """
    xs = np.array([s[0] for s in samples])
    ys = np.array([s[1] for s in samples])
    blocks = IsotonicRegression(out_of_bounds="clip").fit(xs, ys).predict(xs)
    smoothed = np.empty_like(ys)
    for level in np.unique(blocks):
        inside = blocks == level
        smoothed[inside] = (ys[inside].sum() + 1.0) / (inside.sum() + 2.0)
    model = IsotonicRegression(y_min=0.0, y_max=0.98, out_of_bounds="clip").fit(xs, smoothed)
    return {
        "raw": [round(float(x), 4) for x in model.X_thresholds_],
        "calibrated": [round(float(y), 4) for y in model.y_thresholds_],
    }


def _apply(mapping: dict[str, list[float]], raw: float) -> float:
    return float(np.interp(raw, mapping["raw"], mapping["calibrated"]))


def reliability(pairs: Sequence[Sample]) -> list[dict[str, Any]]:
    """Confidence bin -> count and share right."""
    table = []
    for low, high in itertools.pairwise(BINS):
        inside = [right for conf, right in pairs if low <= conf < high]
        table.append(
            {
                "bin": f"{low:.1f}-{min(high, 1.0):.1f}",
                "n": len(inside),
                "share_right": round(sum(inside) / len(inside), 3) if inside else None,
            }
        )
    return table


def _confident(pairs: Sequence[Sample]) -> dict[str, Any]:
    inside = [right for conf, right in pairs if conf >= CONFIDENT_AT]
    return {
        "n": len(inside),
        "share_right": round(sum(inside) / len(inside), 3) if inside else None,
    }


def evaluate(rows: list[tuple[str, dict[str, Sample]]]) -> dict[str, Any]:
    """Cross-fitted reliability per field, before (raw) and after calibration, and the full map."""
    halves = (rows[0::2], rows[1::2])
    fields = sorted({f for _, samples in rows for f in samples})
    report: dict[str, Any] = {"files": len(rows), "fields": {}}
    maps: dict[str, dict[str, list[float]]] = {}
    for field in fields:
        raw_pairs = [s[field] for _, s in rows if field in s]
        calibrated: list[Sample] = []
        for fit_half, check_half in (halves, halves[::-1]):
            train = [s[field] for _, s in fit_half if field in s]
            if len(train) < 5:
                continue
            mapping = fit(train)
            calibrated += [
                (_apply(mapping, c), y) for c, y in (s[field] for _, s in check_half if field in s)
            ]
        maps[field] = fit(raw_pairs)
        report["fields"][field] = {
            "samples": len(raw_pairs),
            "raw": reliability(raw_pairs),
            "raw_confident": _confident(raw_pairs),
            "calibrated": reliability(calibrated),
            "calibrated_confident": _confident(calibrated),
        }
    report["maps"] = maps
    return report


def markdown(report: dict[str, Any]) -> str:
    """The reliability table as Markdown (confidence bin -> share right, per field)."""
    lines = [
        f"Cross-fitted on ner_dotin test ({report['files']} resumes; fit on one half, "
        "checked on the other). Cells: share right (samples).",
        "",
        "| field | "
        + " | ".join(b["bin"] for b in next(iter(report["fields"].values()))["raw"])
        + " | shown confident (>= 0.9) before | after |",
        "|---|" + "---|" * (len(BINS) + 1),
    ]
    for field, figures in report["fields"].items():
        cells = [
            "-" if b["share_right"] is None else f"{b['share_right']:.2f} ({b['n']})"
            for b in figures["calibrated"]
        ]
        before, after = figures["raw_confident"], figures["calibrated_confident"]
        lines.append(f"| {field} | " + " | ".join(cells) + f" | {_cell(before)} | {_cell(after)} |")
    return "\n".join(lines)


def _cell(figure: dict[str, Any]) -> str:
    return "-" if figure["share_right"] is None else f"{figure['share_right']:.2f} ({figure['n']})"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the reliability report; with ``--write`` store the fitted map."""
    parser = argparse.ArgumentParser(prog="python -m core.evaluation.calibration")
    parser.add_argument("--write", action="store_true", help="store the fitted map")
    parser.add_argument("--report", type=Path, help="write the JSON report here")
    args = parser.parse_args(argv)
    if not TEST_SPLIT.is_dir():
        print(f"labelled resumes not found: {TEST_SPLIT}", file=sys.stderr)
        return 2
    report = evaluate(collect(TEST_SPLIT))
    if args.report:
        args.report.write_text(json.dumps(report, indent=2), encoding="utf-8")
    if args.write:
        payload = {
            "source": "ner_dotin set_aside_test_v2_50cvs (CC0); core.evaluation.calibration",
            "fields": report["maps"],
        }
        DATA.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
