"""The ranking metrics used by ``python -m core eval``."""

import pytest

from core.evaluation.metrics import ndcg_at, precision_at


def test_perfect_and_reversed_rankings():
    gains = [2, 1, 0, 0]
    assert ndcg_at(gains, gains) == pytest.approx(1.0)
    assert ndcg_at(list(reversed(gains)), gains) < 0.6
    assert ndcg_at([0, 0], [0, 0]) == 0.0


def test_precision_counts_relevant_items_in_the_top_k():
    assert precision_at([1, 0, 1, 0], k=2) == 0.5
    assert precision_at([1] * 20, k=10) == 1.0


def test_ner_dotin_tags_become_spans_of_the_parsed_text(tmp_path):
    from core.evaluation.ner_dotin import tagged

    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<cv>\n'
        '<label type="Designation">Staff Nurse</label>   <label type="Companies worked at">'
        'Mercy &amp; General</label>   <label type="Tech Tools">Excel</label>\n'
        '<label type="College Name">ENC\n\nNorth University</label>\n</cv>'
    )
    path = tmp_path / "1.xml"
    path.write_text(xml, encoding="utf-8")
    text, spans = tagged(path)
    found = [(text[a:b], label) for a, b, label in spans]
    assert found == [
        ("Staff Nurse", "TITLE"),
        ("Mercy & General", "COMPANY"),
        ("ENC", "INSTITUTION"),
        ("North University", "INSTITUTION"),
    ]
    assert "Staff Nurse\nMercy & General" in text  # wide gaps became line breaks


def test_ner_dotin_matching_rule():
    from core.evaluation.ner_dotin import Counts, matches

    assert matches("Oracle", "Oracle India Pvt Ltd") and not matches("IT", "ITC Infotech")
    counts = Counts()
    counts.add(["Oracle", "Infosys", "Oracle"], ["Oracle India Pvt Ltd", "TCS"])
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 1)
