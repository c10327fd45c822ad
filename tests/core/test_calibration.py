"""Calibrated confidences: monotone maps, honest caps, and reliability on real resumes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.evaluation import calibration as fitting
from core.parsing import calibration
from core.parsing.parser import parse_text

unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@given(a=unit, b=unit)
def test_calibration_keeps_the_order_of_raw_scores(a, b):
    for field in ("name", "experience", "education", "skills", "phone"):
        low, high = sorted((a, b))
        assert calibration.calibrate(field, low) <= calibration.calibrate(field, high)


@given(raw=unit)
def test_calibrated_values_are_probabilities(raw):
    for field in ("name", "email", "experience", "phone"):
        assert 0.0 <= calibration.calibrate(field, raw) <= 1.0


def test_not_found_stays_zero():
    assert calibration.calibrate("name", 0.0) == 0.0


def test_a_field_without_measurements_is_never_shown_as_confident(monkeypatch):
    monkeypatch.setattr(calibration, "calibration_maps", dict)
    assert calibration.calibrate("phone", 0.99) == calibration.UNMEASURED_CAP < 0.9


def test_fit_gives_the_smoothed_share_right_of_each_score():
    samples = [(0.9, 1.0)] * 5 + [(0.9, 0.0)] * 5 + [(0.3, 0.0)] * 8 + [(0.3, 1.0)] * 2
    mapping = fitting.fit(samples)
    assert fitting._apply(mapping, 0.9) == pytest.approx((5 + 1) / (10 + 2))
    assert fitting._apply(mapping, 0.3) == pytest.approx((2 + 1) / (10 + 2))


def test_a_few_lucky_values_are_not_promised_as_certain():
    mapping = fitting.fit([(0.95, 1.0)] * 4 + [(0.5, 0.0)] * 4)
    assert fitting._apply(mapping, 0.95) < 0.9


def test_reliability_counts_every_sample_once():
    pairs = [(0.95, 1.0), (0.92, 0.0), (0.55, 1.0), (0.1, 0.0)]
    table = fitting.reliability(pairs)
    assert sum(row["n"] for row in table) == len(pairs)
    top = table[-1]
    assert top["bin"] == "0.9-1.0" and top["n"] == 2 and top["share_right"] == 0.5


def test_parse_text_reports_calibrated_confidence():
    text = (
        "Jane Example\njane@example.com\nSummary\nAn experienced data analyst who builds "
        "reports and dashboards for the finance team and works with the sales managers.\n"
    )
    assert parse_text(text).language == "en"
    raw = parse_text(text, calibrated=False).confidence
    shown = parse_text(text).confidence
    assert shown == calibration.calibrate_all(raw)


@pytest.mark.slow
def test_values_shown_as_confident_are_right_nine_times_in_ten(shared_data):
    """Cross-fitted on resumes the rules were not tuned on (ner_dotin test)."""
    report = fitting.evaluate(
        fitting.collect(shared_data / "ner_dotin" / "set_aside_test_v2_50cvs")
    )
    for field, figures in report["fields"].items():
        confident = figures["calibrated_confident"]
        if confident["n"] >= 10:
            assert confident["share_right"] >= 0.9, (field, confident)
