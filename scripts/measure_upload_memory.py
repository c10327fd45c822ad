"""Peak memory of the app and its extraction workers for the worst files of the hostile corpus.

Each case runs in a fresh process on a fresh workspace, so that its high-water marks are its
own: the files go through the services the Upload page uses (``stage_uploads``, the queued
batch's ``Prefetch`` and ``ingest_queued`` per file, exactly what a worker's durable steps call,
without the work engine itself), then the chunks the next ranking would embed are counted with
the embedding model's tokenizer, and a sample of them is embedded to time it. Cases:

- ``zip-bombs``: five zips in one upload, each of 24 highly compressible text files of 10 MB
  (deflated about 170 times, under the ratio cap), each zip just under the expanded-size cap:
  about 7 MB uploaded, 1.2 GB expanded (the attack in the data-protection issue);
- ``zip-bomb-1gb``: one 6 MB zip of 100 such files (1 GB declared);
- ``repeated-word.txt``: a 10 MB text file of one word repeated;
- ``bomb.pdf``: a PDF whose content stream inflates to 800 MB (``tests/factories.bomb_pdf``);
- ``bomb.docx``: a DOCX whose document.xml inflates to 1 GB (``tests/factories.docx_zip_bomb``).

Before each case one ordinary resume is ingested the same way, so the NLP models are loaded and
the extraction workers started: the baseline is the app as it stands after its first upload.
The app's peak RSS is the kernel's high-water mark, reset after the warm-up (``VmHWM`` after
writing 5 to ``/proc/self/clear_refs``; elsewhere ``getrusage``, whose mark includes the
warm-up); psutil (when installed) samples the app and its extraction workers every 20 ms (the
kernel's mark for children counts the parent's pages they share at fork, so it is not used).
Prints one JSON object.

Usage: ``.venv/bin/python scripts/measure_upload_memory.py [--case NAME ...]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CASES = ("zip-bombs", "zip-bomb-1gb", "repeated-word.txt", "bomb.pdf", "bomb.docx")
ENTRY_BYTES = 10_000_000  # under the 10 MiB file cap
SAMPLE_CHUNKS = 128  # embedded to time the next ranking; the rest is extrapolated
ACTOR = "measure@example.com"


def compressible_text(size: int, seed: int) -> bytes:
    """Resume-like text that deflates about 170 times (the ratio cap is 200)."""
    rng = random.Random(seed)
    phrase = "Experienced backend engineer with Python and Kafka. " * 50
    out: list[str] = []
    length = 0
    while length < size:
        piece = f"{phrase}{rng.randrange(10**6)} engineer\n"
        out.append(piece)
        length += len(piece)
    return "".join(out)[:size].encode()


def bomb_zip(entries: int, seed: int) -> bytes:
    """A zip of ``entries`` compressible 10 MB text files."""
    from tests.factories import zip_of

    return zip_of(
        {f"cv{i:03d}.txt": compressible_text(ENTRY_BYTES, seed + i) for i in range(entries)}
    )


def build_case(name: str) -> list[tuple[str, bytes]]:
    """The uploads of one case, as (file name, bytes)."""
    from tests import factories

    if name == "zip-bombs":
        return [(f"batch{n}.zip", bomb_zip(24, 100 * n)) for n in range(5)]
    if name == "zip-bomb-1gb":
        return [("bomb-1gb.zip", bomb_zip(100, 0))]
    if name == "repeated-word.txt":
        return [(name, b"python " * (ENTRY_BYTES // 7))]
    if name == "bomb.pdf":
        return [(name, factories.bomb_pdf())]
    return [(name, factories.docx_zip_bomb())]


class Sampler:
    """The largest RSS of this process, of one child and of all children, every 20 ms."""

    def __init__(self) -> None:
        self.app = 0
        self.worker = 0
        self.workers = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        try:
            import psutil
        except ImportError:
            self._psutil = None
        else:
            self._psutil = psutil
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()

    def _run(self) -> None:
        me = self._psutil.Process()
        while not self._stop.is_set():
            try:
                self.app = max(self.app, me.memory_info().rss)
                kids = [c.memory_info().rss for c in me.children(recursive=True)]
                self.worker = max([self.worker, *kids])
                self.workers = max(self.workers, sum(kids))
            except self._psutil.Error:
                pass
            time.sleep(0.02)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


def mb(value: float) -> float:
    return round(value / 1e6, 1)


def max_rss(who: int) -> int:
    """The kernel's high-water mark in bytes (Linux reports kB)."""
    return resource.getrusage(who).ru_maxrss * 1024


