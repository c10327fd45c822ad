"""The demo data set: fictional resumes and jobs under ``data/demo``, for an empty workspace."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import func, select

from core.auth.policy import Action
from core.context import AppContext
from core.services.demo_world import build_world
from core.services.guard import authorize
from core.services.ingest import files_from_paths, ingest_files
from core.services.jobs import create_job
from core.store.db import session_scope
from core.store.models import Candidate, Job

DEMO_DIR = Path(__file__).resolve().parents[2] / "data" / "demo"


def _workspace_is_empty(ctx: AppContext) -> bool:
    """No candidates and no jobs yet."""
    with session_scope(ctx.engine) as session:
        candidates = session.exec(select(func.count()).select_from(Candidate)).one()
        jobs = session.exec(select(func.count()).select_from(Job)).one()
    return candidates == 0 and jobs == 0


def load_demo(
    ctx: AppContext, *, actor: str, force: bool = False, demo_dir: Path = DEMO_DIR
) -> dict[str, int]:
    """Ingest the demo resumes and create the demo jobs (into an empty workspace unless forced),
    and into an empty workspace the world around them (``demo_world``).

    ``actor`` is ``demo`` when the app loads the set at start-up, ``cli`` from the command line.
    """
    authorize(ctx, actor, Action.UPLOAD)
    authorize(ctx, actor, Action.MANAGE_JOBS)
    if not force and not _workspace_is_empty(ctx):
        return {"resumes": 0, "jobs": 0}
    empty = _workspace_is_empty(ctx)
    outcomes = ingest_files(ctx, files_from_paths([demo_dir / "resumes"]), actor=actor)
    jobs = 0
    for path in sorted((demo_dir / "jobs").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        title = text.splitlines()[0].strip()
        with session_scope(ctx.engine) as session:
            exists = session.exec(select(Job).where(Job.title == title)).first()
        if exists is None:
            create_job(ctx, text, title=title, actor=actor)
            jobs += 1
    if empty:  # the world is built once, around the demo alone
        build_world(ctx, actor=actor)
    return {"resumes": sum(o.status != "rejected" for o in outcomes), "jobs": jobs}
