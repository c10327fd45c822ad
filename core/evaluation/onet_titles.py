"""Job titles to O*NET occupations, and the graded relevance of the ner_dotin title set.

The grade of a (job, resume) pair comes from the resume's gold ``Designation`` tags via O*NET:
2 when a designation maps to the job title's occupation (SOC code), 1 when it shares the SOC
minor group (``15-12`` of ``15-1252.00``), else 0. A title maps to the occupation whose title
or alternate title equals it after normalisation, else to the longest alternate title it
contains (whole words). Only the part before the first comma is read ("Software Engineer,
Google Cloud" -> "software engineer").

TalentFlow's score must never use O*NET titles for role fit: with them this set would grade
the score with its own lookup table.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

MAX_WORDS = 8  # the longest alternate title considered inside a longer title


def normalise_title(title: str) -> str:
    """Lower case, '&' as 'and', anything but letters and digits as one space."""
    text = title.lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@dataclass(frozen=True)
class TitleMap:
    """Normalised title -> SOC code (the first occupation listing it)."""

    codes: dict[str, str]

    @classmethod
    def load(cls, onet: Path) -> TitleMap:
        """From O*NET's ``Occupation Data.txt`` (preferred) and ``Alternate Titles.txt``."""
        codes: dict[str, str] = {}
        for name, column in (("Occupation Data.txt", "Title"), ("Alternate Titles.txt", None)):
            with open(onet / name, encoding="utf-8") as f:
                for row in csv.DictReader(f, delimiter="\t"):
                    titles = [row[column]] if column else [row["Alternate Title"]]
                    if not column and row.get("Short Title", "n/a") != "n/a":
                        titles.append(row["Short Title"])
                    for title in titles:
                        codes.setdefault(normalise_title(title), row["O*NET-SOC Code"])
        codes.pop("", None)
        return cls(codes)

    def code(self, title: str) -> str | None:
        """The SOC code of a job title, or ``None`` when nothing in O*NET matches."""
        text = normalise_title(title.split(",")[0])
        if text in self.codes:
            return self.codes[text]
        words = text.split()
        for size in range(min(len(words), MAX_WORDS), 0, -1):
            found = [
                self.codes[gram]
                for start in range(len(words) - size + 1)
                if (gram := " ".join(words[start : start + size])) in self.codes
            ]
            if found:
                return found[0]
        return None

    def gain(self, job_title: str, designations: list[str]) -> int:
        """2 same occupation, 1 same SOC minor group, else 0."""
        job = self.code(job_title)
        if job is None:
            return 0
        mine = {c for d in designations if (c := self.code(d))}
        if job in mine:
            return 2
        return 1 if any(c[:5] == job[:5] for c in mine) else 0
