"""The lexical component: BM25 (``bm25s``) of the job description over each resume's text.

The index is built over the pool being ranked and kept, so ranking another job over the same
candidates only scores the new query. A score is divided by the most the query could earn (each
distinct query term's IDF times k1 + 1), so it lies in [0, 1] and does not depend on the best
candidate in the pool; ``LEXICAL_SCALE`` then spreads the typical range over [0, 1].

Scoring versions registered before BM25 may carry a frozen TF-IDF vocabulary
(``LexicalVocabulary``); they keep their TF-IDF cosine.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from pathlib import Path

import bm25s
import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

_CACHE: OrderedDict[str, tuple[TfidfVectorizer, csr_matrix]] = OrderedDict()
_BM25: OrderedDict[str, bm25s.BM25] = OrderedDict()
_LOCK = threading.Lock()
_CACHE_SIZE = 4
OPTIONS = {"stop_words": "english", "sublinear_tf": True, "ngram_range": (1, 2)}
K1, B = 1.5, 0.75
TOKEN = re.compile(r"(?u)\b\w\w+\b")  # bm25s's own token pattern
LEXICAL_SCALE = 0.35  # a resume earning this share of the query's maximum scores 1


class LexicalVocabulary:
    """A frozen TF-IDF vocabulary with its IDF weights, stored as JSON (never pickled)."""

    def __init__(self, vocabulary: dict[str, int], idf: Sequence[float]) -> None:
        self.vectorizer = TfidfVectorizer(**OPTIONS, vocabulary=vocabulary)
        self.vectorizer.idf_ = np.asarray(idf, dtype=np.float64)
        self.digest = hashlib.sha256(json.dumps(sorted(vocabulary.items())).encode()).hexdigest()

    @classmethod
    def fit(
        cls,
        documents: Sequence[str],
        max_features: int = 50_000,
        *,
        min_df: int = 3,
        personal: Iterable[str] = (),
    ) -> LexicalVocabulary:
        """Fit on a corpus (resumes and job descriptions). The vocabulary is an artifact that may
        outlive an erasure, so it keeps no personal data: a term must occur in ``min_df``
        documents, and terms with digits (phone fragments, ids) or containing a word of
        ``personal`` (candidates' names and e-mail local parts) are dropped."""
        vectorizer = TfidfVectorizer(
            **OPTIONS, max_features=max_features, min_df=min(min_df, len(documents))
        )
        vectorizer.fit(documents)
        banned = {w.lower() for p in personal for w in re.findall(r"\w{2,}", p)}
        keep = sorted(
            (index, term)
            for term, index in vectorizer.vocabulary_.items()
            if not re.search(r"\d", term) and not banned.intersection(term.split())
        )
        vocabulary = {str(term): n for n, (_, term) in enumerate(keep)}
        idf = [float(vectorizer.idf_[index]) for index, _ in keep]
        return cls(vocabulary, idf)

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
    documents: Sequence[str], vocabulary: LexicalVocabulary
) -> tuple[TfidfVectorizer, csr_matrix]:
    """The documents under a frozen vocabulary (cached per corpus)."""
    key = _corpus_key(documents, vocabulary.digest)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    vectorizer = vocabulary.vectorizer
    matrix = vectorizer.transform(documents)
    with _LOCK:
        _CACHE[key] = (vectorizer, matrix)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return vectorizer, matrix


def _bm25(documents: Sequence[str]) -> bm25s.BM25:
    key = _corpus_key(documents, "bm25")
    with _LOCK:
        if key in _BM25:
            _BM25.move_to_end(key)
            return _BM25[key]
    retriever = bm25s.BM25(k1=K1, b=B)
    tokens = bm25s.tokenize(list(documents), stopwords="en", show_progress=False)
    retriever.index(tokens, show_progress=False)
    with _LOCK:
        _BM25[key] = retriever
        while len(_BM25) > _CACHE_SIZE:
            _BM25.popitem(last=False)
    return retriever


def bm25_scores(job_text: str, documents: Sequence[str]) -> np.ndarray:
    """BM25 of the job's distinct terms over each document, as a share of the query's maximum."""
    if not any(TOKEN.search(d) for d in documents):
        return np.zeros(len(documents))
    retriever = _bm25(documents)
    [query] = bm25s.tokenize([job_text], stopwords="en", show_progress=False, return_ids=False)
    terms = [t for t in dict.fromkeys(query) if t in retriever.vocab_dict]
    if not terms:
        return np.zeros(len(documents))
    scores = np.asarray(retriever.get_scores(terms), dtype=np.float64)
    ceiling = sum(_idf(retriever, t) for t in terms) * (K1 + 1)
    return np.clip(scores / ceiling / LEXICAL_SCALE, 0.0, 1.0) if ceiling > 0 else scores * 0


def _idf(retriever: bm25s.BM25, term: str) -> float:
    """The term's IDF (Lucene's), from the score of a document holding only that term once."""
    n = retriever.scores["num_docs"]
    ids = retriever.get_tokens_ids([term])
    indptr = retriever.scores["indptr"]
    df = int(indptr[ids[0] + 1] - indptr[ids[0]])
    return float(np.log(1 + (n - df + 0.5) / (df + 0.5)))


def warm_lexical(documents: Sequence[str], vocabulary: LexicalVocabulary | None = None) -> None:
    """Index ``documents`` now (BM25, or the frozen vocabulary's matrix), so that the next
    ``lexical_scores`` over the same documents, in this order, finds them indexed."""
    if not documents or not any(d.strip() for d in documents):
        return
    if vocabulary is None:
        if any(TOKEN.search(d) for d in documents):
            _bm25(documents)
    else:
        _fitted(documents, vocabulary)


def lexical_scores(
    job_text: str, documents: Sequence[str], vocabulary: LexicalVocabulary | None = None
) -> np.ndarray:
    """The lexical component of each document: BM25, or a frozen vocabulary's TF-IDF cosine."""
    if not documents or not any(d.strip() for d in documents):
        return np.zeros(len(documents))
    if vocabulary is None:
        return bm25_scores(job_text, documents)
    vectorizer, matrix = _fitted(documents, vocabulary)
    job = vectorizer.transform([job_text])
    return np.asarray((matrix @ job.T).toarray()).ravel()
