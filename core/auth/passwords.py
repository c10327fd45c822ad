"""Passwords: the strength a new one needs, bcrypt hashing (cost 12), and checking.

A new password needs 10 to 72 bytes' worth of characters, must not be one of the 20,000 most
common leaked passwords (``data/common-passwords.txt.gz``, compared without case) and must
reach a zxcvbn strength of at least 3 of 4, judged with the account's e-mail and name as words
an attacker would try first. Passwords are never stored or logged.
"""

from __future__ import annotations

import gzip
import re
import secrets
from collections.abc import Iterable
from functools import cache
from importlib import resources

import bcrypt
from zxcvbn import zxcvbn

from core.errors import WeakPassword

MIN_LENGTH = 10
MAX_BYTES = 72  # bcrypt ignores anything beyond 72 bytes: refuse rather than truncate silently
MIN_SCORE = 3  # zxcvbn: 3 is "safely unguessable" (about 10^8 guesses or more)
ROUNDS = 12


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common leaked passwords, lower-cased."""
    data = resources.files("core.auth") / "data" / "common-passwords.txt.gz"
    with gzip.open(data.open("rb"), "rt", encoding="utf-8") as f:
        return frozenset(line.strip().lower() for line in f if line.strip())


def _user_words(user_inputs: Iterable[str]) -> list[str]:
    """The account's e-mail and name: whole, in parts (an address's local part and domain)
    and word by word, for zxcvbn's dictionary."""
    words: list[str] = []
    for text in user_inputs:
        text = text.strip().lower()
        words += [text, *re.split(r"[@\s]+", text), *re.split(r"[^\w]+", text)]
    return list(dict.fromkeys(w for w in words if len(w) > 1))


def check_strength(password: str, *, user_inputs: Iterable[str] = ()) -> None:
    """Refuse a new password that is too short, too long, leaked or too easy to guess.

    Args:
        password: the new password.
        user_inputs: what an attacker knows of the account (e-mail, name).

    Raises:
        WeakPassword: with a sentence saying why and what would help.
    """
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_LENGTH} characters")
    if len(password.encode("utf-8")) > MAX_BYTES:
        raise WeakPassword(f"a password may have at most {MAX_BYTES} bytes")
    if password.lower() in common_passwords():
        raise WeakPassword("this password is on lists of leaked passwords: choose another")
    estimate = zxcvbn(password, user_inputs=_user_words(user_inputs))
    score = int(estimate["score"])
    if score < MIN_SCORE:
        feedback = estimate["feedback"]
        hints = " ".join([feedback.get("warning") or "", *feedback.get("suggestions", [])])
        raise WeakPassword(
            f"this password is too easy to guess (strength {score} of 4, at least {MIN_SCORE} "
            f"needed). {hints.strip() or 'Use a longer password.'}".strip(),
            score,
        )


def random_password() -> str:
    """A random password (16 characters) that passes ``check_strength``."""
    while True:
        password = secrets.token_urlsafe(12)
        try:
            check_strength(password)
        except WeakPassword:  # astronomically rare, but never hand out a weak one
            continue
        return password


def hash_password(password: str, *, user_inputs: Iterable[str] = ()) -> str:
    """A bcrypt hash of a new password, after ``check_strength`` accepted it."""
    check_strength(password, user_inputs=user_inputs)
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=ROUNDS)).decode("ascii")


def verify_password(password: str, hashed: str) -> bool:
    """Whether the password matches the hash (constant time).

    A password bcrypt cannot take (over 72 bytes) or an unusable hash is checked against
    ``DUMMY_HASH`` instead, so that every answer costs one bcrypt check.
    """
    raw = password.encode("utf-8")
    usable = bool(hashed) and len(raw) <= MAX_BYTES
    try:
        matches = bcrypt.checkpw(raw[:MAX_BYTES], (hashed if usable else DUMMY_HASH).encode())
    except ValueError:  # a malformed hash
        bcrypt.checkpw(raw[:MAX_BYTES], DUMMY_HASH.encode())
        return False
    return usable and matches


# A well-formed bcrypt hash at the cost of real ones that no known password matches: checked when
# there is no account (or no usable hash), so an unknown e-mail costs as much as a wrong password.
DUMMY_HASH = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5Q7aGhzH2e5S0f4sRkq3E1mTqjC6p9a"
