"""Benchmarks of the work engine scaled out: queued ingest and the first Ranking view on
PostgreSQL, with one and with two worker processes, next to the embedded SQLite default.

Run by ``python -m core bench`` when ``TALENTFLOW_BENCH_POSTGRES_URL`` names a PostgreSQL
server the benchmark may create throwaway databases on (``postgresql+psycopg://user@host/db``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from core.config import Settings
from core.context import build_context
from core.parsing.files import IncomingFile

ACTOR = "cli"  # benchmarks run from the command line, in their own workspaces

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def throwaway_database(server_url: str) -> Iterator[str]:
    """A database made for one run on the server, dropped afterwards; yields its URL."""
    from sqlalchemy import create_engine, text

    name = f"tf_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def _wait_idle(settings: Settings) -> None:
    from core.work.queue import counts

    while True:
        busy = counts(settings)
        if busy["queued"] + busy["running"] == 0:
            return
        time.sleep(0.1)


def queued_ingest(files: Sequence[IncomingFile], database_url: str | None, workers: int) -> float:
    """Seconds from queueing ``files[2:]`` as two uploads to nothing queued or running (indexing
    included), with ``workers`` worker processes on one workspace (``files[:2]`` warm them up
    first). One upload is one batch, which one worker ingests file after file."""
    from core.services.queued_ingest import queue_uploads

    with tempfile.TemporaryDirectory(prefix="talentflow-bench-") as home:
        settings = Settings(home=Path(home), load_demo=False, database_url=database_url)
        env = {
            **os.environ,
            "TALENTFLOW_HOME": home,
            "TALENTFLOW_LOAD_DEMO": "false",
            **({"DATABASE_URL": database_url} if database_url else {}),
        }
        ctx = build_context(settings)
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "core", "worker"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(workers)
        ]
        try:
            while len(list((Path(home) / "workers").glob("*.lock"))) < workers:
                time.sleep(0.2)  # every worker has started and taken its slot
            for file in files[:2]:  # one warm-up batch each (models loaded, index opened)
                queue_uploads(ctx, [file], actor=ACTOR)
            _wait_idle(settings)
            rest = list(files[2:])
            half = len(rest) // 2
            started = time.perf_counter()
            for batch in (rest[:half], rest[half:]):  # two users' uploads at once
                queue_uploads(ctx, batch, actor=ACTOR)
            _wait_idle(settings)
            return time.perf_counter() - started
        finally:
            from core.work import runtime

            runtime.stop()  # this process only enqueued; its engine goes with the database
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait(60)
            ctx.close()


def first_view(texts: Sequence[str], database_url: str | None, count: int) -> dict[str, float]:
    """``bench_matching.ranking_first_view`` on this database."""
    from core.bench_matching import ranking_first_view

    return ranking_first_view(texts, count, database_url=database_url)


def scaled_out(
    files: Sequence[IncomingFile], texts: Sequence[str], server_url: str, count: int = 1000
) -> dict[str, Any]:
    """Queued ingest on SQLite (one worker) and on PostgreSQL (one and two workers), and the
    first Ranking view over ``count`` candidates on each database."""
    out: dict[str, Any] = {"files": len(files) - 2}
    rates: dict[str, float] = {}
    rates["sqlite_1_worker"] = (len(files) - 2) / queued_ingest(files, None, 1)
    for workers in (1, 2):
        with throwaway_database(server_url) as url:
            seconds = queued_ingest(files, url, workers)
        rates[f"postgres_{workers}_workers"] = (len(files) - 2) / seconds
    out["ingest_resumes_per_s"] = {k: round(v, 2) for k, v in rates.items()}
    out["first_view_sqlite"] = first_view(texts, None, count)
    with throwaway_database(server_url) as url:
        out["first_view_postgres"] = first_view(texts, url, count)
    return out


def main() -> None:
    """``python -m core.bench_work SERVER_URL [--sample N] [--output FILE]``: only these figures."""
    import argparse
    import json

    from core.bench import _sample
    from core.parsing.readers import read_document

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("server")
    parser.add_argument("--sample", type=int, default=80)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--output", type=Path, default=Path("bench-scaled-out.json"))
    args = parser.parse_args()
    files = [IncomingFile(p.name, p.read_bytes()) for p in _sample(args.sample)]
    texts = [read_document("pdf", f.data, f.name, 50).text for f in files]
    results = scaled_out(files, texts, args.server, args.count)
    args.output.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
