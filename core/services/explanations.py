"""Explain a candidate's score for a job: Claude when configured, a template otherwise.

The explanation is written from the stored score and its computed evidence; it never changes
either. It is cached per (candidate, job, score version) where the version is the job revision,
the model and the score.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlmodel import select

from core.auth.policy import Action
from core.context import AppContext
from core.errors import NotFound
from core.explain.llm import LlmExplainer, LlmRequest
from core.explain.template import template_explanation
from core.scoring.model import Evidence
from core.services.guard import allowed, authorize
from core.services.ranking import _rank
from core.store.db import session_scope
from core.store.jobs import load_job
from core.store.models import Candidate, Explanation, Resume, Score, ShortlistEntry
from core.store.public import JobPublic, ScorePublic

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


def _authorize_score(ctx: AppContext, actor: str, job: JobPublic, candidate_id: int) -> None:
    """Whoever ranks may read any candidate's score; a reviewer only a shortlisted one's on a
    job they may review."""
    if allowed(ctx, actor, Action.RANK):
        return
    authorize(ctx, actor, Action.VIEW_PROFILE_ON_SHORTLIST, job)
    with session_scope(ctx.engine) as session:
        listed = session.exec(
            select(ShortlistEntry.id).where(
                ShortlistEntry.job_id == job.id, ShortlistEntry.candidate_id == candidate_id
            )
        ).first()
    if listed is None:
        raise NotFound(f"candidate {candidate_id} is not on this job's shortlist")


def _stored(ctx: AppContext, job: JobPublic, candidate_id: int) -> ScorePublic:
    def lookup() -> ScorePublic | None:
        with session_scope(ctx.engine) as session:
            found = session.exec(
                select(Score).where(
                    Score.job_id == job.id,
                    Score.candidate_id == candidate_id,
                    Score.job_revision == job.revision,
                )
            ).first()
            return ScorePublic.of(found) if found is not None else None

    score = lookup()
    if score is None:
        _rank(ctx, job.id)
        score = lookup()
    if score is None:
        raise NotFound(f"candidate {candidate_id} has no score for job {job.id}")
    return score


def stored_score(ctx: AppContext, job_id: int, candidate_id: int, *, actor: str) -> ScorePublic:
    """The score for the job's current revision, computing the job's ranking if needed."""
    job = load_job(ctx.engine, job_id)
    _authorize_score(ctx, actor, job, candidate_id)
    return _stored(ctx, job, candidate_id)


def explain(
    ctx: AppContext,
    job_id: int,
    candidate_id: int,
    *,
    actor: str,
    subject: str = "The candidate",
) -> ExplainedScore:
    """The explanation of a candidate's score (cached)."""
    job = load_job(ctx.engine, job_id)
    _authorize_score(ctx, actor, job, candidate_id)
    score = _stored(ctx, job, candidate_id)
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
