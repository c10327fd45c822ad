"""Parsed workspaces of the evaluation, cached on disk between runs.

Ingesting hundreds of PDFs takes minutes, so each (set, split) workspace is kept under the cache
folder, keyed by a hash of its files and of the code that turns a file into a candidate
(parsing, skills, chunking and embedding). A change to scoring re-ranks without re-parsing;
a change to parsing parses again. Jobs are created afresh in every run.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from core.config import Settings
from core.context import AppContext, build_context
from core.parsing.files import IncomingFile
from core.services.ingest import ingest_files
from core.store.db import session_scope
from core.store.models import Candidate, Resume

if TYPE_CHECKING:
    from core.registry.loading import ScoringModel

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CACHE = ROOT / ".cache" / "eval"
ACTOR = "cli"  # the harness works in its own workspace, as the machine's operator
PARSING_SOURCES = ("core/parsing", "core/skills", "core/index")
PARSING_FILES = ("core/embeddings.py",)


def source_digest(root: Path = ROOT) -> str:
    """Hash of the source that parsing and indexing depend on."""
    digest = hashlib.sha256()
    paths = [p for d in PARSING_SOURCES for p in sorted((root / d).rglob("*.py"))]
    for path in paths + [root / f for f in PARSING_FILES]:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def cache_key(label: str, files: Sequence[IncomingFile]) -> str:
    """The folder name of a workspace: its label and a hash of its files and of the parser."""
    digest = hashlib.sha256(source_digest().encode())
    for file in sorted(files, key=lambda f: f.name):
        digest.update(file.name.encode())
        digest.update(hashlib.sha256(file.data).digest())
    return f"{label}-{digest.hexdigest()[:16]}"


@contextmanager
def workspace(
    label: str,
    files: Sequence[IncomingFile],
    cache: Path = DEFAULT_CACHE,
    *,
    fresh: bool = False,
    model: ScoringModel | None = None,
) -> Iterator[AppContext]:
    """A context over the parsed ``files``, ingested now or reused from ``cache``."""
    folder = cache / cache_key(label, files)
    ready = folder / "ready"
    if fresh or not ready.exists():
        shutil.rmtree(folder, ignore_errors=True)
        for stale in cache.glob(f"{label}-*"):  # older parser versions of the same set
            shutil.rmtree(stale, ignore_errors=True)
        folder.mkdir(parents=True)
    ctx = build_context(Settings(home=folder / "home", load_demo=False), pinned=model)
    try:
        if not ready.exists():
            ingest_files(ctx, list(files), actor=ACTOR)
            ready.write_text("ingested\n", encoding="utf-8")
        yield ctx
    finally:
        ctx.close()


def documents(ctx: AppContext) -> dict[int, tuple[str, str]]:
    """candidate id -> (file name of the current resume, visible text)."""
    with session_scope(ctx.engine) as session:
        rows = session.exec(
            Candidate.__table__.join(Resume.__table__, Candidate.current_resume_id == Resume.id)  # type: ignore[attr-defined]
            .select()
            .with_only_columns(Candidate.id, Resume.filename, Resume.text)
        ).all()
    return {int(i): (f, t) for i, f, t in rows}
