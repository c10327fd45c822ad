"""Ranking metrics shared by the evaluation harness and the training's test split."""

from __future__ import annotations

import math
from collections.abc import Sequence


def ndcg_at(ranked_gains: Sequence[float], all_gains: Sequence[float], k: int = 10) -> float:
    """nDCG@k with gains 2^rel - 1."""

    def dcg(gains: Sequence[float]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:k]))

    ideal = dcg(sorted(all_gains, reverse=True))
    return dcg(ranked_gains) / ideal if ideal else 0.0


def precision_at(ranked_gains: Sequence[float], k: int = 10) -> float:
    """Share of relevant (gain > 0) items in the top k."""
    return sum(1 for g in ranked_gains[:k] if g > 0) / k


def precision_recall_f1(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from match counts (0 where undefined), rounded to 3 places."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def pairwise_accuracy(scores: Sequence[float], gains: Sequence[float]) -> float | None:
    """Share of the pairs with different gains that the scores order correctly (a tie counts
    half); ``None`` when every gain is the same."""
    import numpy as np

    s, g = np.asarray(scores, dtype=float), np.asarray(gains, dtype=float)
    better = g[:, None] > g[None, :]  # pairs (i, j) where i should come first
    pairs = int(better.sum())
    if not pairs:
        return None
    diff = (s[:, None] - s[None, :])[better]
    return float(((diff > 0).sum() + 0.5 * (diff == 0).sum()) / pairs)


def bootstrap_interval(
    values: Sequence[float], resamples: int = 1000, seed: int = 7, level: float = 0.95
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean of ``values`` (resampling the values)."""
    import numpy as np

    if not values:
        return (0.0, 0.0)
    rng = np.random.default_rng(seed)
    data = np.asarray(values, dtype=float)
    means = data[rng.integers(0, len(data), size=(resamples, len(data)))].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return (float(low), float(high))
