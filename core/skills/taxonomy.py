"""The skills taxonomy and the matcher that finds its skills in text.

Skills come from ``data/onet_skills.tsv`` (technology products, derived from O*NET),
``data/esco_skills.tsv`` (skills and knowledge of every sector, derived from ESCO; see each file's
first line for the attribution) and ``data/aliases.tsv`` (aliases, abbreviations, versions and
cross-sector skills written for TalentFlow; an alias decides the preferred label). Single-word
names match case-sensitively (plus their upper-case form, and the lower-case form when that is not
an ordinary English word) so "Go", "Excel" or "Slack" in prose are not skills; names of one or two
characters ("C", "R") and one-word ESCO labels many concepts share count only inside a skills list.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

DATA = Path(__file__).parent / "data"
COMMON_WORDS = set(STOP_WORDS) | {
    "go",
    "excel",
    "word",
    "slack",
    "zoom",
    "box",
    "chef",
    "puppet",
    "swift",
    "spark",
    "hive",
    "access",
    "project",
    "teams",
    "office",
    "express",
    "flask",
    "pig",
    "storm",
    "ruby",
    "rust",
    "shark",
    "gem",
    "maven",
    "ant",
    "make",
    "node",
    "react",
    "elixir",
    "julia",
    "dart",
    "crystal",
    "pascal",
    "scheme",
    "prolog",
    "basic",
    "logo",
    "sage",
    "outlook",
    "notes",
    "drive",
    "meet",
    "mode",
    "visual",
    "windows",
    "unity",
    "blender",
    "maya",
    "houdini",
    "nuke",
    "vault",
    "consul",
    "terraform",
    "airflow",
    "prefect",
    "luigi",
    "dash",
    "streamlit",
    "kite",
    "atom",
    "vim",
    "emacs",
    "sketch",
    "invision",
    "marvel",
    "origin",
    "stata",
    "eviews",
    "gauss",
    "alpha",
    "beta",
    "delta",
    "sigma",
    "lambda",
    "echo",
    "oracle",
    "sap",
    "ibm",
    "apple",
    "amazon",
    "google",
    "microsoft",
    "facebook",
    "twitter",
    "linkedin",
    "instagram",
    "email",
    "database",
    "server",
    "cloud",
    "cache",
    "commerce",
    "data",
    "design",
    "analysis",
    "statistics",
    "marketing",
    "sales",
    "audit",
    "leadership",
    "communication",
    "scrum",
    "agile",
    "compass",
    "quicken",
    "pulse",
    "canvas",
    "connect",
    "building",
    "systems",
    "fast",
    "edge",
    "stream",
    "bridge",
    "flow",
    "live",
    "doe",
}


@dataclass(frozen=True)
class Skill:
    """One skill of the taxonomy."""

    name: str
    category: str
    hot: bool
    occupations: int


@dataclass(frozen=True)
class SkillMatch:
    """A skill found in text, with the surface form and character span it was found at."""

    skill: str
    surface: str
    start: int
    end: int
    ambiguous: bool


def _rows(path: Path) -> Iterable[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.reader((line for line in f if not line.startswith("#")), delimiter="\t"):
            if row:
                yield row


class Taxonomy:
    """Skills with their surface forms; ``canonical`` maps any form to its skill name."""

    def __init__(
        self,
        onet_path: Path = DATA / "onet_skills.tsv",
        aliases_path: Path = DATA / "aliases.tsv",
        esco_path: Path | None = DATA / "esco_skills.tsv",
        words_path: Path = DATA / "common_words.tsv",
    ) -> None:
        self.skills: dict[str, Skill] = {}
        self.forms: dict[str, str] = {}
        self.ambiguous_forms: set[str] = set()
        self.curated: set[str] = set()  # skills named in aliases.tsv
        self.common_words = {w for (w,) in _rows(words_path)} if words_path.exists() else set()
        rows = iter(_rows(onet_path))
        next(rows)  # header
        for name, category, hot, occupations, variants in rows:
            self.skills[name] = Skill(name, category, hot == "Y", int(occupations))
            for form in [name, *filter(None, variants.split("|"))]:
                if form == name or hot == "Y" or not self._is_plain_word(form):
                    self.forms.setdefault(form, name)
        if esco_path is not None and esco_path.exists():
            self._add_esco(esco_path)
        self._add_aliases(aliases_path)
        self._folded = {k.lower(): v for k, v in self.forms.items() if " " in k or not k.isalpha()}
        self._any_case = {k.lower(): v for k, v in self.forms.items()}

    def _is_plain_word(self, form: str) -> bool:
        """An ordinary English word ("Director" of "Adobe Director"), not a product name."""
        return form.isalpha() and form.lower() in self.common_words

    def _add_aliases(self, path: Path) -> None:
        """Aliases decide: a form they name leaves every other skill, in any letter case."""
        by_lower: dict[str, list[str]] = {}
        for form in self.forms:
            by_lower.setdefault(form.lower(), []).append(form)
        for name, aliases in _rows(path):
            self.skills.setdefault(name, Skill(name, "General", True, 0))
            self.curated.add(name)
            for form in [name, *aliases.split("|")]:
                multi = " " in form or not form.isalpha()
                for other in by_lower.get(form.lower(), []) if multi else []:
                    if self.forms.get(other) not in (None, name):
                        del self.forms[other]
                self.forms[form] = name
                by_lower.setdefault(form.lower(), []).append(form)

    def _add_esco(self, path: Path) -> None:
        rows = iter(_rows(path))
        next(rows)  # header
        taken = {form.lower() for form in self.forms}
        for name, ambiguous, variants in rows:
            forms = [
                f for f in [name, *filter(None, variants.split("|"))] if f.lower() not in taken
            ]
            if not forms:
                continue  # O*NET already names it
            self.skills.setdefault(name, Skill(name, "ESCO", False, 0))
            for form in forms:
                # ESCO labels are lower case unless a word is a name: "Hair colouring", "KDevelop"
                plain = form[1:] == form[1:].lower()
                self.forms.setdefault(form.lower() if plain else form, name)
                taken.add(form.lower())
            if ambiguous == "Y":
                self.ambiguous_forms.update(f.lower() for f in forms)

    def canonical(self, text: str) -> str | None:
        """The skill a surface form stands for, or None (case-insensitive for multi-word forms)."""
        if text in self.forms:
            return self.forms[text]
        return self._folded.get(text.lower())

    def lookup(self, text: str) -> str | None:
        """The skill a listed item names, in any case ("QUICKBOOKS", "first aid"); an ordinary
        word names one only as written ("Express" the product, not "express")."""
        found = self.canonical(text)
        if found is None:
            found = self._any_case.get(text.lower())
            ordinary = text.isalpha() and text.lower() in self.common_words
            if ordinary and found not in self.curated:
                return None  # "express" is not the product Express
        return found

    def is_ambiguous(self, form: str) -> bool:
        """A form to trust only inside a skills list: "C", "Go", an ordinary word ("Payroll",
        "Billing") or a generic one-word ESCO label; names such as "QuickBooks" or "GAAP" are not.
        """
        if is_ambiguous(form) or form.lower() in self.ambiguous_forms:
            return True
        skill = self.canonical(form) or self._any_case.get(form.lower())
        if skill in self.skills and self.skills[skill].category == "ESCO":
            # "company policies", "office equipment": ESCO knowledge, but ordinary words in prose
            return all(w in self.common_words for w in re.findall(r"[a-z]+", form.lower()))
        named = form.isupper() or any(c.isupper() for c in form[1:])
        ordinary = form.isalpha() and not named and form.lower() in self.common_words
        return ordinary and skill not in self.curated

    def build_matcher(self, nlp: Language) -> tuple[PhraseMatcher, PhraseMatcher]:
        """Two matchers over ``nlp``'s tokenizer: case-insensitive and exact-case."""
        lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        loose_forms, exact_forms = [], []
        for form, skill in self.forms.items():
            single = " " not in form and form.replace(".", "").isalpha()
            if not single:
                loose_forms.append((form, skill))
                continue
            exact_forms.append((form, skill))
            if len(form) <= 2 or form.isupper():
                continue  # acronyms match as written: "SAN" must not match "San Francisco"
            exact_forms.append((form.upper(), skill))
            exact_forms.append((form[0].upper() + form[1:], skill))
            distinctive = not form.istitle() or self.skills[skill].hot
            if distinctive and form.lower() not in COMMON_WORDS:
                exact_forms.append((form.lower(), skill))
        for matcher, pairs in ((lower, loose_forms), (exact, exact_forms)):
            by_skill: dict[str, list[Doc]] = {}
            tokenizer: Any = nlp.tokenizer  # a Cython class without type stubs
            docs = tokenizer.pipe(form for form, _ in pairs)
            for (_, skill), doc in zip(pairs, docs, strict=True):
                by_skill.setdefault(skill, []).append(doc)
            for skill, patterns in by_skill.items():
                matcher.add(skill, patterns)
        return lower, exact


def is_ambiguous(form: str) -> bool:
    """A form too short to trust outside a skills section ("C", "R", "Go")."""
    return len(form) <= 2 or form.lower() in COMMON_WORDS


@lru_cache(maxsize=1)
def get_taxonomy() -> Taxonomy:
    """The shipped taxonomy (loaded once per process)."""
    return Taxonomy()
