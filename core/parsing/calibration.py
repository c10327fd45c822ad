"""Calibrated field confidences: a raw parser score becomes the measured share of right values.

The parser's raw scores (rules and model probabilities) order values by how sure they are but do
not say how often such a value is right. ``data/calibration.json`` holds, per field, a monotone
map from raw score to the share of values that were right at that score on labelled resumes the
rules were not tuned on (isotonic regression, fitted by ``core.evaluation.calibration``). Fields
without labelled data keep their raw score, capped below the "confident" mark, so that nothing is
shown as confident without evidence.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

DATA = Path(__file__).parent / "data" / "calibration.json"
# A field with no measurement is never shown as confident (see ``Settings.confident_at``).
UNMEASURED_CAP = 0.85


@lru_cache(maxsize=1)
def calibration_maps() -> dict[str, tuple[tuple[float, ...], tuple[float, ...]]]:
    """Field -> (raw breakpoints, calibrated values), as fitted; empty when not yet fitted."""
    if not DATA.is_file():
        return {}
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    return {
        field: (tuple(map(float, m["raw"])), tuple(map(float, m["calibrated"])))
        for field, m in raw.get("fields", {}).items()
    }


def calibrate(field: str, raw: float) -> float:
    """The calibrated confidence of a value of ``field`` with raw score ``raw``.

    A raw score of 0 means "not found" and stays 0.
    """
    if raw <= 0:
        return 0.0
    mapping = calibration_maps().get(field)
    if mapping is None:
        return round(min(raw, UNMEASURED_CAP), 2)
    xs, ys = mapping
    return round(float(np.interp(raw, xs, ys)), 2)


def calibrate_all(confidence: dict[str, float]) -> dict[str, float]:
    """Every field's confidence calibrated."""
    return {field: calibrate(field, value) for field, value in confidence.items()}
