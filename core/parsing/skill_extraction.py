"""Skills of a resume: what the candidate lists under skills-like headings, plus taxonomy skills
named anywhere in the text.

Listed items are an open vocabulary: an item the taxonomy knows becomes its preferred label
("MS AD" -> "Active Directory"), any other is kept as written (cleaned). Taxonomy matches in
sentences ("documented care in Cerner") count too, except ambiguous forms ("Go", "R", a generic
one-word label), which count only when they are also listed or enumerated after a phrase such as
"proficient in" (``core.skills.phrases``, whose items count as well). One skill written twice
("database management", "Database management systems") is given once.
"""

from __future__ import annotations

import re

from core.parsing.nlp import match_skills
from core.skills.cleaning import without_version
from core.skills.listing import listed_skills
from core.skills.phrases import sentence_skills
from core.skills.taxonomy import get_taxonomy

LISTED_WEIGHT = 3
SENTENCE_WEIGHT = 2
MODIFIED_NOUNS = {
    "area",
    "areas",
    "company",
    "companies",
    "department",
    "departments",
    "division",
    "office",
    "offices",
    "industry",
    "firm",
    "firms",
    "agency",
    "agencies",
    "project",
    "projects",
    "options",
    "manager",
    "managers",
    "supervisor",
    "director",
    "clerk",
    "assistant",
    "team",
    "staff",
    "program",
    "programs",
    "course",
    "courses",
    "class",
    "classes",
    "degree",
    "county",
}
WRAPPED = re.compile(r"(?<=[a-z,])\n(?=[a-z])")


def _key(skill: str) -> str:
    """One key for the forms of a skill: case, punctuation and a plural "s" aside."""
    words = re.sub(r"[^\w+#]+", " ", skill.lower()).split()
    return " ".join(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words
    )


def _display(item: str, skill: str | None) -> str:
    """The preferred label of a known item (scoring compares it with job skills), else the item."""
    return item if skill is None else skill


def _modifies(prose: str, end: int) -> bool:
    """A match that only names a kind of place, unit or post ("food preparation areas",
    "accounting department", "home health companies"), not something the candidate can do."""
    following = re.match(r"[ \t]+([A-Za-z]+)", prose[end : end + 30])
    return following is not None and following[1].lower() in MODIFIED_NOUNS


def _add(counts: dict[str, int], shown: dict[str, str], item: str, weight: int) -> None:
    """Count a named item under its skill's key (its preferred label if the taxonomy knows it)."""
    taxonomy = get_taxonomy()
    skill = taxonomy.lookup(item) or taxonomy.lookup(without_version(item))
    key = _key(skill or item)
    shown.setdefault(key, _display(item, skill))
    counts[key] = counts.get(key, 0) + weight


def _restates(item: str, counts: dict[str, int]) -> bool:
    """An unknown phrase around a skill already found ("GAAP guidelines" once "GAAP" is in)."""
    taxonomy = get_taxonomy()
    if taxonomy.lookup(item) or taxonomy.lookup(without_version(item)):
        return False
    words = _key(item).split()
    runs = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
    return any(run in counts for run in runs)


def _within(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return n < len(long) and any(long[i : i + n] == short for i in range(len(long) - n + 1))


def _without_restatements(ranked: list[str], shown: dict[str, str]) -> list[str]:
    """Drop an unknown item that restates another skill found ("database management" next to
    "Database management systems"): one skill, written twice."""
    taxonomy = get_taxonomy()
    unknown = {k for k in ranked if taxonomy.lookup(shown[k]) is None}
    words = {k: k.split() for k in ranked}
    return [
        k
        for k in ranked
        if k not in unknown
        or not any(_within(words[k], words[other]) for other in ranked if other not in unknown)
    ]


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
    education = {line.strip() for line in sections.get("education", "").splitlines()}
    prose = "\n".join(line for line in text.splitlines() if line.strip() not in education)
    prose = WRAPPED.sub(" ", prose)  # "conflict\nresolution": one phrase wrapped onto two lines
    listed = listed_skills(text, taxonomy.lookup)
    in_sentences = sentence_skills(prose, taxonomy.lookup)
    for item in listed:
        _add(counts, shown, item, LISTED_WEIGHT)
    listed_keys = {_key(item) for item in [*listed, *in_sentences]}
    for match in match_skills(prose):
        key = _key(match.skill)
        if _modifies(prose, match.end) and key not in counts:
            continue
        if match.ambiguous and key not in counts and _key(match.surface) not in listed_keys:
            continue
        shown.setdefault(key, match.skill)
        counts[key] = counts.get(key, 0) + 1
    for item in in_sentences:
        if _restates(item, counts):
            continue
        _add(counts, shown, item, SENTENCE_WEIGHT)
    ranked = _without_restatements(sorted(counts, key=lambda k: -counts[k]), shown)
    confidence = 0.9 if listed else (0.7 if ranked else 0.0)
    return [shown[k] for k in ranked], confidence
