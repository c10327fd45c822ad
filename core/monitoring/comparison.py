"""Two rankings of the same candidates, compared: rank correlations, top-k overlap, movers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from scipy.stats import kendalltau, spearmanr


@dataclass(frozen=True)
class Move:
    """One candidate's place in both rankings (1 = top)."""

    key: str
    rank_a: int
    rank_b: int
    score_a: float
    score_b: float

    @property
    def moved(self) -> int:
        """Places gained under B (positive = moved up)."""
        return self.rank_a - self.rank_b


@dataclass(frozen=True)
class Comparison:
    """How far ranking B departs from ranking A."""

    spearman: float | None
    kendall: float | None
    overlap_at_5: float
    overlap_at_10: float
    moves: list[Move]  # biggest movers first

    def as_dict(self) -> dict[str, object]:
        return {
            "spearman": self.spearman,
            "kendall": self.kendall,
            "overlap_at_5": self.overlap_at_5,
            "overlap_at_10": self.overlap_at_10,
            "candidates": len(self.moves),
        }


def order(scores: Mapping[str, float]) -> list[str]:
    """Keys best first; ties broken by key, as the ranker does."""
    return sorted(scores, key=lambda k: (-scores[k], k))


def overlap_at(a: list[str], b: list[str], k: int) -> float:
    """Share of A's top k that is also in B's top k."""
    top = min(k, len(a), len(b))
    return len(set(a[:top]) & set(b[:top])) / top if top else 1.0


def compare(a: Mapping[str, float], b: Mapping[str, float]) -> Comparison:
    """Compare the rankings of the candidates both score."""
    common = sorted(set(a) & set(b))
    a_order = order({k: a[k] for k in common})
    b_order = order({k: b[k] for k in common})
    rank_a = {k: i for i, k in enumerate(a_order, start=1)}
    rank_b = {k: i for i, k in enumerate(b_order, start=1)}
    spearman = kendall = None
    if len(common) >= 3:
        xs, ys = [a[k] for k in common], [b[k] for k in common]
        if len(set(xs)) > 1 and len(set(ys)) > 1:
            spearman = round(float(spearmanr(xs, ys).statistic), 4)
            kendall = round(float(kendalltau(xs, ys).statistic), 4)
    moves = [Move(k, rank_a[k], rank_b[k], a[k], b[k]) for k in common]
    moves.sort(key=lambda m: (-abs(m.moved), m.rank_a))
    return Comparison(
        spearman,
        kendall,
        round(overlap_at(a_order, b_order, 5), 4),
        round(overlap_at(a_order, b_order, 10), 4),
        moves,
    )
