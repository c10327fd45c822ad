"""Queued ingest through the work engine: a worker killed at any point loses and repeats nothing."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import factories

ROOT = Path(__file__).resolve().parents[2]
FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Leslie"]
LAST = [
    "Lovelace",
    "Hopper",
    "Turing",
    "Dijkstra",
    "Liskov",
    "Knuth",
    "Allen",
    "Thompson",
    "Perlman",
    "Hamilton",
]


def write_resumes(folder: Path, count: int) -> Path:
    """Distinct text resumes (plus one unreadable file and one exact copy)."""
    folder.mkdir(parents=True)
    for i in range(count):
        name = f"{FIRST[i % len(FIRST)]} {LAST[i // len(FIRST) % len(LAST)]}"
        text = factories.resume_text(name, f"person{i}@example.com")
        (folder / f"cv-{i:03}.txt").write_text(text, encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    (folder / "copy.txt").write_bytes((folder / "cv-000.txt").read_bytes())
    return folder


def env_for(home: Path) -> dict[str, str]:
    return {**os.environ, "TALENTFLOW_HOME": str(home), "TALENTFLOW_LOAD_DEMO": "false"}


def cli(home: Path, *args: str, timeout: float = 600) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "core", *args],
        cwd=ROOT,
        env=env_for(home),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def status(home: Path) -> dict[str, int]:
    return json.loads(cli(home, "status", "--json"))


def uploads_recorded(home: Path) -> int:
    with sqlite3.connect(home / "talentflow.db") as db:
        return int(
            db.execute("select count(*) from upload where work_key is not null").fetchone()[0]
        )


def test_a_queued_ingest_is_done_by_a_worker(tmp_path: Path) -> None:
    home = tmp_path / "home"
    files = write_resumes(tmp_path / "in", 6)
    assert json.loads(cli(home, "ingest", str(files), "--queue", "--json")) == {"queued": 8}
    waiting = status(home)
    assert (waiting["queued"], waiting["candidates"]) == (1, 0)
    cli(home, "worker", "--until-idle")
    done = status(home)
    assert done["candidates"] == done["resumes"] == 6 and done["rejected"] == 1
    assert done["sql_chunks"] == done["index_points"] > 0
    assert (done["queued"], done["running"], done["failed"]) == (0, 0, 0)
    assert not any((home / "incoming").rglob("*.upload"))  # staged copies are gone


@pytest.mark.slow
def test_a_worker_killed_again_and_again_ends_like_an_undisturbed_run(tmp_path: Path) -> None:
    """100 queued resumes; a worker killed five times at random points (while it starts, inside
    or between files' steps, while it indexes the batch), then one that finishes: the same
    workspace as a calm run."""
    count = 100
    files = write_resumes(tmp_path / "in", count)
    calm, stormy = tmp_path / "calm", tmp_path / "stormy"
    for home in (calm, stormy):
        cli(home, "ingest", str(files), "--queue", "--json")
    cli(calm, "worker", "--until-idle")

    chance = random.Random(7)
    for kill in range(5):
        before = uploads_recorded(stormy) if (stormy / "talentflow.db").exists() else 0
        worker = subprocess.Popen(
            [sys.executable, "-m", "core", "worker"],
            cwd=ROOT,
            env=env_for(stormy),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        if kill == 0:  # killed while it starts
            target, pause = 0, chance.uniform(0, 2.0)
        elif kill < 4:
            target, pause = before + chance.randint(1, 12), chance.uniform(0, 0.3)
        else:  # every file stored: killed while the batch is indexed
            target, pause = count + 2, chance.uniform(0, 2.0)
        while uploads_recorded(stormy) < target and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(pause)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    assert status(stormy) != status(calm)  # the storm left work undone
    cli(stormy, "worker", "--until-idle")

    assert status(stormy) == status(calm)
    assert status(calm)["candidates"] == count
    with sqlite3.connect(stormy / "talentflow.db") as db:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        keys = [k for (k,) in db.execute("select work_key from upload")]
        assert len(keys) == len(set(keys)) == count + 2
        uploads = db.execute("select count(*) from auditevent where action = 'upload'").fetchone()
        assert uploads[0] == 1


def test_status_loads_no_embedding_model(tmp_path: Path) -> None:
    """The workers' health check answers from the database and the index alone."""
    home = tmp_path / "home"
    files = write_resumes(tmp_path / "in", 2)
    cli(home, "ingest", str(files))
    cli(home, "reindex")
    script = (
        "import json, sys\n"
        "from core.config import get_settings\n"
        "from core.context import build_context\n"
        "from core.services.status import workspace_status\n"
        'figures = workspace_status(build_context(get_settings()), actor="cli")\n'
        "print(json.dumps([figures, 'sentence_transformers' in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env_for(home),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures, loaded = json.loads(done.stdout.splitlines()[-1])
    assert figures["candidates"] == 2 and figures["sql_chunks"] == figures["index_points"] > 0
    assert loaded is False


def test_a_work_server_out_of_reach_has_no_engine(tmp_path: Path) -> None:
    from core.config import Settings
    from core.work.queue import counts, has_engine

    settings = Settings(
        home=tmp_path, work_database_url="postgresql://nobody@127.0.0.1:9/talentflow"
    )
    assert not has_engine(settings)
    assert counts(settings) == {"queued": 0, "running": 0, "failed": 0}


def test_the_engine_is_absent_until_a_worker_starts(ctx) -> None:
    """Pages ask the engine's state before any worker has launched (on PostgreSQL, before its
    tables exist): none yet, then the engine once one has."""
    from core.work import queue, runtime

    assert not queue.has_engine(ctx.settings)
    assert queue.counts(ctx.settings) == {"queued": 0, "running": 0, "failed": 0}
    assert queue.rescoring_state(ctx.settings, 1) is None
    runtime.start_worker(ctx)
    try:
        assert queue.has_engine(ctx.settings)
    finally:
        runtime.stop()
