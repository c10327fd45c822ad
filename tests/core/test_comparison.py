"""Comparing two rankings: correlations, overlap@k, movers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.monitoring.comparison import compare


def test_identical_and_reversed_rankings():
    a = {str(i): i / 20 for i in range(20)}
    same = compare(a, dict(a))
    assert (same.spearman, same.kendall, same.overlap_at_5, same.overlap_at_10) == (1, 1, 1, 1)
    assert all(m.moved == 0 for m in same.moves)
    reversed_ = compare(a, {k: 1 - v for k, v in a.items()})
    assert reversed_.spearman == pytest.approx(-1) and reversed_.kendall == pytest.approx(-1)
    assert reversed_.overlap_at_5 == 0
    top = reversed_.moves[0]
    assert abs(top.moved) == 19


def test_one_candidate_jumps_to_the_top():
    a = {str(i): 1 - i / 10 for i in range(10)}
    b = dict(a, **{"9": 2.0})
    result = compare(a, b)
    assert result.moves[0].key == "9" and result.moves[0].moved == 9
    assert result.overlap_at_5 == 0.8


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.floats(0, 1), min_size=3, max_size=30))
def test_properties(scores):
    result = compare(scores, scores)
    assert result.overlap_at_5 == result.overlap_at_10 == 1.0
    assert sorted(m.rank_a for m in result.moves) == list(range(1, len(scores) + 1))
    if result.spearman is not None:
        assert result.spearman == pytest.approx(1.0)
