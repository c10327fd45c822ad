"""Hidden-text flag rate on the public resume sets, written to a JSON file.

Every file is read with the production PDF and DOCX readers (the text layer; OCR of scanned
pages is left out, it neither adds nor removes hidden text). None of these resumes hides text,
so every flag is a false accusation unless a person looking at the page agrees it is hidden.

Usage::

    python scripts/measure_hidden_text.py --output hidden-text.json [--sample 200] [--set layouts]
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pdfplumber  # noqa: E402

from core.errors import ResumeRejected  # noqa: E402
from core.parsing.docx_reader import read_docx  # noqa: E402
from core.parsing.extraction import Extraction  # noqa: E402
from core.parsing.pdf_reader import quick_reason, read_pdf  # noqa: E402
from core.parsing.visibility import to_lab  # noqa: E402
from core.parsing.visibility_pdf import PageRenderer, pixel_box, suspects  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
KINDS = {".pdf": "pdf", ".docx": "docx"}


def category_files(sample: int | None) -> list[Path]:
    """The resumes_by_category PDFs, all of them or an even sample by id."""
    folder = SHARED / "resumes_by_category"
    with open(folder / "labels.csv", encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: r["ID"])
    if sample:
        rows = rows[:: max(1, len(rows) // sample)][:sample]
    return [folder / r["path"] for r in rows]


def design_files(name: str) -> list[Path]:
    """PDF and DOCX files of one of the design sets (layouts or templates)."""
    return sorted(p for p in (SHARED / name).rglob("*") if p.suffix.lower() in KINDS)


def read_one(path: Path) -> Extraction | None:
    """The extraction of one file, or None if the reader rejects it."""
    data = path.read_bytes()
    try:
        if path.suffix.lower() == ".pdf":
            return read_pdf(data, path.name, 50)
        return read_docx(data, path.name)
    except ResumeRejected:
        return None


def flagged_entry(path: Path) -> dict[str, Any] | None:
    """What was hidden in one file and why; None if nothing, {} if the file was rejected."""
    result = read_one(path)
    if result is None:
        return {}
    if not result.hidden_reasons:
        return None
    return {
        "file": str(path.relative_to(SHARED)),
        "reasons": result.hidden_reasons,
        "spans": [{**s, "text": s["text"][:200]} for s in result.hidden_spans[:20]],
        "hidden_text": result.hidden_text[:300],
    }


def measure(paths: list[Path], jobs: int = 1) -> dict[str, Any]:
    """Flag rate of a list of files, with every flagged file and what was hidden."""
    started = time.perf_counter()
    if jobs > 1:
        with multiprocessing.Pool(jobs) as pool:
            entries = pool.map(flagged_entry, paths, chunksize=8)
    else:
        entries = [flagged_entry(p) for p in paths]
    rejected = sum(1 for e in entries if e == {})
    flagged = [e for e in entries if e]
    read = len(paths) - rejected
    return {
        "files": len(paths),
        "read": read,
        "rejected": rejected,
        "flagged": len(flagged),
        "flag_rate": round(len(flagged) / read, 4) if read else 0.0,
        "seconds": round(time.perf_counter() - started, 1),
        "flagged_files": flagged,
    }


def glyph_change(path: Path) -> list[tuple[float, str, int, str]]:
    """For each suspect glyph of a PDF: the largest ΔE its drawing makes on the rendered page."""
    data = path.read_bytes()
    found: list[tuple[float, str, int, str]] = []
    renderer = PageRenderer(data)
    try:
        with pdfplumber.open(path) as pdf:
            for index, page in enumerate(pdf.pages):
                chars = [
                    c for c in page.chars if c["text"].strip() and quick_reason(c, page) is None
                ]
                candidates = suspects(page, chars)
                renders = renderer.render(index, page) if candidates else None
                for i in candidates if renders is not None else []:
                    box = pixel_box(renders, chars[i])
                    if box is None:
                        continue
                    printed = to_lab(renders.printed[box] / 255.0)
                    bare = to_lab(renders.bare[box] / 255.0)
                    change = float(np.linalg.norm(printed - bare, axis=-1).max())
                    found.append((round(change, 1), path.name, index + 1, chars[i]["text"]))
    finally:
        renderer.close()
    return found


def contrast_report(paths: list[Path]) -> dict[str, Any]:
    """How visible the suspect glyphs of real resumes are: the data behind the ΔE threshold."""
    changes = sorted(c for p in paths if p.suffix.lower() == ".pdf" for c in glyph_change(p))
    values = np.array([c[0] for c in changes]) if changes else np.zeros(1)
    edges = [0, 2, 4, 6, 8, 10, 15, 20, 30, 50, 1000]
    counts, _ = np.histogram(values if changes else [], bins=edges)
    return {
        "suspect_glyphs": len(changes),
        "histogram_delta_e": {
            f"{a}-{b}": int(n) for a, b, n in zip(edges[:-1], edges[1:], counts, strict=True)
        },
        "least_visible": changes[:30],
    }


def main() -> None:
    """Measure the chosen sets and write the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("hidden-text.json"))
    parser.add_argument("--sample", type=int, default=None, help="category PDFs to read")
    parser.add_argument(
        "--set",
        action="append",
        choices=["categories", "layouts", "templates"],
        help="sets to measure (default: all)",
    )
    parser.add_argument("--jobs", type=int, default=1, help="processes (run under nice)")
    parser.add_argument(
        "--contrast", action="store_true", help="also report how visible suspect glyphs are"
    )
    args = parser.parse_args()
    sets = args.set or ["categories", "layouts", "templates"]
    report: dict[str, Any] = {}
    for name in sets:
        if name == "categories":
            paths = category_files(args.sample)
        else:
            paths = design_files(f"resume_{name}")
        report[name] = measure(paths, args.jobs)
        print(f"{name}: {report[name]['flagged']}/{report[name]['read']} flagged", flush=True)
        if args.contrast:
            report[name]["contrast"] = contrast_report(paths)
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
