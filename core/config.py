"""Settings: the only place that reads the environment.

Every field is documented in the README's configuration table (a test keeps the two in step).
Names are ``TALENTFLOW_<FIELD>`` unless an alias says otherwise (``DATABASE_URL`` is the
conventional name for a database connection string).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_home() -> Path:
    """``workspace/`` in the checkout, so the app and the CLI share it from any directory."""
    return Path(__file__).resolve().parents[1] / "workspace"


class Settings(BaseSettings):
    """Runtime configuration, read from the environment and an optional ``.env`` file."""

    model_config = SettingsConfigDict(env_prefix="TALENTFLOW_", env_file=".env", extra="ignore")

    home: Path = Field(
        default_factory=_default_home,
        description="Workspace directory holding everything the app writes.",
    )
    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "TALENTFLOW_DATABASE_URL"),
        description="SQLAlchemy URL; default is a SQLite file in the workspace.",
    )
    max_upload_mb: float = Field(default=10.0, gt=0, description="Largest accepted file, in MB.")
    max_zip_mb: float = Field(
        default=200.0, gt=0, description="Largest accepted .zip upload, in MB."
    )
    max_zip_expanded_mb: float = Field(
        default=250.0,
        gt=0,
        description="Most data one .zip may expand to, in MB (its entries' sizes added up).",
    )
    max_batch_mb: float = Field(
        default=250.0,
        gt=0,
        description="Most data one upload may amount to, its zips expanded, in MB (counted while "
        "they are read; files past it are rejected unread).",
    )
    upload_files_per_hour: int = Field(
        default=1000,
        gt=0,
        description="Most files one user (admins too) may upload in an hour; the command line "
        "is not counted.",
    )
    max_pages: int = Field(default=50, gt=0, description="Most pages accepted in one document.")
    max_batch_files: int = Field(default=500, gt=0, description="Most files in one upload or zip.")
    parse_timeout_s: float = Field(
        default=20.0, gt=0, description="Wall-clock limit for extracting one file's text."
    )
    parse_memory_mb: int = Field(
        default=1536, gt=64, description="Address-space limit of the extraction process, in MB."
    )
    ocr_max_pages: int = Field(
        default=10, ge=0, description="Most scanned pages read by OCR in one document; 0: no OCR."
    )
    ocr_page_timeout_s: float = Field(
        default=30.0, gt=0, description="Time limit of OCR for one scanned page."
    )
    ocr_languages: str = Field(
        default="eng",
        pattern=r"^[A-Za-z_]+(\+[A-Za-z_]+)*$",
        description="Tesseract languages joined by +, e.g. eng+deu (tesseract-ocr-* packages).",
    )
    max_text_chars: int = Field(
        default=100_000, gt=1000, description="Text beyond this length is cut before NLP."
    )
    parse_workers: int = Field(default=2, gt=0, description="Extraction processes running at once.")
    qdrant_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("QDRANT_URL", "TALENTFLOW_QDRANT_URL"),
        description="Qdrant server or cluster; default is the embedded engine in the workspace.",
    )
    qdrant_api_key: str | None = Field(
        default=None,
        validation_alias=AliasChoices("QDRANT_API_KEY", "TALENTFLOW_QDRANT_API_KEY"),
        description="API key for the Qdrant server.",
    )
    private_hosts: str = Field(
        default="",
        description=(
            "Comma-separated host names reachable only on a private network (compose service "
            "names); plain http to them passes the start-up check. Keys are still required."
        ),
    )
    embedding_backend: str = Field(
        default="torch", description="Embedding backend: torch, onnx-fp32 or onnx-quint8."
    )
    anthropic_api_key: str | None = Field(
        default=None,
        validation_alias=AliasChoices("ANTHROPIC_API_KEY", "TALENTFLOW_ANTHROPIC_API_KEY"),
        description="Enables explanations written by Claude; without it a template writes them.",
    )
    anthropic_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("ANTHROPIC_BASE_URL", "TALENTFLOW_ANTHROPIC_BASE_URL"),
        description="Messages API endpoint (a proxy or gateway); the SDK default otherwise.",
    )
    llm_model: str = Field(
        default="claude-haiku-4-5", description="Model that writes explanations."
    )
    llm_timeout_s: float = Field(default=20.0, gt=0, description="Time limit of one LLM call.")
    audit_retention_days: int = Field(
        default=183, ge=183, description="Audit events are kept at least this many days."
    )
    sso: bool = Field(
        default=False,
        description="Offer single sign-on through st.login (configure [auth] in secrets.toml).",
    )
    session_hours: float = Field(
        default=12.0,
        gt=0,
        description="How long a sign-in lasts, reloads included, before signing in again.",
    )
    session_cookie_secure: bool = Field(
        default=False,
        description="Send the session cookie over HTTPS only (set true behind HTTPS).",
    )
    low_confidence: float = Field(
        default=0.6, ge=0, le=1, description="Fields below this confidence are flagged for review."
    )
    show_error_details: bool = Field(
        default=False,
        description="Show tracebacks in the browser instead of a plain message (development).",
    )
    confident_at: float = Field(
        default=0.9,
        ge=0,
        le=1,
        description="Fields at or above this (calibrated) confidence are shown as confident.",
    )
    mlflow_tracking_uri: str | None = Field(
        default=None,
        validation_alias=AliasChoices("MLFLOW_TRACKING_URI", "TALENTFLOW_MLFLOW_TRACKING_URI"),
        description="MLflow tracking server for model versions; default: SQLite in the workspace.",
    )
    drift_psi_threshold: float = Field(
        default=0.2, gt=0, description="Score-distribution PSI above this raises a drift alert."
    )
    drift_kl_threshold: float = Field(
        default=0.1,
        gt=0,
        description="Score KL divergence above this raises an alert.",
    )
    drift_skill_threshold: float = Field(
        default=0.25,
        gt=0,
        description="PSI of new resumes' skill mix above this raises an alert.",
    )
    drift_centroid_threshold: float = Field(
        default=0.05,
        gt=0,
        description="Embedding-centroid cosine distance above this raises an alert.",
    )
    drift_webhook_url: str | None = Field(
        default=None, description="Drift alerts are also POSTed as JSON to this URL."
    )
    retention_months: float | None = Field(
        default=None,
        gt=0,
        description="Erase candidates with no activity for this many months (daily by the "
        "workers, or python -m core retention); unset: kept until erased.",
    )
    load_demo: bool = Field(
        default=True, description="Load the demo data set into an empty workspace on start."
    )
    work_database_url: str | None = Field(
        default=None,
        description="Database of the background-work engine (its queues and durable steps); "
        "default: the PostgreSQL database when DATABASE_URL is one, else a SQLite file.",
    )
    work_concurrency: int = Field(
        default=1, gt=0, description="Ingest batches one worker process runs at once."
    )
    app_worker: bool = Field(
        default=True,
        description="The app runs a background worker itself (off when workers run elsewhere).",
    )

    @property
    def db_url(self) -> str:
        """The database URL in force (SQLite in the workspace unless configured)."""
        return self.database_url or f"sqlite:///{self.home / 'talentflow.db'}"

    @property
    def work_db_url(self) -> str:
        """The background-work engine's database in force."""
        if self.work_database_url:
            return self.work_database_url
        if self.database_url and self.database_url.startswith("postgresql"):
            return self.database_url
        return f"sqlite:///{self.home / 'work.db'}"

    @property
    def staging_dir(self) -> Path:
        """Where queued uploads wait for a worker, named by their content hash."""
        return self.home / "incoming"

    @property
    def files_dir(self) -> Path:
        """Where raw uploaded files are stored, content-addressed."""
        return self.home / "files"

    @property
    def index_dir(self) -> Path:
        """Where the embedded vector index lives."""
        return self.home / "index"

    @property
    def tracking_uri(self) -> str:
        """The MLflow tracking and registry store in force."""
        return self.mlflow_tracking_uri or f"sqlite:///{self.mlflow_db}"

    @property
    def mlflow_db(self) -> Path:
        """The local MLflow store, used when no tracking server is configured."""
        return self.home / "mlflow.db"

    @property
    def models_dir(self) -> Path:
        """Where exported and downloaded models are kept."""
        return self.home / "models"

    @property
    def max_upload_bytes(self) -> int:
        """The size cap in bytes."""
        return int(self.max_upload_mb * 1024 * 1024)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; tests clear the cache after changing the environment)."""
    return Settings()
