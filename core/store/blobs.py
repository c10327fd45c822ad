"""Raw files stored content-addressed (``<sha256>.<ext>``); user file names are display text."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    """A directory of immutable files named by their hash."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str, kind: str) -> Path:
        """Where a blob lives (two-level fan-out keeps directories small)."""
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError("not a sha256 hex digest")
        if not kind.isalnum():
            raise ValueError("bad extension")
        return self.root / sha256[:2] / f"{sha256}.{kind}"

    def put(self, data: bytes, kind: str) -> str:
        """Store ``data`` atomically (once); returns its hash."""
        digest = sha256_of(data)
        path = self.path_for(digest, kind)
        if path.exists():
            return digest
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        return digest

    def get(self, sha256: str, kind: str) -> bytes:
        """The bytes of a stored blob."""
        return self.path_for(sha256, kind).read_bytes()
