"""The lexical baseline: TF-IDF (scikit-learn) cosine between a job and each resume.

The vectorizer is fitted once per corpus (the set of resume texts) and kept, so ranking another
job over the same candidates only transforms the job text.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

_CACHE: OrderedDict[str, tuple[TfidfVectorizer, csr_matrix]] = OrderedDict()
_LOCK = threading.Lock()
_CACHE_SIZE = 4


def _corpus_key(documents: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for document in documents:
        digest.update(hashlib.sha256(document.encode("utf-8")).digest())
    return digest.hexdigest()


def _fitted(documents: Sequence[str]) -> tuple[TfidfVectorizer, csr_matrix]:
    key = _corpus_key(documents)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    vectorizer = TfidfVectorizer(
        stop_words="english", sublinear_tf=True, ngram_range=(1, 2), max_features=50_000
    )
    matrix = vectorizer.fit_transform(documents)
    with _LOCK:
        _CACHE[key] = (vectorizer, matrix)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return vectorizer, matrix


def lexical_scores(job_text: str, documents: Sequence[str]) -> np.ndarray:
    """Cosine similarity of the job to each document, with IDF fitted on the documents."""
    if not documents or not any(d.strip() for d in documents):
        return np.zeros(len(documents))
    vectorizer, matrix = _fitted(documents)
    job = vectorizer.transform([job_text])
    return np.asarray((matrix @ job.T).toarray()).ravel()
