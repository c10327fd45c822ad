"""Skills of a resume: what the candidate lists under skills-like headings, plus taxonomy skills
named anywhere in the text.

Listed items are an open vocabulary: an item the taxonomy knows becomes its preferred label
("MS AD" -> "Active Directory"), any other is kept as written (cleaned). Taxonomy matches in
sentences ("documented care in Cerner") count too, except ambiguous forms ("Go", "R", a generic
one-word label), which count only when they are also listed.
"""

from __future__ import annotations

import re

from core.parsing.nlp import match_skills
from core.skills.cleaning import without_version
from core.skills.listing import listed_skills
from core.skills.taxonomy import get_taxonomy

LISTED_WEIGHT = 3
WRAPPED = re.compile(r"(?<=[a-z,])\n(?=[a-z])")


def _key(skill: str) -> str:
    return " ".join(re.sub(r"[^\w+#]+", " ", skill.lower()).split())


def _display(item: str, skill: str | None) -> str:
    """The preferred label of a known item (scoring compares it with job skills), else the item."""
    return item if skill is None else skill


def find_skills(text: str, sections: dict[str, str], name: str | None) -> tuple[list[str], float]:
    """Normalised skills, most prominent first, and the confidence of the list.

    Skills-like headings are found in ``text`` itself, because a resume names them in many ways
    ("Nursing Expertise", "Core Qualifications"); the education section of ``sections`` is left
    out of the sentence matches (a major in "Public Relations" is not a skill).
    """
    taxonomy = get_taxonomy()
    if name:
        text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    listed_keys: set[str] = set()
    for item in listed_skills(text, taxonomy.lookup):
        skill = taxonomy.lookup(item) or taxonomy.lookup(without_version(item))
        key = _key(skill or item)
        shown.setdefault(key, _display(item, skill))
        listed_keys.add(_key(item))
        counts[key] = counts.get(key, 0) + LISTED_WEIGHT
    education = {line.strip() for line in sections.get("education", "").splitlines()}
    prose = "\n".join(line for line in text.splitlines() if line.strip() not in education)
    prose = WRAPPED.sub(" ", prose)  # "conflict\nresolution": one phrase wrapped onto two lines
    for match in match_skills(prose):
        key = _key(match.skill)
        if match.ambiguous and key not in counts and _key(match.surface) not in listed_keys:
            continue
        shown.setdefault(key, match.skill)
        counts[key] = counts.get(key, 0) + 1
    ranked = sorted(counts, key=lambda k: -counts[k])
    listed = any(c >= LISTED_WEIGHT for c in counts.values())
    confidence = 0.9 if listed else (0.7 if ranked else 0.0)
    return [shown[k] for k in ranked], confidence
