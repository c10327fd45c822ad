"""One listed skill item: cleaned of filler, and told apart from noise.

"Proficient in QuickBooks" becomes "QuickBooks", "CPR certified" becomes "CPR", "Accomplished
leader" becomes "leadership", "Creo 2.0" normalises as "Creo". Headings, sentences, dates,
numbers, placeholders, personal traits ("Quick learner") and stray words of generated keyword
lists ("notes", "focus") are noise. The word lists are in ``data/listing_words.tsv``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from core.parsing.sections import heading_of

WORDS = Path(__file__).parent / "data" / "listing_words.tsv"
KEYWORDS = (
    r"skills?|skill set|skillset|competenc(?:y|ies|es)|expertise|proficienc(?:y|ies)|highlights|"
    r"strengths|qualifications|certifications?|certificates?|licen[cs]es?|licensure|credentials|"
    r"technologies|tools|software|languages|specialties|specialities|abilities|knowledge"
)
HEADING = re.compile(rf"^(?:[A-Za-z][A-Za-z &/,\-]{{0,40}}?\s)?(?:{KEYWORDS})(?:\s+used)?$", re.I)
MOJIBAKE = re.compile(r"[Â\u00a0\u200b]|â€[‹™œ“”˜¢¦]|â€|ï¼")
YEARISH = re.compile(r"\b(?:19|20)\d{2}\b|\d{1,2}/\d{2,4}")
PLACEHOLDER = re.compile(r"\bcompany name\b|^(?:city|state)\b|\[[^]]*\]", re.I)
SENTENCE_WORDS = {"i", "my", "me", "we", "our", "am", "was", "were", "have", "has", "had", "will"}
COUNTS = re.compile(r"\b\d+\s*(?:wpm|words per minute)\b|^\d+\s*[+]?\s*(?:years?|yrs)\b.*", re.I)
LEADING_FILLER = re.compile(
    r"^(?:(?:very|highly|extremely|strong|excellent|superior|exceptional|outstanding|superb|"
    r"advanced|solid|good|great|effective|proven|extensive|in-depth|thorough|working|basic|"
    r"meticulous|profound|uncommon|remarkable|expert|foundational|some|current|valid|certified|"
    r"proficient|skilled|experienced|competent|adept|fluent|conversant|trained|familiar|"
    r"knowledgeable|talented|accomplished|(?:in-depth |working )?knowledge|experience|"
    r"proficiency|fluency|familiarity|understanding|ability|able|use|"
    r"and|or|to include|including|include|such as|e\.g\.)(?:\s+(?:in|with|at|of|to|on))?\s+)+",
    re.I,
)
TRAILING_FILLER = re.compile(
    r"\s+(?:experience|skills?|knowledge)\s+(?:in|with|of)\s+.*$|"
    r"(?:\s+(?:expert|expertise|proficiency|proficient|knowledge|experience|familiarity|"
    r"background|talent|professional|specialist|use|certified|skill|ability|abilities|"
    r"awareness))+$",
    re.I,
)
AGENT_NOUNS = {
    "thinker": "thinking",
    "strategist": "strategy",
    "negotiator": "negotiation",
    "researcher": "research",
    "communicator": "communication",
    "solver": "solving",
    "multi-tasker": "multitasking",
    "multitasker": "multitasking",
    "leader": "leadership",
    "planner": "planning",
    "organizer": "organization",
    "writer": "writing",
    "listener": "listening",
}
VERSION = re.compile(r"\s+(?:v?\d+(?:\.\d+)*[a-z]?|[xX]\d+|CS\d(?:\.\d)?|CC|R\d)$")


@lru_cache(maxsize=1)
def word_lists() -> dict[str, frozenset[str]]:
    """Kind ("trait", "level", "noise", "heading") -> words, from ``listing_words.tsv``."""
    kinds: dict[str, set[str]] = {}
    for line in WORDS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, word = line.split("\t")
            kinds.setdefault(kind, set()).add(word)
    return {kind: frozenset(words) for kind, words in kinds.items()}


def without_version(item: str) -> str:
    """ "Creo 2.0" -> "Creo", "Moodle 1.9 and 2.4" -> "Moodle" (the product, for normalising)."""
    item = re.sub(r"\s+(?:and|&)\s+v?\d+(?:\.\d+)*$", "", item)
    while VERSION.search(item):
        item = VERSION.sub("", item)
    return item


def _strip_traits(item: str) -> str:
    """ "Reliable team worker" -> "team worker": personal traits before a skill go."""
    traits = word_lists()["trait"] | {"and", "&"}
    words = item.split()
    while len(words) > 1 and words[0].lower().strip(",") in traits:
        words.pop(0)
    return " ".join(words)


def _agent_to_skill(item: str) -> str:
    """ "Conceptual thinker" -> "Conceptual thinking": a skill, not a person."""
    words = item.split()
    if 1 <= len(words) <= 3 and words[-1].lower() in AGENT_NOUNS:
        words[-1] = AGENT_NOUNS[words[-1].lower()]
    return " ".join(words)


def clean(item: str) -> str:
    """An item without encoding debris, counts ("60 WPM"), filler words and leading traits."""
    item = COUNTS.sub("", MOJIBAKE.sub(" ", item))
    item = re.sub(r"\s+", " ", item).strip(" .:-–—•*·\"'")
    previous = None
    while previous != item:
        previous = item
        item = LEADING_FILLER.sub("", item).strip(" .:-–—")
        item = TRAILING_FILLER.sub("", item).strip(" .:-–—")
        item = _strip_traits(item)
    return _agent_to_skill(item)


def is_noise(item: str, known: bool) -> bool:
    """A heading, sentence, date, number, personal trait or filler word rather than a skill.

    ``known`` says the taxonomy names the item: then only its length can make it noise.
    """
    words = item.lower().split()
    if not words or len(item) < 2 or len(item) > 60:
        return True
    if known:
        return False
    if not any(c.isalpha() for c in item) or "@" in item or "http" in item.lower():
        return True
    if PLACEHOLDER.search(item) or YEARISH.search(item):
        return True
    if len(item) <= 3 and not item.isupper():
        return True  # "pre", "etc"; "DBA" or "MAS" may be a product
    if len(words) > 6 or SENTENCE_WORDS & set(words) or item.endswith(("!", "?")):
        return True
    lists = word_lists()
    if item.lower() in lists["heading"] or (len(words) > 1 and heading_of(item) is not None):
        return True
    filler = lists["trait"] | lists["level"] | STOP_WORDS
    if all(w.strip("()&/,") in filler for w in words):
        return True
    return item.lower() in lists["noise"]
