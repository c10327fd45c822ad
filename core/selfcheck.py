"""The start-up self-check: settings that are unsafe for a real deployment, and how to fix each.

Refused: error details shown to users; a Qdrant server off this machine without an API key, or
over plain http (unless its host is named in ``TALENTFLOW_PRIVATE_HOSTS``); a plain-http LLM
gateway; default or demo secrets (a database password or Qdrant key from the well-known list or
shorter than 12 characters, demo account passwords still kept in the workspace).

A workspace in demo mode (``TALENTFLOW_LOAD_DEMO``, the laptop default) may run with them; any
other start is refused until they are changed (``scripts/serve.py`` runs the check).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlparse

from core.config import Settings

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
DEFAULT_SECRETS = frozenset(
    {
        "", "admin", "changeme", "change-me", "default", "example", "mlflow", "pass", "password",
        "postgres", "qdrant", "root", "secret", "talentflow", "test", "123456", "12345678",
    }
)  # fmt: skip
MIN_SECRET_LENGTH = 12
DEMO_ACCOUNTS_FILE = "demo-accounts.txt"


def _loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _weak(secret: str | None) -> bool:
    return (secret or "").lower() in DEFAULT_SECRETS or len(secret or "") < MIN_SECRET_LENGTH


def _private(settings: Settings, host: str) -> bool:
    names = {h.strip().lower() for h in settings.private_hosts.split(",") if h.strip()}
    return _loopback(host) or host.lower() in names


def _secrets(settings: Settings) -> list[str]:
    """Default, short or demo secrets."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    problems = []
    for name, value in (
        ("DATABASE_URL", settings.database_url),
        ("TALENTFLOW_WORK_DATABASE_URL", settings.work_database_url),
    ):
        if not value or value.startswith("sqlite"):
            continue
        try:
            url = make_url(value)
        except ArgumentError:
            continue
        if not _loopback(url.host or "localhost") and _weak(url.password):
            problems.append(
                f"{name} uses a default or short database password: set one of at least "
                f"{MIN_SECRET_LENGTH} characters that is not a well-known default."
            )
    if settings.qdrant_url and settings.qdrant_api_key is not None:
        host = urlparse(settings.qdrant_url).hostname or ""
        if not _loopback(host) and _weak(settings.qdrant_api_key):
            problems.append(
                f"QDRANT_API_KEY is a default or short key: use a random key of at least "
                f"{MIN_SECRET_LENGTH} characters."
            )
    demo_accounts = settings.home / DEMO_ACCOUNTS_FILE
    if demo_accounts.exists():
        problems.append(
            f"the demo accounts' passwords are kept in plain text in {demo_accounts}: reset or "
            "deactivate those accounts (python -m core users reset|deactivate EMAIL), then delete "
            "the file."
        )
    return problems


def unsafe_settings(settings: Settings) -> list[str]:
    """One sentence per unsafe setting, naming the setting to change."""
    problems = []
    if settings.show_error_details:
        problems.append(
            "TALENTFLOW_SHOW_ERROR_DETAILS is on: users would see tracebacks; set it to false."
        )
    if settings.qdrant_url:
        url = urlparse(settings.qdrant_url)
        host = url.hostname or ""
        if not _loopback(host) and not settings.qdrant_api_key:
            problems.append(
                "QDRANT_URL points at a server off this machine without QDRANT_API_KEY: set the "
                "server's API key."
            )
        if not _private(settings, host) and url.scheme != "https":
            problems.append(
                "QDRANT_URL is plain http off this machine: use https so resume text is encrypted "
                "in transit (or name the host in TALENTFLOW_PRIVATE_HOSTS if only a private "
                "network reaches it)."
            )
    if settings.anthropic_base_url:
        url = urlparse(settings.anthropic_base_url)
        if url.scheme != "https" and not _private(settings, url.hostname or ""):
            problems.append(
                "ANTHROPIC_BASE_URL is plain http off this machine: use an https gateway."
            )
    return problems + _secrets(settings)


def refusal(settings: Settings) -> str | None:
    """Why the app must not start with these settings (None: it may)."""
    problems = unsafe_settings(settings)
    if not problems or settings.load_demo:
        return None
    lines = "\n".join(f"- {p}" for p in problems)
    return (
        "TalentFlow will not start with unsafe settings outside demo mode "
        f"(TALENTFLOW_LOAD_DEMO=false):\n{lines}"
    )
