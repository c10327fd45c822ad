"""The lexical baseline: TF-IDF (scikit-learn) cosine between a job and each resume."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


def lexical_scores(job_text: str, documents: Sequence[str]) -> np.ndarray:
    """Cosine similarity of the job to each document, with IDF fitted on these documents."""
    if not documents:
        return np.zeros(0)
    vectorizer = TfidfVectorizer(
        stop_words="english", sublinear_tf=True, ngram_range=(1, 2), min_df=1, max_features=50_000
    )
    matrix = vectorizer.fit_transform([*documents, job_text])
    job = matrix[len(documents)]
    return np.asarray((matrix[: len(documents)] @ job.T).toarray()).ravel()
