"""``python -m core bench``: speed and quality figures, written to a JSON file.

Speed is measured as a ratio against a naive baseline in the same run (the machine is shared and
noisy): a serial loop of pdfplumber ``extract_text`` + the same NLP in one process.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

from core.config import get_settings
from core.context import limits_from
from core.parsing.files import IncomingFile
from core.parsing.parser import parse_text
from core.parsing.pipeline import parse_batch
from core.parsing.sandbox import WorkerPool

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def _sample(count: int) -> list[Path]:
    """An even sample across the 24 categories (every k-th file by id)."""
    folder = SHARED / "resumes_by_category"
    with open(folder / "labels.csv", encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: r["ID"])
    step = max(1, len(rows) // count)
    return [folder / r["path"] for r in rows[::step][:count]]


def parse_throughput(count: int) -> dict[str, Any]:
    """Resumes per second for the pipeline (2 workers) and for a naive serial loop."""
    import pdfplumber

    settings = get_settings()
    paths = _sample(count)
    files = [IncomingFile(p.name, p.read_bytes()) for p in paths]
    parse_text("warm up the NLP models once")
    with WorkerPool(settings.parse_workers, limits_from(settings)) as pool:
        parse_batch(files[:2], pool, settings)  # start the workers outside the timing
        started = time.perf_counter()
        outcomes = parse_batch(files, pool, settings)
        pipeline_s = time.perf_counter() - started
    parsed = sum(not isinstance(o, Exception) for o in outcomes)
    naive_files = files[: max(10, count // 4)]
    started = time.perf_counter()
    for file in naive_files:
        with pdfplumber.open(__import__("io").BytesIO(file.data)) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        parse_text(text)
    naive_s = time.perf_counter() - started
    pipeline_rate = len(files) / pipeline_s
    naive_rate = len(naive_files) / naive_s
    return {
        "files": len(files),
        "parsed": parsed,
        "rejected": len(files) - parsed,
        "workers": settings.parse_workers,
        "pipeline_resumes_per_s": round(pipeline_rate, 2),
        "naive_serial_resumes_per_s": round(naive_rate, 2),
        "speedup_vs_naive": round(pipeline_rate / naive_rate, 2),
        "note": "pipeline includes sandboxed extraction, hidden-text checks, column detection",
    }


def parser_accuracy() -> dict[str, Any]:
    """Field-level scores on ner_dotin: train split (tuning) and test split (reported)."""
    from core.evaluation.ner_dotin import evaluate

    base = SHARED / "ner_dotin"
    return {
        "test": evaluate(base / "set_aside_test_v2_50cvs"),
        "train": evaluate(base / "545_cvs_train_v2"),
    }


def matching_benchmarks(sample: int) -> dict[str, Any]:
    """Ingest end to end, embedding backends, ranking 10k and filtered search at 100k."""
    import tempfile

    from core.bench_matching import (
        embedding_backends,
        filtered_search,
        ingest_end_to_end,
        ranking_10k,
        ranking_first_view,
    )
    from core.embeddings import get_encoder
    from core.index.chunks import chunk_sections
    from core.parsing.readers import read_document

    paths = _sample(sample)
    files = [IncomingFile(p.name, p.read_bytes()) for p in paths]
    results: dict[str, Any] = {"ingest_end_to_end": ingest_end_to_end(files)}
    count = get_encoder("torch").count_tokens
    chunks: list[str] = []
    for file in files[:40]:
        text = parse_text(read_document("pdf", file.data, file.name, 50).text)
        chunks += [c.text for c in chunk_sections(text.sections, count)]
    with tempfile.TemporaryDirectory(prefix="talentflow-models-") as models:
        results["embedding_backends"] = embedding_backends(chunks, Path(models))
    texts = [read_document("pdf", f.data, f.name, 50).text for f in files]
    results["ranking_first_view_1000"] = ranking_first_view(texts)
    results["ranking_10k"] = ranking_10k()
    results["filtered_search_100k"] = filtered_search()
    if server := os.environ.get("TALENTFLOW_BENCH_POSTGRES_URL"):
        from core.bench_work import scaled_out

        results["scaled_out"] = scaled_out(files, texts, server)
    return results


def run_benchmarks(sample: int, output: Path) -> dict[str, Any]:
    """Run every benchmark whose data is present and write the results to ``output``."""
    results: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }
    if not SHARED.is_dir():
        results["skipped"] = "../shared/data is not present"
    else:
        results["parse_throughput"] = parse_throughput(sample)
        results["parser_accuracy_ner_dotin"] = parser_accuracy()
        results["matching"] = matching_benchmarks(min(sample, 80))
    output.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return results
