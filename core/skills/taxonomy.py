"""The skills taxonomy and the matcher that finds its skills in text.

Skills come from ``data/onet_skills.tsv`` (derived from O*NET, see its first line for the
attribution) plus ``data/aliases.tsv`` (aliases and general skills written for TalentFlow).
Single-word names match case-sensitively (plus their upper-case form, and the lower-case form
when that is not an ordinary English word) so "Go", "Excel" or "Slack" in prose are not skills;
names of one or two characters ("C", "R") count only inside a skills section.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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
    "accounting",
    "audit",
    "auditing",
    "budgeting",
    "payroll",
    "recruiting",
    "nursing",
    "teaching",
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
    ) -> None:
        self.skills: dict[str, Skill] = {}
        self.forms: dict[str, str] = {}
        rows = iter(_rows(onet_path))
        next(rows)  # header
        for name, category, hot, occupations, variants in rows:
            self.skills[name] = Skill(name, category, hot == "Y", int(occupations))
            for form in [name, *filter(None, variants.split("|"))]:
                self.forms.setdefault(form, name)
        for name, aliases in _rows(aliases_path):
            self.skills.setdefault(name, Skill(name, "General", True, 0))
            for form in [name, *aliases.split("|")]:
                self.forms[form] = name
        self._folded = {k.lower(): v for k, v in self.forms.items() if " " in k or not k.isalpha()}

    def canonical(self, text: str) -> str | None:
        """The skill a surface form stands for, or None (case-insensitive for multi-word forms)."""
        if text in self.forms:
            return self.forms[text]
        return self._folded.get(text.lower())

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
            docs = nlp.tokenizer.pipe(form for form, _ in pairs)
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
