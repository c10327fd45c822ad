"""Labelled (job, resume) pairs from the workspace, split by candidate.

Sources, later ones overriding earlier ones for the same pair: the demo labels (relevance 0-2
scaled to [0, 1], when the demo set is loaded), recruiter shortlists (1.0), hiring-manager
decisions (approve 1.0, reject 0.0; hold is not a label).

A pair also carries what the semantic score compares: the job's requirement sentences (probes)
and the resume's chunks, so training and testing can work at that level.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from core.context import AppContext
from core.scoring.ranker import probe_texts
from core.scoring.requirements import Requirements
from core.store.db import session_scope
from core.store.models import Candidate, ChunkVector, Job, Resume, Review, ShortlistEntry

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
DECISION_LABELS = {"approve": 1.0, "reject": 0.0}


@dataclass(frozen=True)
class Pair:
    """A job text, a resume text and how well they match, in [0, 1]."""

    job_id: int
    candidate_id: int
    job_text: str
    resume_text: str
    label: float
    source: str
    probes: tuple[str, ...] = ()
    chunks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Split:
    """Train, validation and test pairs; no candidate appears in two of them."""

    train: list[Pair]
    validation: list[Pair]
    test: list[Pair]

    def counts(self) -> dict[str, int]:
        return {
            "train": len(self.train),
            "validation": len(self.validation),
            "test": len(self.test),
        }


def collect_pairs(ctx: AppContext, demo_dir: Path = DEMO) -> list[Pair]:
    """Every labelled pair the workspace holds."""
    with session_scope(ctx.engine) as session:
        jobs = {j.id: j for j in session.exec(select(Job))}
        rows = session.exec(
            select(Candidate.id, Resume.filename, Resume.text).join(
                Resume,
                Candidate.current_resume_id == Resume.id,  # type: ignore[arg-type]
            )
        ).all()
        chunks = _chunks(session)
        shortlisted = [(e.job_id, e.candidate_id) for e in session.exec(select(ShortlistEntry))]
        decisions = [(r.job_id, r.candidate_id, r.decision) for r in session.exec(select(Review))]
    texts = {cid: text for cid, _, text in rows if cid is not None}
    labels: dict[tuple[int, int], tuple[float, str]] = {}
    labels_file = demo_dir / "labels.csv"
    if labels_file.exists():
        by_person = {
            Path(name).stem.removesuffix("-2026"): cid for cid, name, _ in rows if cid is not None
        }
        job_by_text = {j.description.strip(): j.id for j in jobs.values()}
        with open(labels_file, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                job_file = demo_dir / "jobs" / f"{row['job']}.txt"
                job_id = job_by_text.get(job_file.read_text(encoding="utf-8").strip())
                candidate_id = by_person.get(row["resume"])
                if job_id is not None and candidate_id is not None:
                    labels[(job_id, candidate_id)] = (int(row["relevance"]) / 2.0, "demo label")
    for job_id, candidate_id in shortlisted:
        labels[(job_id, candidate_id)] = (1.0, "shortlist")
    for job_id, candidate_id, decision in decisions:
        if decision in DECISION_LABELS:
            labels[(job_id, candidate_id)] = (DECISION_LABELS[decision], "decision")
    probes = {
        job_id: tuple(
            probe_texts(Requirements.model_validate(job.requirements or {}), job.description)
        )
        for job_id, job in jobs.items()
    }
    return [
        Pair(
            job_id,
            cid,
            jobs[job_id].description,
            texts[cid],
            label,
            source,
            probes[job_id],
            chunks.get(cid, ()),
        )
        for (job_id, cid), (label, source) in sorted(labels.items())
        if job_id in jobs and cid in texts and texts[cid].strip()
    ]


def _chunks(session: Session) -> dict[int, tuple[str, ...]]:
    """Candidate -> chunk texts of the current resume (the same for every embedding model of the
    MiniLM tokenizer; the first model's rows are taken)."""
    rows = session.exec(
        select(ChunkVector.candidate_id, ChunkVector.model, ChunkVector.text)
        .join(Candidate, col(Candidate.current_resume_id) == col(ChunkVector.resume_id))
        .order_by(col(ChunkVector.model), col(ChunkVector.position))
    ).all()
    out: dict[int, list[str]] = {}
    model_of: dict[int, str] = {}
    for candidate_id, model, text in rows:
        if model_of.setdefault(candidate_id, model) == model:
            out.setdefault(candidate_id, []).append(text)
    return {k: tuple(v) for k, v in out.items()}


def _bucket(candidate_id: int, seed: int) -> float:
    digest = hashlib.sha256(f"{seed}:{candidate_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split_pairs(
    pairs: list[Pair], *, validation: float = 0.15, test: float = 0.15, seed: int = 13
) -> Split:
    """A deterministic split by candidate (a person's pairs stay together)."""
    parts: dict[str, list[Pair]] = {"train": [], "validation": [], "test": []}
    for pair in pairs:
        u = _bucket(pair.candidate_id, seed)
        part = "test" if u < test else "validation" if u < test + validation else "train"
        parts[part].append(pair)
    return Split(parts["train"], parts["validation"], parts["test"])


def describe(pairs: list[Pair]) -> dict[str, int]:
    """How many pairs came from each source, and how many are positive (label >= 0.5)."""
    counts = Counter(p.source for p in pairs)
    return {
        **{f"pairs_{k.replace(' ', '_')}": v for k, v in counts.items()},
        "positives": sum(p.label >= 0.5 for p in pairs),
    }
