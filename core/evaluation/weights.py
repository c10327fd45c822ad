"""Fit the default component weights on the train splits: ``python -m core.evaluation.weights``.

Input: the per-candidate component scores ``python -m core eval --features FILE`` writes. Only
rows of a ``train`` split are read; validation splits stay for reporting. The fit is a pairwise
logistic regression (scikit-learn) on component differences of candidate pairs with different
gains in the same query, weighted so that every query counts the same; negative coefficients are
set to zero (a component never lowers a score for being higher) and the rest normalised to sum
to 1; coordinate ascent on the train queries' mean nDCG@10 then refines them. Five-fold
cross-validation over queries gives each weight's spread and the held-out fold's
nDCG@10. ``--write`` stores the weights in ``core/scoring/data/weights.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from core.evaluation.metrics import ndcg_at
from core.scoring.model import COMPONENTS, WEIGHTS_FILE

Query = list[tuple[float, np.ndarray]]  # (gain, component vector) per candidate
MAX_PAIRS_PER_QUERY = 400
ASCENT_ROUNDS, ASCENT_STEP = 10, 0.02
SEED = 13


def load_queries(path: Path, split: str = "train") -> dict[str, Query]:
    """(set, query) -> its candidates' gains and component vectors, for one split."""
    queries: dict[str, Query] = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row["split"] != split:
                continue
            vector = np.array([float(row["breakdown"].get(c, 0.0)) for c in COMPONENTS])
            queries[f"{row['set']}/{row['query']}"].append((float(row["gain"]), vector))
    return dict(queries)


def _pairs(queries: Sequence[Query]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = random.Random(SEED)
    x, y, w = [], [], []
    for query in queries:
        pairs = [(a, b) for a in query for b in query if a[0] > b[0]]
        if len(pairs) > MAX_PAIRS_PER_QUERY:
            pairs = rng.sample(pairs, MAX_PAIRS_PER_QUERY)
        for (_, better), (_, worse) in pairs:
            sign = 1 if rng.random() < 0.5 else -1  # both classes, so no intercept is needed
            x.append(sign * (better - worse))
            y.append(int(sign > 0))
            w.append(1.0 / len(pairs))
    return np.array(x), np.array(y), np.array(w)


def fit(queries: Sequence[Query]) -> np.ndarray:
    """The pairwise fit refined by coordinate ascent on mean nDCG@10 (steps of 0.02, each
    weight in turn, while it improves)."""
    weights = fit_pairwise(queries)
    best = mean_ndcg(queries, weights)
    for _ in range(ASCENT_ROUNDS):
        improved = False
        for c in range(len(COMPONENTS)):
            for step in (ASCENT_STEP, -ASCENT_STEP):
                trial = weights.copy()
                trial[c] = max(0.0, trial[c] + step)
                if trial.sum() == 0:
                    continue
                trial /= trial.sum()
                value = mean_ndcg(queries, trial)
                if value > best + 1e-9:
                    weights, best, improved = trial, value, True
        if not improved:
            break
    return weights


def fit_pairwise(queries: Sequence[Query]) -> np.ndarray:
    """Non-negative weights summing to 1 (equal weights when nothing can be learned)."""
    x, y, w = _pairs(queries)
    if len(set(y.tolist())) < 2:
        return np.full(len(COMPONENTS), 1 / len(COMPONENTS))
    model = LogisticRegression(fit_intercept=False, C=1.0, max_iter=1000)
    model.fit(x, y, sample_weight=w)
    coefficients = np.clip(model.coef_[0], 0.0, None)
    total = coefficients.sum()
    return coefficients / total if total else np.full(len(COMPONENTS), 1 / len(COMPONENTS))


def mean_ndcg(queries: Sequence[Query], weights: np.ndarray) -> float:
    """Mean nDCG@10 of ranking each query's candidates by the weighted sum."""
    values = []
    for query in queries:
        gains = [g for g, _ in query]
        scores = [float(v @ weights) for _, v in query]
        order = sorted(range(len(query)), key=lambda i: (-scores[i], i))
        values.append(ndcg_at([gains[i] for i in order], gains))
    return float(np.mean(values)) if values else 0.0


def cross_validate(queries: Sequence[Query], folds: int = 5) -> dict[str, Any]:
    """Each weight's mean and spread over folds, and the held-out folds' nDCG@10."""
    order = list(range(len(queries)))
    random.Random(SEED).shuffle(order)
    weights, scores = [], []
    for k in range(folds):
        held = [queries[i] for n, i in enumerate(order) if n % folds == k]
        train = [queries[i] for n, i in enumerate(order) if n % folds != k]
        if not held or not train:
            continue
        fitted = fit(train)
        weights.append(fitted)
        scores.append(mean_ndcg(held, fitted))
    stacked = np.array(weights)
    return {
        "weights_mean": dict(
            zip(COMPONENTS, np.round(stacked.mean(axis=0), 3).tolist(), strict=True)
        ),
        "weights_sd": dict(zip(COMPONENTS, np.round(stacked.std(axis=0), 3).tolist(), strict=True)),
        "heldout_fold_ndcg_at_10": round(float(np.mean(scores)), 4),
        "heldout_fold_ndcg_sd": round(float(np.std(scores)), 4),
        "folds": len(scores),
    }


def run(path: Path) -> dict[str, Any]:
    """Fit on every train query; cross-validate; compare with equal weights and the current ones."""
    queries = list(load_queries(path).values())
    fitted = fit(queries)
    current = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))["weights"]
    current_vector = np.array([current.get(c, 0.0) for c in COMPONENTS])
    return {
        "queries": len(queries),
        "weights": dict(zip(COMPONENTS, np.round(fitted, 2).tolist(), strict=True)),
        "train_ndcg_at_10": {
            "fitted": round(mean_ndcg(queries, fitted), 4),
            "pairwise_only": round(mean_ndcg(queries, fit_pairwise(queries)), 4),
            "equal": round(mean_ndcg(queries, np.ones(len(COMPONENTS))), 4),
            "current": round(mean_ndcg(queries, current_vector), 4),
        },
        "cross_validation": cross_validate(queries),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.evaluation.weights")
    parser.add_argument("features", help="the JSON lines of python -m core eval --features")
    parser.add_argument("--write", action="store_true", help="store the fitted default weights")
    args = parser.parse_args(argv)
    path = Path(args.features)
    if not path.is_file():
        print(f"{path} not found", file=sys.stderr)
        return 1
    result = run(path)
    print(json.dumps(result, indent=2))
    if args.write:
        stored = {
            "weights": result["weights"],
            "fitted_on": "train splits of python -m core eval (category, ner_dotin)",
            "queries": result["queries"],
            "cross_validation": result["cross_validation"],
        }
        WEIGHTS_FILE.write_text(json.dumps(stored, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
