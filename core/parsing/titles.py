"""Job-title recognition: a phrase is a title when one of its words is an occupation's head word.

Head words ("engineer", "advertiser", "paralegal", ...) are derived from O*NET job titles (see the
attribution in ``data/title_words.txt``); a few abbreviations used in tech resumes are added here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "title_words.txt"
EXTRA = {
    "sde",
    "sre",
    "swe",
    "qa",
    "devops",
    "cto",
    "ceo",
    "cfo",
    "coo",
    "cio",
    "vp",
    "svp",
    "evp",
    "lead",
    "intern",
    "head",
    "founder",
    "co-founder",
    "cofounder",
    "president",
    "principal",
    "staff",
    "freelancer",
    "volunteer",
    "trainee",
    "partner",
    "owner",
    "fellow",
    "executive",
    "officer",
    "advisor",
    "consultant",
    "manager",
    "engineer",
    "developer",
    "analyst",
    "director",
}
# Words O*NET uses as heads that in resumes mostly name an employer ("The Ivy Restaurant",
# "Mercy General Hospital", "Wilder Tech"); their plurals likewise ("Smith & Associates").
NOT_HEADS = frozenset(
    {"restaurant", "general", "health", "school", "service", "shop", "tech", "foods"}
    | {"associates", "partners", "traders", "systems", "services", "solutions"}
)
MAX_WORDS = 8
_WORD = re.compile(r"[a-z][a-z-]*")


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Every head word that marks a job title."""
    lines = DATA.read_text(encoding="utf-8").splitlines()
    words = frozenset(line.strip() for line in lines if line and not line.startswith("#"))
    return (words | EXTRA) - NOT_HEADS


def is_title(phrase: str) -> bool:
    """Whether a short phrase names a job ("Senior Data Scientist", "Advertiser")."""
    words = _WORD.findall(phrase.lower())
    if not words or len(words) > MAX_WORDS:
        return False
    heads = title_words()
    return any(w in heads or (w not in NOT_HEADS and w.rstrip("s") in heads) for w in words)


def title_at_end(phrase: str) -> bool:
    """Whether one of the last two words is a title word ("... Engineer II")."""
    return is_title(" ".join(phrase.split()[-2:]))
