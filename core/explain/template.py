"""The template writer: a deterministic paragraph from the evidence (used without an LLM key,
and whenever the LLM's reply fails validation)."""

from __future__ import annotations

from collections.abc import Sequence

from core.scoring.model import Evidence

LEVELS = ((0.75, "a strong match"), (0.55, "a good match"), (0.35, "a partial match"))


def level(score: float) -> str:
    """Words for a score."""
    return next((words for floor, words in LEVELS if score >= floor), "a weak match")


def template_explanation(
    subject: str,
    job_title: str,
    score: float,
    breakdown: dict[str, float],
    evidence: Sequence[Evidence],
) -> str:
    """A paragraph stating the score, what matched, what is missing, and the strongest parts."""
    must_met = [e.requirement for e in evidence if e.kind == "must" and e.matched]
    must_missing = [e.requirement for e in evidence if e.kind == "must" and not e.matched]
    nice_met = [e.requirement for e in evidence if e.kind == "nice" and e.matched]
    years = next((e for e in evidence if e.kind == "years"), None)
    parts = [f"{subject} scores {score:.2f} for {job_title}: {level(score)}."]
    if must_met:
        parts.append(f"The resume shows the must-have skills {', '.join(must_met)}.")
    if must_missing:
        parts.append(f"It does not mention {', '.join(must_missing)}, which the job requires.")
    if nice_met:
        parts.append(f"It also covers the nice-to-haves {', '.join(nice_met)}.")
    if years is not None:
        parts.append(
            f"Experience: {years.source}, against {years.requirement}."
            if years.source
            else f"The resume gives no dated experience to check {years.requirement}."
        )
    strongest = max(breakdown, key=lambda k: breakdown[k]) if breakdown else None
    weakest = min(breakdown, key=lambda k: breakdown[k]) if breakdown else None
    if strongest and weakest and strongest != weakest:
        parts.append(
            f"Strongest component: {strongest} ({breakdown[strongest]:.2f}); "
            f"weakest: {weakest} ({breakdown[weakest]:.2f})."
        )
    return " ".join(parts)
