"""What a scoring model version is: the embedder, its backend, the lexical vocabulary, defaults."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from core.embeddings import BASE_MODEL
from core.scoring.model import Weights

CONFIG_FILE = "config.json"
EMBEDDER_DIR = "embedder"
LEXICAL_FILE = "lexical.json"


class ScoringConfig(BaseModel):
    """A scoring configuration. Fine-tuned embedder weights and a frozen lexical vocabulary are
    artifacts of the version (``embedder/``, ``lexical.json``); the rest is this document."""

    embedder: str = Field(default=BASE_MODEL, description="Embedding model name.")
    fine_tuned: bool = Field(default=False, description="Embedder weights are in the artifacts.")
    backend: str = Field(default="torch", description="Embedding backend.")
    lexical: Literal["pool", "frozen"] = Field(
        default="pool",
        description="BM25 over the candidate pool, or a frozen TF-IDF vocabulary artifact.",
    )
    weights: Weights = Field(default_factory=Weights, description="Default weights of new jobs.")

    def summary(self) -> str:
        """One line for tables."""
        embedder = f"{self.embedder} (fine-tuned)" if self.fine_tuned else self.embedder
        return f"{embedder}, {self.backend}, lexical {self.lexical}"