def measure(name: str, folder: Path) -> dict:
    """Ingest one case on the workspace in ``TALENTFLOW_HOME``; runs in its own process."""
    from core.config import get_settings
    from core.context import build_context
    from core.parsing.files import IncomingFile
    from core.services.users import create_user
    from tests.factories import RESUME

    uploads = [(p.name, p.read_bytes()) for p in sorted(folder.iterdir())]
    ctx = build_context(get_settings())
    create_user(ctx, ACTOR, "admin", "a long measurement password 1")
    [warm] = _upload(ctx, [IncomingFile("warm-up.txt", RESUME.encode())], "warm")
    assert warm.status == "parsed", warm
    baseline = _rss_now()
    peak_reset = _reset_peak()
    sampler = Sampler()
    started = time.monotonic()
    try:
        files = [IncomingFile(n, d) for n, d in uploads]
        uploads.clear()
        outcomes = _upload(ctx, files, "measure")
    except Exception as e:  # a refusal of the whole upload is a result too
        outcomes = []
        refusal: str | None = f"{type(e).__name__}: {e}"
    else:
        refusal = None
    elapsed = time.monotonic() - started
    peak = _high_water() if peak_reset else max_rss(resource.RUSAGE_SELF)
    sampler.stop()
    ctx.pool.close()
    result = {
        "case": name,
        "uploaded_mb": mb(sum(p.stat().st_size for p in folder.iterdir())),
        "refused": refusal,
        "files": len(outcomes),
        "outcomes": _counts(outcomes),
        "reasons": sorted({o.reason for o in outcomes if o.reason})[:5],
        "ingest_s": round(elapsed, 1),
        "app_baseline_rss_mb": mb(baseline),
        "app_peak_rss_mb": mb(peak),
        "app_peak_includes_warm_up": not peak_reset,
        "app_peak_sampled_mb": mb(sampler.app),
        "worker_peak_sampled_mb": mb(sampler.worker),
        "workers_peak_sampled_mb": mb(sampler.workers),
    }
    result.update(_ranking_cost(ctx))
    return result


def _upload(ctx: object, files: list, batch: str) -> list:
    """What the Upload page and a worker's steps do with an upload: stage (zips expanded),
    parse ahead on every extraction worker, store each file; returns every file's outcome."""
    from core.services import queued_ingest

    staged, rejected = queued_ingest.stage_uploads(ctx, files, actor=ACTOR)  # type: ignore[arg-type]
    files.clear()  # the page drops its copies once the upload is staged
    ahead = queued_ingest.Prefetch(ctx, batch, staged)  # type: ignore[arg-type]
    outcomes = [
        queued_ingest.ingest_queued(
            ctx,  # type: ignore[arg-type]
            file,
            work_key=f"{batch}:{i}",
            parsed=ahead.take(f"{batch}:{i}"),
        )
        for i, file in enumerate(staged)
    ]
    ahead.close()
    queued_ingest.discard_staged(ctx, staged)  # type: ignore[arg-type]
    return outcomes + rejected


def _reset_peak() -> bool:
    """Reset the kernel's high-water mark of this process (Linux); whether it could."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _high_water() -> int:
    """The process's peak RSS since the last reset, in bytes (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return max_rss(resource.RUSAGE_SELF)


def _rss_now() -> int:
    try:
        import psutil
    except ImportError:
        return max_rss(resource.RUSAGE_SELF)
    return int(psutil.Process().memory_info().rss)


def _counts(outcomes: list) -> dict[str, int]:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return counts


def _ranking_cost(ctx: object) -> dict:
    """Stored text, and the chunks the next ranking would embed (a sample embedded, timed)."""
    from sqlmodel import select

    from core.embeddings import TorchEncoder
    from core.index.chunks import chunk_sections
    from core.store.db import session_scope
    from core.store.models import Resume

    with session_scope(ctx.engine) as session:  # type: ignore[attr-defined]
        resumes = list(session.exec(select(Resume).where(Resume.filename != "warm-up.txt")))
    if not resumes:
        return {"resumes": 0, "stored_text_chars": 0, "chunks_to_embed": 0}
    encoder = TorchEncoder()
    per_resume = [
        [c.text for c in chunk_sections(r.sections or {"text": r.text}, encoder.count_tokens)]
        for r in resumes
    ]
    chunks = [text for texts in per_resume for text in texts]
    sample = chunks[:SAMPLE_CHUNKS]
    started = time.monotonic()
    encoder.encode(sample)
    per_chunk = (time.monotonic() - started) / len(sample)
    return {
        "resumes": len(resumes),
        "stored_text_chars": sum(len(r.text) for r in resumes),
        "largest_text_chars": max(len(r.text) for r in resumes),
        "chunks_to_embed": len(chunks),
        "most_chunks_per_resume": max(len(texts) for texts in per_resume),
        "embed_s_estimated": round(per_chunk * len(chunks), 1),
    }


def run_case(name: str) -> dict:
    """Build one case's files, then measure it in a fresh process on a fresh workspace."""
    with tempfile.TemporaryDirectory(prefix="talentflow-measure-") as tmp:
        folder = Path(tmp) / "uploads"
        folder.mkdir()
        for filename, data in build_case(name):
            (folder / filename).write_bytes(data)
        env = {
            **os.environ,
            "TALENTFLOW_HOME": str(Path(tmp) / "home"),
            "TALENTFLOW_LOAD_DEMO": "false",
            "TALENTFLOW_APP_WORKER": "false",
            "HF_HUB_OFFLINE": "1",
            "MLFLOW_DISABLE_TELEMETRY": "true",
        }
        env.pop("DATABASE_URL", None)
        done = subprocess.run(
            [sys.executable, __file__, "--measure", name, str(folder)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            return {"case": name, "error": done.stderr[-2000:]}
        return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", action="append", choices=CASES, help="default: every case")
    parser.add_argument("--measure", nargs=2, metavar=("CASE", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], Path(args.measure[1]))))
        return
    from core.config import Settings

    settings = Settings()
    limits = {
        field: getattr(settings, field)
        for field in type(settings).model_fields
        if field.startswith(("max_", "parse_", "upload_"))
    }
    results = [run_case(name) for name in args.case or CASES]
    print(json.dumps({"settings": limits, "cases": results}, indent=2, default=str))


if __name__ == "__main__":
    main()
