"""Fine-tune a sentence-transformers model on labelled pairs (CoSENT loss), with early stopping
on the validation loss, and measure base and tuned models on the held-out test pairs.

Where a pair carries requirement sentences and resume chunks, training works at the level the
semantic score does: one example per requirement sentence with the resume chunk the model being
trained from finds most similar, labelled with the pair's label; similarity for the metrics is
the score's own (mean over requirement sentences of the best chunk's cosine). Otherwise whole
texts are compared.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, Field

from core.embeddings import MAX_TOKENS
from core.evaluation.metrics import ndcg_at
from core.training.pairs import Pair, Split

MetricsSink = Callable[[dict[str, float], int], None]
ProgressSink = Callable[[float, str], None]


class TrainingParams(BaseModel):
    """Hyper-parameters of a fine-tuning run."""

    epochs: int = Field(default=4, ge=1, le=50)
    batch_size: int = Field(default=16, ge=2, le=256)
    learning_rate: float = Field(default=2e-5, gt=0, lt=1)
    warmup_ratio: float = Field(default=0.1, ge=0, lt=1)
    max_seq_length: int = Field(default=256, ge=16, le=512)
    patience: int = Field(default=2, ge=1, description="Epochs without a better validation loss.")
    seed: int = 13


@dataclass
class TrainingResult:
    """What a run produced: where the model is, how it did, when it stopped."""

    model_dir: Path
    epochs_run: float
    best_validation_loss: float | None
    test_base: dict[str, float] = field(default_factory=dict)
    test_tuned: dict[str, float] = field(default_factory=dict)


def _encoder(model: object) -> Callable[[list[str]], np.ndarray]:
    def encode(texts: list[str]) -> np.ndarray:
        unique = sorted(set(texts))
        vectors = model.encode(  # type: ignore[attr-defined]
            unique, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        index = {t: i for i, t in enumerate(unique)}
        return vectors[[index[t] for t in texts]]

    return encode


def _detailed(pair: Pair) -> bool:
    return bool(pair.probes and pair.chunks)


def similarities(model: object, pairs: Sequence[Pair]) -> np.ndarray:
    """Per pair: the semantic score's similarity (requirement sentences against chunks), or the
    cosine of the whole texts when a pair has no detail."""
    encode = _encoder(model)
    out = np.zeros(len(pairs))
    detailed = [i for i, p in enumerate(pairs) if _detailed(p)]
    plain = [i for i, p in enumerate(pairs) if not _detailed(p)]
    if plain:
        jobs = encode([pairs[i].job_text for i in plain])
        resumes = encode([pairs[i].resume_text for i in plain])
        out[plain] = np.sum(jobs * resumes, axis=1)
    if detailed:
        probes = encode([t for i in detailed for t in pairs[i].probes])
        chunks = encode([t for i in detailed for t in pairs[i].chunks])
        p0 = c0 = 0
        for i in detailed:
            n_p, n_c = len(pairs[i].probes), len(pairs[i].chunks)
            block = probes[p0 : p0 + n_p] @ chunks[c0 : c0 + n_c].T
            out[i] = float(block.max(axis=1).mean())
            p0, c0 = p0 + n_p, c0 + n_c
    return out


def training_examples(model: object, pairs: Sequence[Pair]) -> list[tuple[str, str, float]]:
    """(text, text, label) examples: per requirement sentence with its best chunk under
    ``model``, or the whole texts."""
    encode = _encoder(model)
    examples = [(p.job_text, p.resume_text, p.label) for p in pairs if not _detailed(p)]
    for pair in (p for p in pairs if _detailed(p)):
        best = (encode(list(pair.probes)) @ encode(list(pair.chunks)).T).argmax(axis=1)
        examples += [
            (probe, pair.chunks[int(j)], pair.label)
            for probe, j in zip(pair.probes, best, strict=True)
        ]
    return examples


def pair_metrics(model: object, pairs: Sequence[Pair]) -> dict[str, float]:
    """Spearman of similarity against the labels, ROC AUC (label >= 0.5 positive), and nDCG@10 of
    each job's ranking of its test candidates by similarity, averaged over jobs."""
    from scipy.stats import spearmanr
    from sklearn.metrics import roc_auc_score

    if not pairs:
        return {}
    cosine = similarities(model, pairs)
    labels = np.array([p.label for p in pairs])
    metrics: dict[str, float] = {}
    if len(set(labels.tolist())) > 1:
        metrics["spearman"] = float(spearmanr(cosine, labels).statistic)
        binary = labels >= 0.5
        if 0 < binary.sum() < len(binary):
            metrics["auc"] = float(roc_auc_score(binary, cosine))
    ndcgs = []
    for job_id in sorted({p.job_id for p in pairs}):
        idx = [i for i, p in enumerate(pairs) if p.job_id == job_id]
        gains = labels[idx]
        if gains.max() > 0:
            ranked = gains[np.argsort(-cosine[idx], kind="stable")]
            ndcgs.append(ndcg_at(ranked.tolist(), gains.tolist()))
    if ndcgs:
        metrics["ndcg_at_10"] = float(np.mean(ndcgs))
    return {k: round(v, 4) for k, v in metrics.items() if not math.isnan(v)}


