"""Fine-tuning end to end on a tiny data set: split, early stopping, MLflow run, registration
with test metrics, promotion, scores carrying the version."""

import pytest
from sqlmodel import select

from core.errors import InvalidInput
from core.parsing.files import IncomingFile
from core.registry.scoring_config import EMBEDDER_DIR
from core.services import jobs as job_service
from core.services import models
from core.services.ingest import ingest_files
from core.services.ranking import rank_job
from core.services.reviews import submit_review
from core.services.shortlists import add_to_shortlist
from core.services.training import train_and_register
from core.store.db import session_scope
from core.store.models import Score
from core.training.finetune import TrainingParams, similarities, training_examples
from core.training.pairs import Pair, collect_pairs, split_pairs
from core.work import admin_jobs
from tests import factories

JOBS = {
    1: "Backend engineer: Python services, Kafka streams, PostgreSQL databases.",
    2: "Pastry chef: bakery production, laminated doughs, kitchen hygiene.",
}
RESUMES = {
    "backend": "Software engineer. Built Python microservices with Kafka and PostgreSQL.",
    "chef": "Pastry chef. Ran a bakery line: croissants, laminated doughs, HACCP hygiene.",
}


def tiny_pairs(people: int = 24) -> list[Pair]:
    """People alternate between backend engineers and chefs; each is labelled for both jobs."""
    pairs = []
    for person in range(people):
        kind = "backend" if person % 2 == 0 else "chef"
        text = f"Person {person}. {RESUMES[kind]}"
        for job_id, job_text in JOBS.items():
            match = (job_id == 1) == (kind == "backend")
            pairs.append(Pair(job_id, person, job_text, text, 1.0 if match else 0.0, "test"))
    return pairs


FAST = TrainingParams(epochs=2, batch_size=8, max_seq_length=32, patience=1)


def test_split_is_by_candidate_and_deterministic():
    pairs = tiny_pairs(60)
    split = split_pairs(pairs)
    people = [
        {p.candidate_id for p in part} for part in (split.train, split.validation, split.test)
    ]
    assert (
        not (people[0] & people[1]) and not (people[0] & people[2]) and not (people[1] & people[2])
    )
    assert sum(split.counts().values()) == len(pairs)
    assert split_pairs(pairs) == split
    assert split_pairs(pairs, seed=1) != split


def test_pairs_come_from_shortlists_and_decisions(ctx, accounts):
    outcomes = ingest_files(
        ctx,
        [
            IncomingFile("a.txt", factories.RESUME.encode()),
            IncomingFile("b.txt", factories.resume_text("Bo B", "bo@example.com").encode()),
        ],
        actor="cli",
    )
    a, b = (o.candidate_id for o in outcomes)
    job = job_service.create_job(ctx, JOBS[1], actor="cli")
    manager = accounts["hiring_manager"]
    job_service.assign_managers(ctx, job.id, [manager], actor="cli")
    rank_job(ctx, job.id, actor="cli")
    add_to_shortlist(ctx, job.id, a, actor="cli")
    add_to_shortlist(ctx, job.id, b, actor="cli")
    submit_review(ctx, job.id, b, actor=manager, decision="reject", rating=1)
    pairs = collect_pairs(ctx)
    assert {(p.candidate_id, p.source): p.label for p in pairs} == {
        (a, "shortlist"): 1.0,
        (b, "decision"): 0.0,
    }
    assert all(p.probes and p.chunks for p in pairs)  # what the semantic score compares


def test_too_few_pairs_is_a_clear_refusal(ctx, accounts):
    with pytest.raises(InvalidInput, match="labelled pairs"):
        train_and_register(ctx, actor=accounts["admin"], pairs=tiny_pairs(2), evaluate_it=False)


def test_train_register_promote_and_score_with_the_fine_tuned_model(ctx, accounts, engine_worker):
    admin = accounts["admin"]
    progress = []
    version = train_and_register(
        ctx,
        actor=admin,
        params=FAST,
        pairs=tiny_pairs(),
        evaluate_it=False,
        report=lambda f, m: progress.append(f),
    )
    assert version.config.fine_tuned
    assert {"test_spearman", "test_base_spearman", "test_auc", "epochs_run"} <= set(version.metrics)
    assert 1 <= version.metrics["epochs_run"] <= FAST.epochs
    assert version.params["loss"] == "CoSENT" and version.params["n_test"] != "0"
    assert version.tags["source"] == "fine-tune" and version.tags["parent_version"] == "builtin"
    history = ctx.registry.client.get_metric_history(version.run_id, "validation_loss")
    assert len(history) >= 1  # per-epoch validation losses are in the run
    assert progress == sorted(progress)
    assert (ctx.registry.local_dir(version.version) / EMBEDDER_DIR / "config.json").exists()

    ingest_files(ctx, [IncomingFile("a.txt", factories.RESUME.encode())], actor="cli")
    job = job_service.create_job(
        ctx, "Backend Engineer\n\nRequirements\n- Python and Kafka\n", actor="cli"
    )
    base_scores = [r.result.score for r in rank_job(ctx, job.id, actor="cli")]
    admin_jobs.wait(ctx.settings, models.promote(ctx, version.version, actor=admin), 300)
    tuned = ctx.scoring
    assert tuned.version == version.version
    assert tuned.encoder.model_version != "all-MiniLM-L6-v2/torch-fp32"
    ranked = rank_job(ctx, job.id, actor="cli")
    with session_scope(ctx.engine) as session:
        stored = session.exec(select(Score)).one()
    assert stored.version == version.version and stored.model == tuned.encoder.model_version
    assert ranked[0].result.score != base_scores[0]  # the tuned embedder changed the semantics


def test_requirement_level_examples_and_similarity_match_the_score():
    from core.embeddings import get_encoder

    model = get_encoder("torch").inner.model
    pair = Pair(
        1,
        1,
        "job",
        "resume",
        1.0,
        "test",
        probes=("Python services", "Kafka streams"),
        chunks=("Built Python services", "Ran Kafka streams in production", "Enjoys hiking"),
    )
    examples = training_examples(model, [pair])
    assert [(a, b) for a, b, _ in examples] == [
        ("Python services", "Built Python services"),
        ("Kafka streams", "Ran Kafka streams in production"),
    ]
    probes = model.encode(list(pair.probes), normalize_embeddings=True)
    chunks = model.encode(list(pair.chunks), normalize_embeddings=True)
    semantic = (probes @ chunks.T).max(axis=1).mean()  # the score's formula before scaling
    assert similarities(model, [pair])[0] == pytest.approx(semantic, abs=1e-5)
