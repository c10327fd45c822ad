"""Skills of a resume: taxonomy matches in the text, weighted up when listed under a skills heading."""

from __future__ import annotations

import re

from core.parsing.nlp import match_skills


def find_skills(text: str, sections: dict[str, str], name: str | None) -> tuple[list[str], float]:
    """Normalised skills, most prominent first, and the confidence of the list."""
    skills_text = sections.get("skills", "")
    counts: dict[str, int] = {}
    if name:
        text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
    for match in match_skills(text):
        in_list = match.surface in skills_text
        if match.ambiguous and not in_list:
            continue
        counts[match.skill] = counts.get(match.skill, 0) + (3 if in_list else 1)
    ranked = sorted(counts, key=lambda s: -counts[s])
    confidence = 0.9 if skills_text and ranked else (0.7 if ranked else 0.0)
    return ranked, confidence