def _dataset(examples: Sequence[tuple[str, str, float]]) -> object:
    from datasets import Dataset

    return Dataset.from_dict(
        {
            "sentence1": [a for a, _, _ in examples],
            "sentence2": [b for _, b, _ in examples],
            "score": [float(label) for _, _, label in examples],
        }
    )


def fine_tune(
    split: Split,
    base_path: str,
    out_dir: Path,
    params: TrainingParams,
    *,
    on_metrics: MetricsSink | None = None,
    on_progress: ProgressSink | None = None,
) -> TrainingResult:
    """Train from ``base_path`` and save the best epoch's model to ``out_dir``."""
    from sentence_transformers import (
        SentenceTransformer,
        SentenceTransformerTrainer,
        SentenceTransformerTrainingArguments,
    )
    from sentence_transformers.sentence_transformer.losses import CoSENTLoss
    from transformers import EarlyStoppingCallback, PrinterCallback, TrainerCallback

    progress = on_progress or (lambda _f, _m: None)
    sink = on_metrics or (lambda _m, _s: None)

    class Report(TrainerCallback):
        def on_log(self, args: Any, state: Any, control: Any, logs: Any = None, **_: Any) -> None:
            logs = logs or {}
            numbers = {
                name: float(logs[key])
                for key, name in (("loss", "train_loss"), ("eval_loss", "validation_loss"))
                if isinstance(logs.get(key), int | float)
            }
            if numbers:
                sink(numbers, int(state.global_step))

        def on_step_end(self, args: Any, state: Any, control: Any, **_: Any) -> None:
            total = max(int(state.max_steps), 1)
            progress(0.1 + 0.7 * state.global_step / total, f"step {state.global_step} of {total}")

    model = SentenceTransformer(base_path, device="cpu")
    model.max_seq_length = params.max_seq_length
    progress(0.08, "measuring the base model on the test pairs")
    test_base = pair_metrics(model, split.test)
    train_examples = training_examples(model, split.train)
    validation_examples = training_examples(model, split.validation)
    with tempfile.TemporaryDirectory(prefix="talentflow-train-") as tmp:
        args = SentenceTransformerTrainingArguments(
            output_dir=tmp,
            num_train_epochs=params.epochs,
            per_device_train_batch_size=params.batch_size,
            per_device_eval_batch_size=params.batch_size,
            learning_rate=params.learning_rate,
            warmup_steps=params.warmup_ratio,  # a float below 1 is a share of the steps
            eval_strategy="epoch",
            save_strategy="epoch",
            save_total_limit=2,
            load_best_model_at_end=True,
            metric_for_best_model="eval_loss",
            greater_is_better=False,
            logging_strategy="epoch",
            report_to="none",
            seed=params.seed,
            use_cpu=True,
            disable_tqdm=True,
            dataloader_num_workers=0,
            save_only_model=True,
        )
        trainer = SentenceTransformerTrainer(
            model=model,
            args=args,
            train_dataset=_dataset(train_examples),
            eval_dataset=_dataset(validation_examples),
            loss=CoSENTLoss(model),
            callbacks=[EarlyStoppingCallback(params.patience), Report()],
        )
        trainer.remove_callback(PrinterCallback)  # logs go to MLflow; stdout stays clean
        trainer.train()
        state = trainer.state
        best = state.best_metric
    progress(0.85, "measuring the tuned model on the test pairs")
    model.max_seq_length = MAX_TOKENS  # chunks are cut to the base model's length, not training's
    # No model card: sentence-transformers' card quotes training examples (resume text), and the
    # folder becomes an MLflow artifact that may live on a server and outlive an erasure.
    model.save(str(out_dir), create_model_card=False)
    return TrainingResult(
        model_dir=out_dir,
        epochs_run=float(state.epoch or 0.0),
        best_validation_loss=float(best) if best is not None else None,
        test_base=test_base,
        test_tuned=pair_metrics(model, split.test),
    )
