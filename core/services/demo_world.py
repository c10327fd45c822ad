"""The demo's world around its resumes and jobs, so that every page has something to show.

After the demo resumes and jobs are in, this makes, always the same way: a registered champion
(the built-in configuration) and challenger (a TF-IDF vocabulary frozen on the demo workspace),
each with its metrics on the demo set (in-sample, and labelled so), two weeks of history
(candidates arriving over fourteen days, the champion's prediction log over the same days and a
drift reference from before them), the demo hiring manager assigned to two jobs with shortlists
waiting and a few decisions made, candidates at several stages with notes and tags, and a
synthetic self-identification set (marked as such; the bias audit page says so) for the bias
audit's tables. Nothing here is random at run time: the same demo always gives the same world.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from sqlmodel import col, select

from core.auth.policy import Action
from core.context import AppContext
from core.services import models, pipeline
from core.services.bias_audit import SYNTHETIC
from core.services.drift import capture_reference
from core.services.guard import authorize
from core.services.jobs import assign_managers, list_jobs
from core.services.notes import add_note
from core.services.ranking import rank_job
from core.services.reviews import submit_review
from core.services.shortlists import add_to_shortlist
from core.services.tags import tag_candidates
from core.services.users import DEMO_USERS, user_by_email
from core.store.db import session_scope
from core.store.models import (
    Candidate,
    DriftReference,
    Prediction,
    Resume,
    SelfIdentification,
    utcnow,
)

HISTORY_DAYS = 14
DEMO_SETS = ("demo",)
MANAGED = ("Senior Backend Engineer (Python)", "Data Scientist, Machine Learning")
SEXES = ("Female", "Male")
RACES = ("Asian", "Black or African American", "Hispanic or Latino", "White", "Two or more races")
BACKEND_REJECTED = "Not enough backend experience for this role"
DECISIONS = (  # the manager's decisions on the backend shortlist, best first
    ("approve", 4, "Strong payments background; let's move to the interview."),
    ("hold", 3, "Good fit on Python, unsure about the on-call experience."),
)


def _draw(key: str, options: Sequence[str]) -> str:
    """One of ``options`` chosen by a hash of ``key`` (the same key, the same choice)."""
    digest = int(hashlib.sha256(key.encode()).hexdigest(), 16)
    return options[digest % len(options)]


def _demo_account(role: str) -> str | None:
    return next((email for email, r, _ in DEMO_USERS if r == role), None)


def _spread_history(ctx: AppContext, now: dt.datetime) -> None:
    """Candidates arrive over the last fourteen days, oldest id first; the prediction log is
    spread over the same days, after a drift reference captured the day before they begin."""
    start = now - dt.timedelta(days=HISTORY_DAYS)
    with session_scope(ctx.engine) as session:
        candidates = list(session.exec(select(Candidate).order_by(col(Candidate.id))))
        for index, candidate in enumerate(candidates):
            day = start + dt.timedelta(days=(index * HISTORY_DAYS) // max(len(candidates), 1))
            candidate.created_at = day + dt.timedelta(hours=9 + index % 8)
            session.add(candidate)
            for resume in session.exec(select(Resume).where(Resume.candidate_id == candidate.id)):
                resume.created_at = candidate.created_at
                session.add(resume)
        predictions = list(session.exec(select(Prediction).order_by(col(Prediction.id))))
        for index, prediction in enumerate(predictions):
            offset = (index * HISTORY_DAYS * 24) // max(len(predictions), 1)
            prediction.created_at = start + dt.timedelta(hours=offset + 1)
            session.add(prediction)
        for reference in session.exec(select(DriftReference)):
            reference.created_at = start - dt.timedelta(days=1)
            session.add(reference)


def _self_identification(ctx: AppContext) -> None:
    """A synthetic answer for every candidate without one, drawn from a hash of their e-mail."""
    with session_scope(ctx.engine) as session:
        answered = set(session.exec(select(SelfIdentification.candidate_id)).all())
        for candidate in session.exec(select(Candidate)):
            if candidate.id in answered:
                continue
            key = candidate.email or str(candidate.id)
            session.add(
                SelfIdentification(
                    candidate_id=candidate.id or 0,
                    sex=_draw(f"sex:{key}", SEXES),
                    race=_draw(f"race:{key}", RACES),
                    source=SYNTHETIC,
                )
            )


def _scoring_versions(ctx: AppContext, *, actor: str) -> None:
    """The built-in configuration registered and made champion, and a lexical fit on the demo
    workspace registered as its challenger, both measured on the demo set alone (seconds, and
    present on every machine; the public sets are for ``core eval`` and the Models page)."""
    champion = models.register_default(ctx, actor=actor, sets=DEMO_SETS)
    models.make_champion(ctx, champion.version, actor=actor)
    challenger = models.register_lexical(ctx, actor=actor, sets=DEMO_SETS)
    models.set_challenger(ctx, challenger.version, actor=actor)


def _shortlist(
    ctx: AppContext, job_id: int, ids: Sequence[int], manager: str | None, *, actor: str
) -> None:
    """The job's hiring manager (when the account exists) and the candidates on its shortlist."""
    if manager is not None:
        assign_managers(ctx, job_id, [manager], actor=actor)
    for candidate_id in ids:
        add_to_shortlist(ctx, job_id, candidate_id, actor=actor)


