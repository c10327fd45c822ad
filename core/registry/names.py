"""How scoring versions are named: the built-in default's key and the name pages show."""

from __future__ import annotations

BUILTIN = "builtin"


def version_name(version: str) -> str:
    """How pages name a scoring version: "built-in default" or "version 3"."""
    return "built-in default" if version == BUILTIN else f"version {version}"
