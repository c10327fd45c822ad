"""Explain a candidate's score for a job: Claude when configured, a template otherwise.

The explanation is written from the stored score and its computed evidence; it never changes
either. It is cached per (candidate, job, score version) where the version is the job revision,
the model and the score.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlmodel import select

from core.context import AppContext
from core.errors import NotFound
from core.explain.llm import LlmExplainer, LlmRequest
from core.explain.template import template_explanation
from core.scoring.model import Evidence
from core.services.jobs import get_job
from core.services.ranking import rank_job
from core.store.db import session_scope
from core.store.models import Candidate, Explanation, Resume, Score

RETRY_AFTER_S = 300.0
_LLM_FAILURES: dict[tuple[str, int, int, str], float] = {}


@dataclass(frozen=True)
class ExplainedScore:
    """A stored score with its evidence and the explanation of it."""

    score: float
    breakdown: dict[str, float]
    evidence: list[Evidence]
    explanation: str
    writer: str  # llm | template
    note: str


def stored_score(ctx: AppContext, job_id: int, candidate_id: int) -> Score:
    """The score for the job's current revision, computing the job's ranking if needed."""
    job = get_job(ctx, job_id)

    def lookup() -> Score | None:
        with session_scope(ctx.engine) as session:
            return session.exec(
                select(Score).where(
                    Score.job_id == job_id,
                    Score.candidate_id == candidate_id,
                    Score.job_revision == job.revision,
                )
            ).first()

    score = lookup()
    if score is None:
        rank_job(ctx, job_id)
        score = lookup()
    if score is None:
        raise NotFound(f"candidate {candidate_id} has no score for job {job_id}")
    return score


def explain(
    ctx: AppContext, job_id: int, candidate_id: int, *, subject: str = "The candidate"
) -> ExplainedScore:
    """The explanation of a candidate's score (cached)."""
    job = get_job(ctx, job_id)
    score = stored_score(ctx, job_id, candidate_id)
    evidence = [Evidence.from_stored(e) for e in score.evidence]
    version = f"r{job.revision}:{score.model}:{score.score:.4f}"
    with session_scope(ctx.engine) as session:
        cached = session.exec(
            select(Explanation).where(
                Explanation.candidate_id == candidate_id,
                Explanation.job_id == job_id,
                Explanation.version == version,
            )
        ).first()
        candidate = session.get(Candidate, candidate_id)
        resume = session.get(Resume, candidate.current_resume_id) if candidate else None
    if cached is not None:
        return ExplainedScore(
            score.score, score.breakdown, evidence, cached.text, cached.writer, "cached"
        )
    text, writer, note = None, "template", "no ANTHROPIC_API_KEY set"
    settings = ctx.settings
    key = (ctx.settings.db_url, candidate_id, job_id, version)
    recently_failed = time.monotonic() - _LLM_FAILURES.get(key, -RETRY_AFTER_S) < RETRY_AFTER_S
    if settings.anthropic_api_key and recently_failed:
        note = "the LLM failed recently; retried after a few minutes"
    elif settings.anthropic_api_key:
        explainer = LlmExplainer(
            settings.anthropic_api_key,
            settings.anthropic_base_url,
            settings.llm_model,
            settings.llm_timeout_s,
        )
        request = LlmRequest(
            job.title, score.score, score.breakdown, evidence, resume.text if resume else ""
        )
        text, note = explainer.explain(request)
        if text is None:  # do not call again on every page view
            _LLM_FAILURES[key] = time.monotonic()
        writer = "llm" if text else "template"
    if text is None:
        text = template_explanation(subject, job.title, score.score, score.breakdown, evidence)
    with session_scope(ctx.engine) as session:
        session.add(
            Explanation(
                candidate_id=candidate_id, job_id=job_id, version=version, writer=writer, text=text
            )
        )
    return ExplainedScore(score.score, score.breakdown, evidence, text, writer, note)
