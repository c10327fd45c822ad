"""The job side of a ranking: its atomic requirements, encoded once for the whole pool."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.embeddings import Encoder
from core.scoring.atomic import Requirement
from core.scoring.requirements import Requirements

MEANING_KINDS = ("skill", "certification", "sentence")


@dataclass(frozen=True)
class JobProbe:
    """What every candidate is compared with: the atomic requirements and their vectors."""

    items: list[Requirement]
    probes: np.ndarray  # one row per item whose kind is in MEANING_KINDS
    rows: dict[int, int]  # item index -> probe row
    title: np.ndarray | None
    description: np.ndarray
    field_vectors: dict[int, np.ndarray]  # years item index -> vector of its field


def job_items(req: Requirements, description: str) -> list[Requirement]:
    """The job's atomic requirements; without any, its first sentences."""
    items = req.atomic()
    if not items:
        lines = [line.strip() for line in description.splitlines() if len(line.split()) >= 3]
        items = [Requirement(text=line[:300], kind="sentence", line=line) for line in lines[:10]]
    return items


def probe_texts(req: Requirements, description: str) -> list[str]:
    """The texts a resume's chunks are compared with (requirements judged by meaning)."""
    return [i.text for i in job_items(req, description) if i.kind in MEANING_KINDS]


def job_probe(req: Requirements, description: str, encoder: Encoder) -> JobProbe:
    """Encode the job's requirements, title and the fields its years are asked in."""
    items = job_items(req, description)
    rows = {i: n for n, i in enumerate(i for i, it in enumerate(items) if it.kind in MEANING_KINDS)}
    texts = [items[i].text for i in rows]
    fields = {i: it.field for i, it in enumerate(items) if it.kind == "years" and it.field}
    title = req.title or description[:200]
    encoded = encoder.encode([*texts, *fields.values(), title, description or title])
    probes = encoded[: len(texts)]
    field_vectors = dict(zip(fields, encoded[len(texts) : -2], strict=True))
    return JobProbe(items, probes, rows, encoded[-2], encoded[-1], field_vectors)
