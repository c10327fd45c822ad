"""Drift statistics: PSI and KL divergence of score distributions, skill-mix shift, centroid shift.

Scores live in [0, 1] and are binned into ten equal bins. Empty bins get a small floor so the
logarithms stay finite (the usual convention for PSI). Rules of thumb for PSI: < 0.1 stable,
0.1-0.25 moderate shift, > 0.25 major shift.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

BINS = np.linspace(0.0, 1.0, 11)
FLOOR = 1e-4
OTHER = "(other)"


def proportions(scores: Sequence[float], bins: np.ndarray = BINS) -> np.ndarray:
    """Share of scores per bin, floored and renormalised."""
    counts, _ = np.histogram(np.clip(np.asarray(scores, dtype=float), 0.0, 1.0), bins=bins)
    return _smooth(counts.astype(float))


def _smooth(counts: np.ndarray) -> np.ndarray:
    total = counts.sum()
    shares = counts / total if total else np.full(len(counts), 1.0 / len(counts))
    shares = np.maximum(shares, FLOOR)
    return shares / shares.sum()


def psi(reference: np.ndarray, current: np.ndarray) -> float:
    """Population stability index of two binned distributions."""
    return float(np.sum((current - reference) * np.log(current / reference)))


def kl_divergence(current: np.ndarray, reference: np.ndarray) -> float:
    """KL(current || reference) in nats."""
    return float(np.sum(current * np.log(current / reference)))


def skill_mix(skill_lists: Iterable[Sequence[str]]) -> dict[str, float]:
    """Share of all skill mentions per skill."""
    counts = Counter(s for skills in skill_lists for s in set(skills))
    total = sum(counts.values())
    return {k: v / total for k, v in counts.most_common()} if total else {}


def skill_shift(
    reference: Mapping[str, float], current: Mapping[str, float], top: int = 30
) -> float:
    """PSI over the reference's top skills plus one bucket for everything else."""
    if not reference or not current:
        return 0.0
    keys = [k for k, _ in sorted(reference.items(), key=lambda kv: -kv[1])[:top]]

    def binned(mix: Mapping[str, float]) -> np.ndarray:
        shares = [mix.get(k, 0.0) for k in keys]
        return _smooth(np.array([*shares, max(0.0, 1.0 - sum(shares))]))

    return psi(binned(reference), binned(current))


def centroid(vectors: np.ndarray) -> np.ndarray:
    """The normalised mean of unit vectors (zeros for none)."""
    if vectors.size == 0:
        return np.zeros(vectors.shape[1] if vectors.ndim == 2 else 0, dtype=np.float32)
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype(np.float32) if norm else mean.astype(np.float32)


def centroid_distance(reference: np.ndarray, current: np.ndarray) -> float:
    """Cosine distance between two centroids (0 when either is missing)."""
    if reference.size == 0 or current.size == 0 or reference.shape != current.shape:
        return 0.0
    return float(1.0 - np.clip(reference @ current, -1.0, 1.0))
