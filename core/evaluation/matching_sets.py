"""The ranking evaluation's data sets: queries (job descriptions), pools (resume files) and
graded gains, split deterministically into train and validation where the set is large enough.

- ``category``: ``resumes_by_category`` against Google jobs, gain 1 when the resume's category
  maps to the job (``data/category_map.tsv``, written before any tuning).
- ``ner_dotin``: ``ner_dotin`` resumes against technical Google job titles, graded through
  O*NET from the gold designations (``core.evaluation.onet_titles``).
- ``layouts``: ``resume_layouts`` with hand-written labels (``data/layout_relevance.csv``).
- ``demo``: the team's own demo data (in-sample: it was written alongside the scoring).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from core.parsing.files import IncomingFile

DATA = Path(__file__).parent / "data"
DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
SEED = "talentflow-eval-1"
VALIDATION_SHARE = 40  # percent
RESUMES_PER_CATEGORY = 15
JOBS_PER_CATEGORY = 4
TITLE_JOBS = 24
TECHNICAL = (
    "Software Engineering",
    "Technical Solutions",
    "IT & Data Management",
    "Technical Infrastructure",
    "Network Engineering",
    "Data Center & Network",
    "Hardware Engineering",
    "Product & Customer Support",
    "Program Management",
    "Developer Relations",
)


@dataclass
class Split:
    """One pool of resume files, the queries ranked over it, and their gains."""

    documents: list[IncomingFile]
    queries: dict[str, str]  # query id -> job description
    gains: dict[tuple[str, str], float] = field(default_factory=dict)  # (query, file) -> gain

    def gain(self, query: str, filename: str) -> float:
        return self.gains.get((query, filename), 0.0)


@dataclass
class EvalSet:
    """A named set with its splits ("train" and "validation", or "all")."""

    name: str
    splits: dict[str, Split]
    note: str = ""


def stable_hash(key: str) -> int:
    """A hash that is the same on every machine and run (unlike ``hash``)."""
    return int(hashlib.sha256(f"{SEED}:{key}".encode()).hexdigest()[:12], 16)


def split_of(key: str) -> str:
    """``validation`` for about 40% of keys, ``train`` for the others."""
    return "validation" if stable_hash(key) % 100 < VALIDATION_SHARE else "train"


def _split(
    documents: dict[str, IncomingFile], queries: dict[str, str], gains: dict[tuple[str, str], float]
) -> dict[str, Split]:
    splits = {name: Split([], {}) for name in ("train", "validation")}
    for key, file in sorted(documents.items()):
        splits[split_of(key)].documents.append(file)
    # queries are few: every 5th and 5th+2 in hash order, so the 60/40 share holds exactly
    for rank, key in enumerate(sorted(queries, key=stable_hash)):
        splits["validation" if rank % 5 in (1, 3) else "train"].queries[key] = queries[key]
    for split in splits.values():
        names = {f.name for f in split.documents}
        split.gains = {k: g for k, g in gains.items() if k[0] in split.queries and k[1] in names}
    return splits


def google_jobs(shared: Path) -> list[dict[str, str]]:
    """jobs_google without exact duplicates, in file order."""
    with open(shared / "jobs_google" / "job_skills.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    unique = {tuple(r.values()): r for r in rows}
    return list(unique.values())


def job_text(row: dict[str, str]) -> str:
    """A Google job as one description."""
    return (
        f"{row['Title']}\n\nResponsibilities\n{row['Responsibilities']}"
        f"\n\nMinimum qualifications\n{row['Minimum Qualifications']}"
        f"\n\nPreferred qualifications\n{row['Preferred Qualifications']}"
    )


def _job_id(row: dict[str, str]) -> str:
    return f"{row['Title']} #{stable_hash(job_text(row)) % 10_000:04d}"


def load_category_map(path: Path = DATA / "category_map.tsv") -> dict[str, list[tuple[str, str]]]:
    """Resume category -> its rules (Google category or "*", title regex or "*")."""
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    rules: dict[str, list[tuple[str, str]]] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        rules.setdefault(row["resume_category"], []).append(
            (row["google_category"], row["title_regex"])
        )
    return rules


def categories_of(row: dict[str, str], rules: dict[str, list[tuple[str, str]]]) -> set[str]:
    """The resume categories a Google job is a counterpart of."""
    return {
        name
        for name, own in rules.items()
        for category, pattern in own
        if category in ("*", row["Category"])
        and (pattern == "*" or re.search(pattern, row["Title"], re.IGNORECASE))
    }


def category_set(shared: Path) -> EvalSet:
    """(A) resumes_by_category against Google jobs of the mapped categories."""
    folder = shared / "resumes_by_category"
    with open(folder / "labels.csv", encoding="utf-8") as f:
        labels = sorted(csv.DictReader(f), key=lambda r: stable_hash(r["ID"]))
    chosen: dict[str, list[dict[str, str]]] = {}
    for row in labels:
        if len(group := chosen.setdefault(row["Category"], [])) < RESUMES_PER_CATEGORY:
            group.append(row)
    documents = {
        r["ID"]: IncomingFile(Path(r["path"]).name, (folder / r["path"]).read_bytes())
        for group in chosen.values()
        for r in group
    }
    category_of = {Path(r["path"]).name: r["Category"] for g in chosen.values() for r in g}
    rules = load_category_map()
    jobs = sorted(google_jobs(shared), key=lambda r: stable_hash(job_text(r)))
    picked: dict[str, dict[str, str]] = {}
    for name in rules:
        matching = [r for r in jobs if name in categories_of(r, rules)]
        for row in [r for r in matching if _job_id(r) not in picked][:JOBS_PER_CATEGORY]:
            picked[_job_id(row)] = row
    gains = {
        (job_id, filename): 1.0
        for job_id, row in picked.items()
        for filename, category in category_of.items()
        if category in categories_of(row, rules)
    }
    queries = {job_id: job_text(row) for job_id, row in picked.items()}
    return EvalSet("category", _split(documents, queries, gains))


def ner_dotin_set(shared: Path) -> EvalSet:
    """(B) ner_dotin resumes (both folders) against technical Google job titles, via O*NET."""
    from core.evaluation.ner_dotin import load
    from core.evaluation.onet_titles import TitleMap

    titles = TitleMap.load(shared / "onet")
    documents: dict[str, IncomingFile] = {}
    designations: dict[str, list[str]] = {}
    for folder, tag in (("545_cvs_train_v2", "train"), ("set_aside_test_v2_50cvs", "test")):
        for path in sorted((shared / "ner_dotin" / folder).glob("*.xml")):
            document = load(path)
            name = f"ner-{tag}-{path.stem}.txt"
            documents[name] = IncomingFile(name, document.text.encode("utf-8"))
            designations[name] = document.gold["designation"]
    jobs = [
        r
        for r in sorted(google_jobs(shared), key=lambda r: stable_hash(job_text(r)))
        if r["Category"] in TECHNICAL and titles.code(r["Title"])
    ][:TITLE_JOBS]
    gains = {
        (_job_id(row), name): float(g)
        for row in jobs
        for name, held in designations.items()
        if (g := titles.gain(row["Title"], held))
    }
    queries = {_job_id(row): job_text(row) for row in jobs}
    return EvalSet("ner_dotin", _split(documents, queries, gains))


def pdf_text(data: bytes) -> str:
    """Plain text of a PDF job description (tight tolerance: some PDFs have narrow spaces)."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text(x_tolerance=1) or "" for page in pdf.pages)


