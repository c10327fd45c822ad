"""The template writer: a deterministic paragraph from the evidence (used without an LLM key,
and whenever the LLM's reply fails validation)."""

from __future__ import annotations

from collections.abc import Sequence

from core.scoring.model import Evidence

LEVELS = ((0.75, "a strong match"), (0.55, "a good match"), (0.35, "a partial match"))


def level(score: float) -> str:
    """Words for a score."""
    return next((words for floor, words in LEVELS if score >= floor), "a weak match")


def _listing(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" and {items[-1]}"


def template_explanation(
    subject: str,
    job_title: str,
    score: float,
    breakdown: dict[str, float],
    evidence: Sequence[Evidence],
) -> str:
    """A paragraph stating the score, what is met, what is missing or unsure, and the strongest
    and weakest components; every statement comes from the evidence."""
    must = [e for e in evidence if e.level == "must"]
    met = [e.requirement for e in must if e.status == "met"]
    meaning = [e for e in must if e.status == "met" and e.via == "meaning" and e.source]
    missing = [e.requirement for e in must if e.status == "not_met"]
    unsure = [e.requirement for e in must if e.status == "unsure"]
    nice_met = [e.requirement for e in evidence if e.level == "nice" and e.status == "met"]
    parts = [f"{subject} scores {score:.2f} for {job_title}: {level(score)}."]
    if met:
        parts.append(f"The resume shows {_listing(met)}.")
    for e in meaning[:2]:
        parts.append(f"“{e.requirement}” is met by meaning: “{e.source}”.")
    if missing:
        parts.append(f"It does not show {_listing(missing)}, which the job requires.")
    if unsure:
        parts.append(f"Check by hand: {_listing(unsure)} (the resume is not clear).")
    if nice_met:
        parts.append(f"It also covers the nice-to-haves {_listing(nice_met)}.")
    for e in evidence:
        if e.kind == "years" and e.level == "must" and e.source:
            parts.append(f"Experience: {e.source}, against {e.requirement}.")
    strongest = max(breakdown, key=lambda k: breakdown[k]) if breakdown else None
    weakest = min(breakdown, key=lambda k: breakdown[k]) if breakdown else None
    if strongest and weakest and strongest != weakest:
        parts.append(
            f"Strongest component: {strongest} ({breakdown[strongest]:.2f}); "
            f"weakest: {weakest} ({breakdown[weakest]:.2f})."
        )
    return " ".join(parts)
