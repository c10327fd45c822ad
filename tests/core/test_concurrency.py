"""Several users, a CLI and a worker on one workspace at once: nothing crashes, nothing is lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from sqlmodel import func, select

from core.context import AppContext, build_context
from core.index.indexer import Indexer
from core.index.port import SearchFilter
from core.index.sql_view import SqlChunkView
from core.parsing.files import IncomingFile
from core.services import audit
from core.services.erasure import erase_person
from core.services.ingest import ingest_files
from core.services.ranking import ensure_indexed
from core.store.db import session_scope
from core.store.models import Candidate, ChunkVector, Resume, Upload
from tests import factories

ROOT = Path(__file__).resolve().parents[2]


FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia"]
LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson"]


def resumes(count: int) -> list[IncomingFile]:
    """Distinct text resumes, one person each."""
    people = [(f"{FIRST[i % 9]} {LAST[i % 8]}", f"person{i}@example.com") for i in range(count)]
    return [
        IncomingFile(f"cv-{i}.txt", factories.resume_text(name, email).encode())
        for i, (name, email) in enumerate(people)
    ]


def rows(ctx: AppContext, table: type) -> int:
    with session_scope(ctx.engine) as session:
        return int(session.exec(select(func.count()).select_from(table)).one())


def second_context(ctx: AppContext) -> AppContext:
    """Another context on the same workspace, as another process would open it."""
    other = build_context(ctx.settings)
    other.pool.close()
    other.pool = ctx.pool
    return other


def test_overlapping_uploads_from_many_sessions_lose_nothing(ctx: AppContext) -> None:
    files = resumes(12)
    batches = [[files[(start + k) % 12] for k in range(6)] for start in range(0, 12, 2)]
    batches += batches[:2]  # two sessions upload exactly the same batch
    with ThreadPoolExecutor(max_workers=len(batches)) as sessions:
        results = list(sessions.map(lambda batch: ingest_files(ctx, batch, actor="cli"), batches))
    statuses = [o.status for outcomes in results for o in outcomes]
    assert set(statuses) <= {"parsed", "duplicate"}
    assert statuses.count("parsed") == 12
    assert all(o.candidate_id for outcomes in results for o in outcomes)
    assert rows(ctx, Resume) == rows(ctx, Candidate) == 12
    assert rows(ctx, Upload) == sum(len(b) for b in batches)
    uploads = audit.events(ctx, action="upload", actor="cli")
    assert len(uploads) == len(batches)


def test_a_second_process_sees_a_conflict_as_already_on_file(ctx: AppContext) -> None:
    other = second_context(ctx)
    try:
        same = resumes(4)
        with ThreadPoolExecutor(max_workers=2) as sessions:
            first, second = sessions.map(lambda c: ingest_files(c, same, actor="cli"), [ctx, other])
        assert sorted(o.status for o in first + second) == ["duplicate"] * 4 + ["parsed"] * 4
        assert rows(ctx, Resume) == 4
    finally:
        other.close()


def test_an_interrupted_batch_keeps_every_file_already_done(ctx: AppContext) -> None:
    def leave_at_third(done: int, total: int, name: str) -> None:
        if done == 3:
            raise KeyboardInterrupt  # the user closed the tab

    with pytest.raises(KeyboardInterrupt):
        ingest_files(ctx, resumes(6), leave_at_third, actor="cli")
    assert rows(ctx, Resume) == 3
    [event] = audit.events(ctx, action="upload", actor="cli")
    assert event.details["parsed"] == 3 and event.details["interrupted"] == 3


def test_a_file_that_cannot_be_stored_fails_alone(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.services import ingest

    real = ingest._store

    def flaky(context: AppContext, parsed, sha: str, work_key=None):  # type: ignore[no-untyped-def]
        if parsed.file.name == "cv-1.txt":
            raise RuntimeError("disk full")
        return real(context, parsed, sha, work_key)

    monkeypatch.setattr(ingest, "_store", flaky)
    files = resumes(3)
    files.insert(2, IncomingFile("evil\x00name.txt", b"\x00\x01"))
    outcomes = ingest_files(ctx, files, actor="cli")
    assert [o.status for o in outcomes] == ["parsed", "rejected", "rejected", "parsed"]
    assert outcomes[1].reason == "could not be stored: please try again"
    assert "\x00" not in outcomes[2].file
    assert rows(ctx, Upload) == 4


def test_sessions_ranking_at_once_index_each_chunk_once(ctx: AppContext) -> None:
    ingest_files(ctx, resumes(8), actor="cli")
    assert ctx.indexer.owns_index  # the app opened the index first
    other = second_context(ctx)
    try:
        with ThreadPoolExecutor(max_workers=6) as sessions:
            list(sessions.map(ensure_indexed, [ctx, ctx, ctx, other, other, ctx]))
        ctx.indexer.sync()
        model = ctx.encoder.model_version
        with session_scope(ctx.engine) as session:
            chunks = session.exec(
                select(func.count()).select_from(ChunkVector).where(ChunkVector.model == model)
            ).one()
        assert chunks > 8
        assert ctx.indexer.index.count() == chunks
        assert not other.indexer.owns_index
    finally:
        other.close()


def test_the_encoder_is_safe_to_share_between_sessions(ctx: AppContext) -> None:
    texts = [f"Senior engineer number {i} with Kubernetes and Go" for i in range(48)]
    alone = ctx.encoder.encode(texts)
    ctx.encoder._cache.clear()  # type: ignore[attr-defined]
    with ThreadPoolExecutor(max_workers=6) as sessions:
        shared = list(sessions.map(lambda k: ctx.encoder.encode(texts[k::6]), range(6)))
    for k, vectors in enumerate(shared):
        np.testing.assert_allclose(vectors, alone[k::6], atol=1e-5)


def test_the_sql_view_finds_what_the_index_finds(ctx: AppContext) -> None:
    ingest_files(ctx, resumes(6), actor="cli")
    ensure_indexed(ctx)
    view = SqlChunkView(ctx.engine, ctx.encoder.model_version, ctx.encoder.dimension)
    query = ctx.encoder.encode(["Python developer in Berlin"])[0].tolist()
    for where in [None, SearchFilter(min_years=1.0), SearchFilter(hide_flagged=True)]:
        owned = ctx.indexer.index.search(query, limit=1000, where=where)
        seen = view.search(query, limit=1000, where=where)
        assert {h.id for h in seen} == {h.id for h in owned}
        by_id = {h.id: h for h in owned}
        for hit in seen:
            assert hit.score == pytest.approx(by_id[hit.id].score, abs=1e-5)
            assert hit.payload == by_id[hit.id].payload
        top = view.search(query, limit=3, where=where)
        assert [h.score for h in top] == pytest.approx([h.score for h in owned[:3]], abs=1e-5)
    assert view.ids() == ctx.indexer.index.ids()


def test_an_erasure_from_another_process_reaches_the_owner(ctx: AppContext) -> None:
    ingest_files(ctx, resumes(3), actor="cli")
    ensure_indexed(ctx)
    before = ctx.indexer.index.count()
    other = second_context(ctx)
    try:
        report = erase_person(other, actor="cli", email="person1@example.com")
        assert report.erased_candidates == 1
    finally:
        other.close()
    assert ctx.indexer.index.count() == before  # the owner has not applied it yet
    assert isinstance(ctx.indexer, Indexer) and ctx.indexer.sync() > 0
    assert ctx.indexer.index.count() < before
    assert ctx.indexer.index.ids() == ctx.indexer.expected_ids()


@pytest.mark.slow
def test_cli_search_and_reindex_work_while_the_app_holds_the_index(
    ctx: AppContext, _workspace: Path
) -> None:
    ingest_files(ctx, resumes(4), actor="cli")
    ensure_indexed(ctx)  # this process owns the embedded index from here on
    env = {**os.environ, "TALENTFLOW_HOME": str(_workspace)}

    def cli(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "core", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    found = json.loads(cli("search", "Python developer", "--json"))
    assert {row["name"] for row in found} >= {"Ada Lovelace"}
    summary = json.loads(cli("reindex"))
    assert summary["count"] == ctx.indexer.index.count()
    cli("ingest", str(_write(_workspace / "more.txt", factories.resume_text("New Person"))))
    assert ctx.indexer.sync() == 1  # the owner applies what the CLI stored
    assert ctx.indexer.index.ids() == ctx.indexer.expected_ids()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow
def test_twenty_sessions_a_cli_ingest_and_a_worker_at_once(ctx: AppContext, tmp_path: Path) -> None:
    from core.services.jobs import create_job
    from core.services.ranking import rank_job

    files = resumes(30)
    job = create_job(
        ctx, "Backend Engineer\n\nRequirements\n- Python and PostgreSQL\n", actor="cli"
    )
    folder = tmp_path / "cli"
    folder.mkdir()
    for file in files[20:30]:
        (folder / file.name).write_bytes(file.data)
    queued = tmp_path / "queued"
    queued.mkdir()
    for file in files[15:25]:
        (queued / file.name).write_bytes(file.data)
    env = {
        **os.environ,
        "TALENTFLOW_HOME": str(ctx.settings.home),
        "DATABASE_URL": ctx.settings.db_url,
    }

    def cli(*args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "core", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    assert cli("ingest", str(queued), "--queue", "--json").wait(timeout=300) == 0
    others = [cli("ingest", str(folder), "--json"), cli("worker", "--until-idle")]

    def session(k: int) -> int:
        batch = [files[(3 * k + i) % 20] for i in range(6)]
        outcomes = ingest_files(ctx, batch, actor="cli")
        assert all(o.status in {"parsed", "duplicate", "new_version"} for o in outcomes)
        return len(rank_job(ctx, job.id or 0, actor="cli"))

    with ThreadPoolExecutor(max_workers=20) as sessions:
        ranked = list(sessions.map(session, range(20)))
    for process in others:
        _, err = process.communicate(timeout=600)
        assert process.returncode == 0, err[-3000:]
        assert "database is locked" not in err
    assert all(n > 0 for n in ranked)
    assert rows(ctx, Resume) == rows(ctx, Candidate) == 30
    assert rows(ctx, Upload) == 20 * 6 + 10 + 10
    uploads = audit.events(ctx, action="upload", actor="cli")
    assert len(uploads) == 20 + 1 + 1
    assert sum(sum(v for k, v in e.details.items() if k != "batch") for e in uploads) == 140
    ctx.indexer.sync()
    ensure_indexed(ctx)
    assert ctx.indexer.index.ids() == ctx.indexer.expected_ids()
