"""The start-up self-check: settings that are unsafe for a real deployment, and how to fix each.

A workspace in demo mode (``TALENTFLOW_LOAD_DEMO``, the laptop default) may run with them; any
other start is refused until they are changed (``scripts/serve.py`` runs the check).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlparse

from core.config import Settings

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def _loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def unsafe_settings(settings: Settings) -> list[str]:
    """One sentence per unsafe setting, naming the setting to change."""
    problems = []
    if settings.show_error_details:
        problems.append(
            "TALENTFLOW_SHOW_ERROR_DETAILS is on: users would see tracebacks; set it to false."
        )
    if settings.qdrant_url:
        url = urlparse(settings.qdrant_url)
        remote = not _loopback(url.hostname or "")
        if remote and not settings.qdrant_api_key:
            problems.append(
                "QDRANT_URL points at a server off this machine without QDRANT_API_KEY: set the "
                "server's API key."
            )
        if remote and url.scheme != "https":
            problems.append(
                "QDRANT_URL is plain http off this machine: use https so resume text is encrypted "
                "in transit."
            )
    if settings.anthropic_base_url:
        url = urlparse(settings.anthropic_base_url)
        if url.scheme != "https" and not _loopback(url.hostname or ""):
            problems.append(
                "ANTHROPIC_BASE_URL is plain http off this machine: use an https gateway."
            )
    return problems


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
