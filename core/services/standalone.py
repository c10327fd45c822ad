"""``python -m core rank``: rank a folder of resumes for one job in a throw-away workspace."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from core.config import Settings
from core.context import build_context
from core.parsing.files import IncomingFile
from core.services.files import text_of_upload
from core.services.ingest import files_from_paths, ingest_files
from core.services.jobs import create_job
from core.services.ranking import rank_job


def rank_files(
    settings: Settings, job_file: Path, resumes: Path, *, actor: str, top: int | None = None
) -> list[dict[str, Any]]:
    """One row per parsed file, best first; a file of someone already seen names the first file."""
    ctx = build_context(settings)
    try:
        outcomes = ingest_files(ctx, files_from_paths([resumes]), actor=actor)
        text = text_of_upload(ctx, job_file.name, job_file.read_bytes(), actor=actor)
        job = create_job(ctx, text, actor=actor)
        ranked = {r.candidate.id: r for r in rank_job(ctx, job.id, store=False, actor=actor)}
    finally:
        ctx.close()
    first_file: dict[int, str] = {}
    rows: list[dict[str, Any]] = []
    for outcome in outcomes:
        if outcome.status == "rejected" or outcome.candidate_id is None:
            print(f"skipped {outcome.file}: {outcome.reason}", file=sys.stderr)
            continue
        found = ranked.get(outcome.candidate_id)
        if found is None:
            continue
        duplicate_of = first_file.setdefault(outcome.candidate_id, outcome.file)
        rows.append(
            {
                "file": outcome.file,
                "score": found.result.score,
                "breakdown": found.result.breakdown,
                "warnings": list(found.candidate.warnings),
                "duplicate_of": None if duplicate_of == outcome.file else duplicate_of,
            }
        )
    rows.sort(key=lambda r: (-r["score"], r["file"]))
    return rows[:top] if top else rows


def explain_file(settings: Settings, job_file: Path, resume: Path, *, actor: str) -> dict[str, Any]:
    """Score one resume for a job and explain it, in a throw-away workspace."""
    from core.errors import ResumeRejected
    from core.services.explanations import explain

    ctx = build_context(settings)
    try:
        [outcome] = ingest_files(ctx, [IncomingFile(resume.name, resume.read_bytes())], actor=actor)
        if outcome.candidate_id is None:
            raise ResumeRejected(resume.name, outcome.reason or "rejected")
        text = text_of_upload(ctx, job_file.name, job_file.read_bytes(), actor=actor)
        job = create_job(ctx, text, actor=actor)
        result = explain(ctx, job.id, outcome.candidate_id, actor=actor)
    finally:
        ctx.close()
    return {
        "score": result.score,
        "evidence": [
            {
                "requirement": e.requirement,
                "matched": e.matched,
                "source": e.source,
                "kind": e.kind,
                "status": e.status,
                "level": e.level,
            }
            for e in result.evidence
        ],
        "explanation": result.explanation,
        "writer": result.writer,
    }
