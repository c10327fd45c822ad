"""Password hashing with bcrypt (cost 12); passwords are never stored or logged."""

from __future__ import annotations

import bcrypt

from core.errors import InvalidInput

MIN_LENGTH = 10
MAX_BYTES = 72  # bcrypt ignores anything beyond 72 bytes: refuse rather than truncate silently


def check_strength(password: str) -> None:
    """Refuse passwords that are too short or too long for bcrypt."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"a password needs at least {MIN_LENGTH} characters")
    if len(password.encode("utf-8")) > MAX_BYTES:
        raise InvalidInput(f"a password may have at most {MAX_BYTES} bytes")


def hash_password(password: str) -> str:
    """A bcrypt hash of a password that passed ``check_strength``."""
    check_strength(password)
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=12)).decode("ascii")


def verify_password(password: str, hashed: str) -> bool:
    """Whether the password matches the hash (constant time)."""
    if not hashed or len(password.encode("utf-8")) > MAX_BYTES:
        return False
    try:
        return bcrypt.checkpw(password.encode("utf-8"), hashed.encode("ascii"))
    except ValueError:
        return False
