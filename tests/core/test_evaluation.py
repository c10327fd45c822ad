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
