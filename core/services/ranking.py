"""Rank every candidate for a job, store the scores with their model, revision and weights."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import String, cast, insert
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, func, select

from core.auth.policy import Action
from core.context import AppContext
from core.index.port import location_terms
from core.scoring.career import profile_degree_level, roles
from core.scoring.lexical import warm_lexical
from core.scoring.model import COMPONENTS, CandidateDoc, Evidence, ScoreResult, Weights
from core.scoring.ranker import encode_titles, rank, stack
from core.scoring.requirements import Requirements
from core.services.guard import authorize
from core.services.tags import normal_tag
from core.store.db import session_scope
from core.store.jobs import job_in, load_job
from core.store.models import (
    Candidate,
    CandidateTag,
    ChunkVector,
    Prediction,
    Resume,
    Score,
    utcnow,
)
from core.store.pipeline import applications, stages_of
from core.store.public import CandidatePublic

if TYPE_CHECKING:
    from core.registry.loading import ScoringModel


@dataclass(frozen=True)
class RankFilters:
    """What the ranking page filters on (applied before scoring, except the minimum score)."""

    min_score: float = 0.0
    skills: tuple[str, ...] = ()
    min_years: float | None = None
    location: str | None = None
    hide_flagged: bool = False
    stages: tuple[str, ...] = ()  # the job's pipeline stages to show (none: every stage)
    tags: tuple[str, ...] = ()  # show candidates carrying any of these tags


@dataclass
class RankedCandidate:
    """One row of a ranking."""

    candidate: CandidatePublic
    result: ScoreResult


def ensure_indexed(
    ctx: AppContext,
    on_progress: Callable[[int, int], None] | None = None,
    model: ScoringModel | None = None,
) -> None:
    """Embed and index every candidate whose current resume has no vectors yet (for the scoring
    version in force, or ``model``)."""
    indexer = ctx.indexer_for((model or ctx.scoring).encoder)
    indexer.sync()
    model_version = indexer.encoder.model_version
    with session_scope(ctx.engine) as session:
        embedded = select(ChunkVector.resume_id).where(ChunkVector.model == model_version)
        missing = list(
            session.exec(
                select(Candidate.id).where(col(Candidate.current_resume_id).not_in(embedded))
            )
        )
    indexer.index_candidates((i for i in missing if i is not None), on_progress)
    warm_titles(ctx, [i for i in missing if i is not None], model or ctx.scoring)


def warm_titles(ctx: AppContext, candidate_ids: list[int], scoring: ScoringModel) -> None:
    """Embed new candidates' job titles now, so the first ranking after an ingest finds them
    (a title's vector is kept in memory by the process that ranks)."""
    if not candidate_ids:
        return
    with session_scope(ctx.engine) as session:
        profiles = session.exec(
            select(Candidate.profile).where(col(Candidate.id).in_(candidate_ids))
        ).all()
    encode_titles(scoring.encoder, [t for p in profiles for t, _ in roles(p or {})])


def warm_pool(ctx: AppContext, scoring: ScoringModel) -> None:
    """Index the whole pool's text for the lexical component now, as a ranking without filters
    reads it (every candidate, by id), so the first ranking of a new job after an ingest does
    not tokenise the pool (the index is kept in memory by the process that ranks)."""
    with session_scope(ctx.engine) as session:
        texts = session.exec(
            select(Resume.text)
            .select_from(Candidate)
            .outerjoin(Resume, col(Candidate.current_resume_id) == col(Resume.id))
            .order_by(col(Candidate.id))
        ).all()
    warm_lexical([text or "" for text in texts], scoring.vocabulary)  # as ``_load_docs`` reads


def _passes(candidate: Candidate, filters: RankFilters) -> bool:
    """Hard constraints on a candidate (required skills are matched while ranking)."""
    if filters.hide_flagged and candidate.flagged:
        return False
    if filters.min_years is not None and (candidate.years_experience or 0) < filters.min_years:
        return False
    wanted = set(location_terms(filters.location))
    return not wanted or wanted <= set(location_terms(candidate.location))


def _canonical_skill(name: str) -> str:
    """A typed skill as the taxonomy names it ("PowerShell" -> "Microsoft PowerShell")."""
    from core.skills.taxonomy import get_taxonomy

    taxonomy = get_taxonomy()
    return taxonomy.lookup(name.strip()) or name.strip()


def _in_pipeline(session: Session, job_id: int, filters: RankFilters) -> set[int] | None:
    """The candidates at one of the filter's stages of the job and carrying one of its tags
    (None: the filter names neither)."""
    if not filters.stages and not filters.tags:
        return None
    keep: set[int] = {c for c in session.exec(select(Candidate.id)) if c is not None}
    if filters.stages:
        job = job_in(session, job_id)
        moved = {i: a.stage for i, a in applications(session, job_id).items()}
        first = stages_of(job)[0]
        keep = {i for i in keep if moved.get(i, first) in filters.stages}
    if filters.tags:
        names = [normal_tag(t) for t in filters.tags]
        query = select(CandidateTag.candidate_id).where(col(CandidateTag.tag).in_(names))
        tagged: set[int] = set(session.exec(query))
        keep &= tagged
    return keep


def _load_docs(
    ctx: AppContext, job_id: int, filters: RankFilters, scoring: ScoringModel | None = None
) -> list[tuple[Candidate, CandidateDoc]]:
    """Candidates passing the filters, with their visible text and chunk vectors."""
    scoring = scoring or ctx.scoring
    ensure_indexed(ctx, model=scoring)
    model = scoring.encoder.model_version
    dimension = scoring.encoder.dimension
    with session_scope(ctx.engine) as session:
        keep = _in_pipeline(session, job_id, filters)
        candidates = [
            c
            for c in session.exec(select(Candidate).order_by(col(Candidate.id)))
            if _passes(c, filters) and (keep is None or c.id in keep)
        ]
        resume_ids = [c.current_resume_id for c in candidates]
        texts = dict(
            session.exec(select(Resume.id, Resume.text).where(col(Resume.id).in_(resume_ids))).all()
        )
        # columns, not rows: building an ORM object per chunk took most of a first view
        chunks: dict[int, list[tuple[str, bytes]]] = {}
        for resume_id, text, vector in session.exec(
            select(ChunkVector.resume_id, ChunkVector.text, ChunkVector.vector)
            .where(col(ChunkVector.resume_id).in_(resume_ids), ChunkVector.model == model)
            .order_by(col(ChunkVector.resume_id), col(ChunkVector.position))
        ):
            chunks.setdefault(resume_id, []).append((text, vector))
    docs = []
    for c in candidates:
        rows = chunks.get(c.current_resume_id or 0, [])
        docs.append(
            (
                c,
                CandidateDoc(
                    key=str(c.id),
                    skills=list(c.skills),
                    years=c.years_experience,
                    text=texts.get(c.current_resume_id, ""),
                    chunks=[text for text, _ in rows],
                    vectors=stack([vector for _, vector in rows], dimension),
                    roles=roles(c.profile or {}),
                    degree_level=profile_degree_level(c.profile or {}),
                ),
            )
        )
    return docs


def rank_job(
    ctx: AppContext,
    job_id: int,
    *,
    filters: RankFilters | None = None,
    weights: Weights | None = None,
    store: bool = True,
    on_progress: Callable[[str], None] | None = None,
    actor: str,
    model: ScoringModel | None = None,
) -> list[RankedCandidate]:
    """Every candidate passing the filters, scored for the job, best first.

    The scoring version in force is used unless ``model`` names another (A/B comparison, never
    stored). Stored scores record the version; each written score is also appended to the
    prediction log.
    """
    authorize(ctx, actor, Action.RANK)
    return _rank(ctx, job_id, filters, weights, store, on_progress, model)


@dataclass(frozen=True)
class StoredRanking:
    """A job's scores as last stored, best first, and whether they are all current: every
    candidate scored on the job's revision by the scoring version in force."""

    rows: list[RankedCandidate]
    current: bool


def stored_ranking(
    ctx: AppContext, job_id: int, *, actor: str, only_if_stale: bool = False
) -> StoredRanking:
    """What the Ranking page shows at once while fresh scores are computed (a score's missing
    must-haves come from its stored evidence). With ``only_if_stale``, current scores are not
    read (every rerun of the page asks; two counts answer)."""
    authorize(ctx, actor, Action.RANK)
    job = load_job(ctx.engine, job_id)
    version = ctx.scoring.version
    with session_scope(ctx.engine) as session:
        people = session.exec(select(func.count()).select_from(Candidate)).one()
        fresh = session.exec(
            select(func.count())
            .select_from(Score)
            .where(
                Score.job_id == job_id,
                Score.job_revision == job.revision,
                Score.version == version,
            )
        ).one()
        current = fresh == people
        if current and only_if_stale:
            return StoredRanking([], True)
        pairs = session.exec(
            select(Score, Candidate)
            .join(Candidate, col(Candidate.id) == Score.candidate_id)
            .where(Score.job_id == job_id)
            .order_by(col(Score.score).desc(), col(Score.candidate_id))
        ).all()
        rows = [RankedCandidate(CandidatePublic.of(c), _stored_result(s)) for s, c in pairs]
    return StoredRanking(rows, current)


def _stored_result(score: Score) -> ScoreResult:
    evidence = [Evidence.from_stored(e) for e in score.evidence]
    return ScoreResult(
        key=str(score.candidate_id),
        score=score.score,
        breakdown={c: float(score.breakdown.get(c, 0.0)) for c in COMPONENTS},
        evidence=evidence,
        missing_must=[
            e.requirement for e in evidence if e.level == "must" and e.status == "not_met"
        ],
    )


def _rank(
    ctx: AppContext,
    job_id: int,
    filters: RankFilters | None = None,
    weights: Weights | None = None,
    store: bool = True,
    on_progress: Callable[[str], None] | None = None,
    model: ScoringModel | None = None,
) -> list[RankedCandidate]:
    """``rank_job`` for a service that has checked its actor (an explanation's missing score)."""
    scoring = model or ctx.scoring
    store = store and model is None
    filters = filters or RankFilters()
    job = load_job(ctx.engine, job_id)
    weights = weights or Weights.of_job(job.weights)
    requirements = Requirements.model_validate(job.requirements or {})
    if on_progress:
        on_progress("embedding new resumes")
    pairs = _load_docs(ctx, job_id, filters, scoring)
    if on_progress:
        on_progress(f"scoring {len(pairs)} candidates")
    results = rank(
        requirements,
        job.description,
        [d for _, d in pairs],
        scoring.encoder,
        weights,
        evidence_for_top=50,
        vocabulary=scoring.vocabulary,
        required=[_canonical_skill(s) for s in filters.skills],
    )
    by_key = {str(c.id): c for c, _ in pairs}
    ranked = [
        RankedCandidate(CandidatePublic.of(by_key[r.key]), r)
        for r in results
        if r.score >= filters.min_score
    ]
    for attempt in range(2 if store else 0):
        try:
            _store_scores(ctx, job_id, job.revision, scoring, weights, ranked)
            break
        except IntegrityError:  # another session stored this job's scores at the same moment:
            if attempt:  # the second pass compares with what it stored
                raise
    return ranked


def _store_scores(
    ctx: AppContext,
    job_id: int,
    revision: int,
    scoring: ScoringModel,
    weights: Weights,
    ranked: list[RankedCandidate],
) -> None:
    model, version = scoring.encoder.model_version, scoring.version
    with session_scope(ctx.engine) as session:
        # a re-run with unchanged inputs (every rerun of the Ranking page) writes nothing
        # columns, not rows: decoding every stored evidence list took most of a rerun
        has_evidence = cast(col(Score.evidence), String) != "[]"
        stored = {
            row[0]: row[1:]
            for row in session.connection().execute(
                sa_select(
                    col(Score.candidate_id),
                    col(Score.job_revision),
                    col(Score.model),
                    col(Score.version),
                    col(Score.score),
                    has_evidence,
                ).where(col(Score.job_id) == job_id)
            )
        }

        def unchanged(r: RankedCandidate) -> bool:
            old = stored.get(r.candidate.id or 0)
            return (
                old is not None
                and old[:4] == (revision, model, version, r.result.score)
                and (bool(old[4]) or not r.result.evidence)
            )

        ranked = [r for r in ranked if not unchanged(r)]
        if not ranked:
            return
        ids = [r.candidate.id for r in ranked]
        session.exec(
            delete(Score).where(col(Score.job_id) == job_id, col(Score.candidate_id).in_(ids))
        )
        # Core inserts, one statement each: an ORM object per row took most of the store
        now = utcnow()
        connection = session.connection()
        connection.execute(
            insert(Score),
            [
                {
                    "job_id": job_id,
                    "candidate_id": r.candidate.id or 0,
                    "job_revision": revision,
                    "model": model,
                    "version": version,
                    "weights": weights.model_dump(),
                    "score": r.result.score,
                    "breakdown": r.result.breakdown,
                    "evidence": [e.__dict__ for e in r.result.evidence],
                    "created_at": now,
                }
                for r in ranked
            ],
        )
        connection.execute(
            insert(Prediction),
            [
                {
                    "candidate_id": r.candidate.id or 0,
                    "job_id": job_id,
                    "version": version,
                    "score": r.result.score,
                    "breakdown": r.result.breakdown,
                    "created_at": now,
                }
                for r in ranked
            ],
        )
