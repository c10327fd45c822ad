"""Turn a registered version (or the built-in default) into the objects scoring uses."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.config import Settings
from core.embeddings import Encoder, encoder_version, get_encoder
from core.registry.mlflow_store import MODEL_NAME, Registry
from core.registry.names import BUILTIN, version_name
from core.registry.scoring_config import EMBEDDER_DIR, LEXICAL_FILE, ScoringConfig
from core.scoring.lexical import LexicalVocabulary


@dataclass(frozen=True)
class ScoringModel:
    """A scoring version ready to use: its encoder and, if frozen, its lexical vocabulary."""

    version: str
    config: ScoringConfig
    encoder: Encoder = field(repr=False)
    vocabulary: LexicalVocabulary | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        """How pages name the version: "built-in default" or "version 3"."""
        return version_name(self.version)

    @property
    def description(self) -> str:
        """The version with what it is: "version 3 (fine-tuned, frozen vocabulary)"."""
        traits = [
            *(["fine-tuned"] if self.config.fine_tuned else []),
            *(["frozen vocabulary"] if self.config.lexical == "frozen" else []),
        ]
        return f"{self.label} ({', '.join(traits)})" if traits else self.label


def builtin_model(settings: Settings) -> ScoringModel:
    """The default configuration, used until a version is registered and promoted."""
    config = ScoringConfig(backend=settings.embedding_backend)
    encoder = get_encoder(config.backend, str(settings.models_dir))
    return ScoringModel(BUILTIN, config, encoder)


def _tuned_name(version: str, run_id: str) -> str:
    return f"{MODEL_NAME}-v{version}-{run_id[:8]}"


def encoder_version_of(settings: Settings, registry: Registry | None, version: str) -> str:
    """The embedding model version a scoring version uses, read without loading any model."""
    if version == BUILTIN or registry is None:
        return encoder_version(settings.embedding_backend)
    described = registry.get(version)
    if described.config.fine_tuned:
        return encoder_version("torch", _tuned_name(version, described.run_id))
    return encoder_version(described.config.backend)


def load_version(settings: Settings, registry: Registry, version: str) -> ScoringModel:
    """A registered version with its artifacts fetched into the workspace."""
    if version == BUILTIN:
        return builtin_model(settings)
    described = registry.get(version)
    config = described.config
    folder = registry.local_dir(version)
    if config.fine_tuned:
        encoder = get_encoder(
            "torch",
            str(settings.models_dir),
            str(folder / EMBEDDER_DIR),
            _tuned_name(version, described.run_id),
        )
    else:
        encoder = get_encoder(config.backend, str(settings.models_dir))
    vocabulary = (
        LexicalVocabulary.load(folder / LEXICAL_FILE) if config.lexical == "frozen" else None
    )
    return ScoringModel(version, config, encoder, vocabulary)
