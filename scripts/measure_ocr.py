"""OCR speed and field accuracy on scans made from real resume PDFs.

Every page of the resume PDFs in ``../shared/data/resume_layouts`` is rendered to a 300-dpi
grayscale image, in variants (clean, tilted 1-3 degrees, blurred, noisy, all three at once and
saved as JPEG), wrapped back into an image-only PDF and parsed through the sandboxed workers and
the parser. Each profile is compared with the profile of the original text PDF: name, e-mail,
phone (exact), skills and experience companies (Jaccard). Results go to ``docs/ocr-results.json``.

Usage: ``nice -n 10 .venv/bin/python scripts/measure_ocr.py [--dpi 300 200] [--limit N]``
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.config import Settings  # noqa: E402
from core.errors import ResumeRejected  # noqa: E402
from core.parsing.files import IncomingFile  # noqa: E402
from core.parsing.ocr import OcrOptions  # noqa: E402
from core.parsing.pipeline import ParsedFile, parse_one  # noqa: E402
from core.parsing.profile import Profile  # noqa: E402
from core.parsing.sandbox import Limits, WorkerPool  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "resume_layouts"
FOLDERS = ("resume_matcher", "soupboss")
SCAN_DPI = 300
FIELDS = ("name", "email", "phone", "skills", "companies")
Variant = Callable[[Image.Image, random.Random], Image.Image]


def tilt(image: Image.Image, rng: random.Random) -> Image.Image:
    """Rotated by 1-3 degrees either way, as a sheet laid askew on the glass."""
    angle = rng.uniform(1, 3) * rng.choice((-1, 1))
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


def blur(image: Image.Image, rng: random.Random) -> Image.Image:
    """Slightly out of focus."""
    return image.filter(ImageFilter.GaussianBlur(1.5))


def noise(image: Image.Image, rng: random.Random) -> Image.Image:
    """Sensor noise (Gaussian, sigma 30) and 0.5% dust specks."""
    pixels = np.asarray(image, dtype=np.float64)
    generator = np.random.default_rng(rng.randrange(2**32))
    pixels = pixels + generator.normal(0, 30, pixels.shape)
    specks = generator.random(pixels.shape)
    pixels[specks < 0.0025] = 0
    pixels[specks > 0.9975] = 255
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def scanner(image: Image.Image, rng: random.Random) -> Image.Image:
    """Tilted, a little blurred, noisy and saved as a 60% JPEG: a cheap office scanner."""
    image = tilt(image, rng).filter(ImageFilter.GaussianBlur(0.8))
    pixels = np.asarray(image, dtype=np.float32)
    generator = np.random.default_rng(rng.randrange(2**32))
    image = Image.fromarray(np.clip(pixels + generator.normal(0, 15, pixels.shape), 0, 255))
    out = io.BytesIO()
    image.convert("L").save(out, "JPEG", quality=60)
    return Image.open(io.BytesIO(out.getvalue()))


VARIANTS: dict[str, Variant] = {
    "clean": lambda image, rng: image,
    "tilted": tilt,
    "blurred": blur,
    "noisy": noise,
    "scanner": scanner,
}


def page_images(pdf: bytes) -> list[Image.Image]:
    """Every page of a PDF as a grayscale image at ``SCAN_DPI``."""
    document = pdfium.PdfDocument(pdf)
    try:
        return [
            document[i].render(scale=SCAN_DPI / 72, grayscale=True).to_pil()
            for i in range(len(document))
        ]
    finally:
        document.close()


def image_pdf(images: list[Image.Image]) -> bytes:
    """An image-only PDF, one page per image."""
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=SCAN_DPI, save_all=True, append_images=images[1:])
    return out.getvalue()


def _norm(value: str | None) -> str:
    return re.sub(r"\s+", " ", (value or "").casefold()).strip()


def _digits(value: str | None) -> str:
    return re.sub(r"\D", "", value or "")


def _jaccard(a: set[str], b: set[str]) -> float:
    return 1.0 if not a and not b else len(a & b) / len(a | b)


def compare(reference: Profile, scanned: Profile) -> dict[str, float | None]:
    """Per field: 1/0 (exact fields) or Jaccard; None when the text PDF has no value either."""

    def exact(a: str, b: str) -> float | None:
        return None if not a else float(a == b)

    companies = {_norm(e.company) for e in reference.experience if e.company}
    return {
        "name": exact(_norm(reference.name), _norm(scanned.name)),
        "email": exact(_norm(reference.email), _norm(scanned.email)),
        "phone": exact(_digits(reference.phone), _digits(scanned.phone)),
        "skills": _jaccard({_norm(s) for s in reference.skills}, {_norm(s) for s in scanned.skills})
        if reference.skills
        else None,
        "companies": _jaccard(
            companies, {_norm(e.company) for e in scanned.experience if e.company}
        )
        if companies
        else None,
    }


def _extract(pool: WorkerPool, settings: Settings, name: str, data: bytes) -> tuple[dict, float]:
    """One file through the workers and the parser: its record and the extraction seconds."""
    started = time.monotonic()
    try:
        extraction = pool.extract("pdf", data, name)
    except ResumeRejected as e:
        return {"rejected": e.reason}, time.monotonic() - started
    seconds = time.monotonic() - started
    parsed: ParsedFile = parse_one(IncomingFile(name, data), "pdf", extraction, settings)
    return {"parsed": parsed, "ocr": extraction.ocr}, seconds


def measure_file(pool: WorkerPool, settings: Settings, path: Path) -> list[dict]:
    """Every variant of one resume, compared with the resume's text PDF."""
    original = path.read_bytes()
    reference, _ = _extract(pool, settings, path.name, original)
    if "parsed" not in reference:
        return []
    images = page_images(original)
    rows = []
    for variant, make in VARIANTS.items():
        rng = random.Random(f"{path.name}:{variant}")
        scan = image_pdf([make(image, rng) for image in images])
        outcome, seconds = _extract(pool, settings, f"{variant}-{path.name}", scan)
        row: dict = {"file": path.name, "variant": variant, "pages": len(images)}
        row["seconds"] = round(seconds, 2)
        if "parsed" in outcome:
            resume = outcome["parsed"].resume
            row["scores"] = compare(reference["parsed"].resume.profile, resume.profile)
            row["ocr_flag"] = bool(outcome["ocr"] and "ocr" in resume.warnings)
        else:
            row["rejected"] = outcome["rejected"]
            scores = compare(reference["parsed"].resume.profile, Profile())
            row["scores"] = {k: None if v is None else 0.0 for k, v in scores.items()}
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def summarise(rows: list[dict]) -> dict:
    """Seconds per page and mean score per field, for each variant."""
    summary = {}
    for variant in VARIANTS:
        mine = [r for r in rows if r["variant"] == variant]
        if not mine:
            continue
        pages = sum(r["pages"] for r in mine)
        entry: dict = {
            "files": len(mine),
            "pages": pages,
            "s_per_page": round(sum(r["seconds"] for r in mine) / pages, 2),
            "rejected": sum("rejected" in r for r in mine),
            "ocr_flagged": sum(bool(r.get("ocr_flag")) for r in mine),
        }
        for field in FIELDS:
            values = [r["scores"][field] for r in mine if r["scores"][field] is not None]
            entry[field] = round(statistics.fmean(values), 3) if values else None
            entry[f"{field}_n"] = len(values)
        summary[variant] = entry
    return summary


def main() -> None:
    """Measure at each OCR resolution and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, nargs="+", default=[300, 200])
    parser.add_argument("--limit", type=int, default=0, help="only the first N resumes")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "ocr-results.json")
    args = parser.parse_args()
    settings = Settings()
    paths = sorted(p for folder in FOLDERS for p in (DATA / folder).glob("*.pdf"))
    paths = paths[: args.limit] if args.limit else paths
    results: dict = {
        "scan_dpi": SCAN_DPI,
        "cores": len(os.sched_getaffinity(0)),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "files": [p.name for p in paths],
        "runs": {},
    }
    for dpi in args.dpi:
        ocr = OcrOptions(page_timeout_s=120, dpi=dpi)  # generous: measure, do not reject
        limits = Limits(settings.parse_timeout_s, settings.parse_memory_mb, settings.max_pages, ocr)
        with WorkerPool(1, limits) as pool:
            rows = [row for path in paths for row in measure_file(pool, settings, path)]
        results["runs"][str(dpi)] = {"summary": summarise(rows), "rows": rows}
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({dpi: run["summary"] for dpi, run in results["runs"].items()}, indent=1))


if __name__ == "__main__":
    main()
