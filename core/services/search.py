"""Free-text semantic search over every candidate, with the ranking page's filters."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from core.auth.policy import Action
from core.context import AppContext
from core.index.port import SearchFilter
from core.parsing.nlp import match_skills
from core.services.guard import authorize
from core.services.ranking import RankFilters, ensure_indexed
from core.store.db import session_scope
from core.store.models import Candidate, Resume

SEMANTIC_SHARE = 0.7  # the rest rewards skills named in the query


@dataclass
class SearchResult:
    """A candidate found by a search, with the resume passage that matched best."""

    candidate_id: int
    name: str
    file: str
    score: float
    snippet: str
    section: str


def search_candidates(
    ctx: AppContext,
    query: str,
    *,
    top: int = 10,
    filters: RankFilters | None = None,
    actor: str,
) -> list[SearchResult]:
    """Best candidates for a query: best-chunk similarity, plus coverage of skills it names."""
    authorize(ctx, actor, Action.SEARCH)
    filters = filters or RankFilters()
    if not query.strip():
        return []
    ensure_indexed(ctx)
    where = SearchFilter(
        skills_all=filters.skills,
        min_years=filters.min_years,
        location=filters.location,
        hide_flagged=filters.hide_flagged,
    )
    vector = ctx.encoder.encode([query])[0]
    hits = ctx.indexer.index.search(vector.tolist(), limit=max(50, top * 10), where=where)
    best: dict[int, tuple[float, dict]] = {}
    for hit in hits:
        candidate_id = int(hit.payload["candidate_id"])
        if candidate_id not in best or hit.score > best[candidate_id][0]:
            best[candidate_id] = (hit.score, hit.payload)
    wanted = {m.skill for m in match_skills(query) if not m.ambiguous}
    with session_scope(ctx.engine) as session:
        people = {
            c.id: c for c in session.exec(select(Candidate).where(col(Candidate.id).in_(best)))
        }
        files = dict(
            session.exec(
                select(Resume.id, Resume.filename).where(
                    col(Resume.id).in_([c.current_resume_id for c in people.values()])
                )
            ).all()
        )
    results = []
    for candidate_id, (similarity, payload) in best.items():
        person = people.get(candidate_id)
        if person is None:
            continue
        coverage = len(wanted & set(person.skills)) / len(wanted) if wanted else 0.0
        share = SEMANTIC_SHARE if wanted else 1.0
        score = round(share * max(0.0, similarity) + (1 - share) * coverage, 4)
        if score < filters.min_score:
            continue
        results.append(
            SearchResult(
                candidate_id=candidate_id,
                name=person.display_name,
                file=files.get(person.current_resume_id, ""),
                score=score,
                snippet=str(payload.get("text", ""))[:400],
                section=str(payload.get("section", "")),
            )
        )
    results.sort(key=lambda r: (-r.score, r.candidate_id))
    return results[:top]