def build_world(ctx: AppContext, *, actor: str, now: dt.datetime | None = None) -> None:
    """Register the champion and challenger, rank every demo job, then shortlists, decisions,
    stages, notes, tags, the drift history and the synthetic self-identification set (see the
    module's docstring)."""
    authorize(ctx, actor, Action.MANAGE_JOBS)
    now = now or utcnow()
    _scoring_versions(ctx, actor=actor)
    jobs = {j.title: j for j in list_jobs(ctx, include_closed=False, actor=actor)}
    ranked = {title: rank_job(ctx, job.id, actor=actor) for title, job in jobs.items()}
    capture_reference(ctx, ctx.scoring)
    _spread_history(ctx, now)
    _self_identification(ctx)
    manager = _demo_account("hiring_manager")
    if manager is not None and user_by_email(ctx, manager) is None:
        manager = None  # the app loads the demo before the accounts exist: no reviews then
    backend, science = (jobs.get(t) for t in MANAGED)
    if backend is not None:
        ids = [r.candidate.id or 0 for r in ranked[backend.title]]
        _shortlist(ctx, backend.id, ids[:4], manager, actor=actor)
        if manager is not None:
            for candidate_id, (decision, rating, comment) in zip(ids, DECISIONS, strict=False):
                submit_review(
                    ctx,
                    backend.id,
                    candidate_id,
                    actor=manager,
                    decision=decision,
                    rating=rating,
                    comment=comment,
                )
        pipeline.move_candidates(ctx, backend.id, ids[:1], "Interview", actor=actor)
        pipeline.move_candidates(ctx, backend.id, ids[4:6], "Screened", actor=actor)
        pipeline.move_candidates(
            ctx, backend.id, ids[-2:], pipeline.REJECTED, actor=actor, reason=BACKEND_REJECTED
        )
        if ids:
            tag_candidates(ctx, ids[:1], "referral", actor=actor)
            add_note(
                ctx,
                ids[0],
                "Phone screen went well: available from next month, open to hybrid in Berlin.",
                actor=actor,
            )
        if len(ids) > 2:
            tag_candidates(ctx, ids[1:3], "relocation", actor=actor)
    if science is not None:
        ids = [r.candidate.id or 0 for r in ranked[science.title]]
        _shortlist(ctx, science.id, ids[:3], manager, actor=actor)
        pipeline.move_candidates(ctx, science.id, ids[3:5], "Screened", actor=actor)