def _labels(path: Path) -> dict[tuple[str, str], float]:
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    return {(r["job"], r["resume"]): float(r["relevance"]) for r in csv.DictReader(lines)}


def layouts_set(shared: Path) -> EvalSet:
    """(C) resume_layouts: hand-labelled, reported only."""
    base = shared / "resume_layouts"
    paths = sorted((base / "resume_matcher").glob("*.pdf")) + sorted(
        (base / "soupboss").glob("*.pdf")
    )
    documents = [IncomingFile(p.name, p.read_bytes()) for p in paths]
    queries = {
        p.stem: pdf_text(p.read_bytes())
        for p in sorted((base / "resume_matcher_jds").glob("*.pdf"))
    }
    labels = _labels(DATA / "layout_relevance.csv")
    gains = {
        (job, f.name): labels.get((job, Path(f.name).stem), 0.0)
        for job in queries
        for f in documents
    }
    return EvalSet("layouts", {"all": Split(documents, queries, gains)}, "hand-labelled")


def demo_set(_: Path | None = None) -> EvalSet:
    """(D) the demo data: written with the scoring, so in-sample."""
    labels = _labels(DEMO / "labels.csv")
    documents = [IncomingFile(p.name, p.read_bytes()) for p in sorted((DEMO / "resumes").iterdir())]
    queries = {p.stem: p.read_text(encoding="utf-8") for p in sorted((DEMO / "jobs").glob("*.txt"))}
    gains = {
        (job, f.name): labels.get((job, Path(f.name).stem.removesuffix("-2026")), 0.0)
        for job in queries
        for f in documents
    }
    return EvalSet("demo", {"all": Split(documents, queries, gains)}, "in-sample")


LOADERS: dict[str, Callable[[Path], EvalSet]] = {
    "category": category_set,
    "ner_dotin": ner_dotin_set,
    "layouts": layouts_set,
    "demo": demo_set,
}
NEEDS_SHARED = {"category", "ner_dotin", "layouts"}
