"""The baselines TalentFlow's ranking is compared with, each scoring a whole pool for one query:
TF-IDF cosine, BM25 (``bm25s``) and whole-resume MiniLM cosine."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from core.embeddings import Encoder

BASELINES = ("tfidf", "bm25", "minilm")


def tfidf_scores(query: str, texts: Sequence[str]) -> list[float]:
    """Cosine of TF-IDF vectors (English stop words, raw tf) fitted on the query and the pool."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(stop_words="english").fit_transform([query, *texts])
    return [float(v) for v in (matrix[1:] @ matrix[0].T).toarray().ravel()]


class Bm25Pool:
    """A BM25 index (default parameters, English stop words) over one pool."""

    def __init__(self, texts: Sequence[str]) -> None:
        import bm25s

        self._bm25s = bm25s
        self._size = len(texts)
        self._index = bm25s.BM25()
        self._index.index(
            bm25s.tokenize(list(texts), stopwords="en", show_progress=False), show_progress=False
        )

    def scores(self, query: str) -> list[float]:
        """The BM25 score of every document of the pool, in pool order."""
        tokens = self._bm25s.tokenize(
            [query], stopwords="en", return_ids=False, show_progress=False
        )[0]
        if not tokens or not self._size:
            return [0.0] * self._size
        return [float(s) for s in self._index.get_scores(tokens)]


def minilm_scores(encoder: Encoder, query: str, vectors: np.ndarray) -> list[float]:
    """Cosine between the query and each whole-resume vector (both L2-normalised)."""
    q = encoder.encode([query])[0]
    return [float(v) for v in vectors @ q]
