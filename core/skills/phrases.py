"""Skills a candidate names in a sentence that introduces them: "expertise in X, Y and Z".

Phrases such as "proficient in", "skilled in", "familiar with" or "areas of expertise include",
and labels such as "SPECIALTIES:" inside a paragraph, open an enumeration of skills inside prose,
in words no taxonomy may know ("sieve analysis", "database testing"). The enumeration runs to the
end of the sentence; each of its pieces is cut at the first word that cannot belong to a skill
name ("to", "for", "that" ...), cleaned like a listed item, and kept when the taxonomy knows it or
it is a short noun phrase (not a verb phrase, a setting or one ordinary word).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from spacy.lang.en.stop_words import STOP_WORDS

from core.skills.cleaning import clean, is_noise, without_version

Lookup = Callable[[str], str | None]
TRIGGER = re.compile(
    r"\b(?:expertise (?:in|with|includes?)|areas? of expertise(?: includes?)?|skilled in|"
    r"proficien(?:t|cy) (?:in|with)|familiar(?:ity)? with|speciali[sz](?:e|es|ed|ing) in|"
    r"trained in|certified in|competent in|"
    r"(?:specialit?ies|specialties|skills|competencies|strengths|expertise)(?=\s*:))\s*:?\s*",
    re.I,
)
SENTENCE_END = re.compile(r"\.(?:\s|$)|[!?]|\n(?=\s*[A-Z•*·-])|\betc\b")
PIECES = re.compile(r"\s*(?:[,;:/]|\s(?:and|&|or|as well as|plus)\s)\s*", re.I)
INSIDE = {"of", "and", "&"}
MAX_WORDS = 4
# a setting or a kind of thing rather than a skill: "accounting software", "office settings"
GENERIC_HEADS = {
    "software",
    "program",
    "programs",
    "industry",
    "setting",
    "settings",
    "field",
    "fields",
    "environment",
    "environments",
    "standards",
    "guidelines",
    "forms",
    "changes",
    "projects",
    "products",
    "drawings",
    "including",
    "designed",
    "responsible",
}


def _head(piece: str) -> str:
    """The leading run of words that can be a skill name ("Process Improvement to help" ->
    "Process Improvement"); articles and possessives before it are dropped."""
    piece = re.sub(
        r"^(?:an?\s+)?(?:wide\s+)?(?:variety|range|number)\s+of\s+", "", piece, flags=re.I
    )
    words = piece.split()
    while words and words[0].lower() in {"the", "a", "an", "all", "various", "many", "other"}:
        words.pop(0)
    head: list[str] = []
    for word in words:
        bare = word.lower().strip("().'\"")
        if bare in STOP_WORDS and bare not in INSIDE:
            break
        if head and word[:1].isupper() and head[-1][:1].islower():
            break  # "interpreter Excellent customer service": a new sentence starts
        head.append(word)
    while head and head[-1].lower() in INSIDE:
        head.pop()
    return " ".join(head)


def _phrase_like(item: str) -> bool:
    """A noun phrase or a product name, not a verb phrase, a setting or an ordinary word."""
    words = item.split()
    if len(words) == 1:
        return any(c.isupper() for c in item[1:]) or any(c.isdigit() for c in item)
    first = words[0]
    verb_led = first.islower() and first.endswith(("ing", "ly"))  # "establishing rapport"
    return not verb_led and words[-1].lower() not in GENERIC_HEADS


def _enumerations(text: str) -> Iterator[str]:
    for trigger in TRIGGER.finditer(text):
        rest = text[trigger.end() : trigger.end() + 300]
        end = SENTENCE_END.search(rest)
        yield rest[: end.start()] if end else rest


def sentence_skills(text: str, lookup: Lookup) -> list[str]:
    """Skills enumerated after an introducing phrase in the prose of ``text``, in order."""
    found: list[str] = []
    for enumeration in _enumerations(text):
        for piece in PIECES.split(re.sub(r"[()\[\]]", ",", enumeration)):
            item = clean(_head(piece))
            if not item or len(item.split()) > MAX_WORDS:
                continue
            known = lookup(item) or lookup(without_version(item))
            if (known or _phrase_like(item)) and not is_noise(item, known is not None):
                found.append(item)
    return found
