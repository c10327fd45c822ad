"""The lexical baseline: TF-IDF (scikit-learn) cosine between a job and each resume.

By default the vectorizer is fitted on the corpus being ranked (the candidate pool) and kept, so
ranking another job over the same candidates only transforms the job text. A scoring version may
instead carry a frozen vocabulary (``LexicalVocabulary``): then the component no longer moves
when the pool changes.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

_CACHE: OrderedDict[str, tuple[TfidfVectorizer, csr_matrix]] = OrderedDict()
_LOCK = threading.Lock()
_CACHE_SIZE = 4
OPTIONS = {"stop_words": "english", "sublinear_tf": True, "ngram_range": (1, 2)}


class LexicalVocabulary:
    """A frozen TF-IDF vocabulary with its IDF weights, stored as JSON (never pickled)."""

    def __init__(self, vocabulary: dict[str, int], idf: Sequence[float]) -> None:
        self.vectorizer = TfidfVectorizer(**OPTIONS, vocabulary=vocabulary)
        self.vectorizer.idf_ = np.asarray(idf, dtype=np.float64)
        self.digest = hashlib.sha256(json.dumps(sorted(vocabulary.items())).encode()).hexdigest()

    @classmethod
    def fit(cls, documents: Sequence[str], max_features: int = 50_000) -> LexicalVocabulary:
        """Fit on a corpus (resumes and job descriptions)."""
        vectorizer = TfidfVectorizer(**OPTIONS, max_features=max_features)
        vectorizer.fit(documents)
        vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
        return cls(vocabulary, vectorizer.idf_.tolist())

    @classmethod
    def load(cls, path: Path) -> LexicalVocabulary:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({str(k): int(v) for k, v in data["vocabulary"].items()}, data["idf"])

    def save(self, path: Path) -> None:
        vocabulary = {str(k): int(v) for k, v in self.vectorizer.vocabulary_.items()}
        data = {"vocabulary": vocabulary, "idf": self.vectorizer.idf_.tolist()}
        path.write_text(json.dumps(data), encoding="utf-8")

    @property
    def size(self) -> int:
        return len(self.vectorizer.vocabulary_)


def _corpus_key(documents: Sequence[str], salt: str) -> str:
    digest = hashlib.sha256(salt.encode())
    for document in documents:
        digest.update(hashlib.sha256(document.encode("utf-8")).digest())
    return digest.hexdigest()


def _fitted(
    documents: Sequence[str], vocabulary: LexicalVocabulary | None
) -> tuple[TfidfVectorizer, csr_matrix]:
    key = _corpus_key(documents, vocabulary.digest if vocabulary else "pool")
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    if vocabulary is not None:
        vectorizer = vocabulary.vectorizer
        matrix = vectorizer.transform(documents)
    else:
        vectorizer = TfidfVectorizer(**OPTIONS, max_features=50_000)
        matrix = vectorizer.fit_transform(documents)
    with _LOCK:
        _CACHE[key] = (vectorizer, matrix)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return vectorizer, matrix


def lexical_scores(
    job_text: str, documents: Sequence[str], vocabulary: LexicalVocabulary | None = None
) -> np.ndarray:
    """Cosine similarity of the job to each document (IDF from ``vocabulary`` or the documents)."""
    if not documents or not any(d.strip() for d in documents):
        return np.zeros(len(documents))
    vectorizer, matrix = _fitted(documents, vocabulary)
    job = vectorizer.transform([job_text])
    return np.asarray((matrix @ job.T).toarray()).ravel()
