"""Scoring versions in MLflow (SQLite store in the test's workspace): register, promote, roll back,
score with the champion; every score and prediction records its version."""

import pytest
from sqlmodel import select

from core.auth.policy import PermissionDenied
from core.errors import InvalidInput
from core.parsing.files import IncomingFile
from core.registry.loading import BUILTIN
from core.registry.mlflow_store import VersionNotFound
from core.services import jobs as job_service
from core.services import models
from core.services.audit import events
from core.services.ingest import ingest_files
from core.services.ranking import rank_job
from core.store.db import session_scope
from core.store.models import DriftReference, Prediction, Score
from core.work import admin_jobs
from tests import factories

JOB = "Backend Engineer\n\nRequirements\n- Python and Kafka in production\n- PostgreSQL\n"


@pytest.fixture
def scored(ctx, accounts):
    outcomes = ingest_files(
        ctx,
        [
            IncomingFile("backend.txt", factories.RESUME.encode()),
            IncomingFile(
                "other.txt",
                factories.resume_text("Olga Other", "olga@example.com")
                .replace("Python, Go, Kafka", "Excel, Sales, Tableau")
                .encode(),
            ),
        ],
        actor="cli",
    )
    job = job_service.create_job(ctx, JOB, actor="cli")
    return job.id, [o.candidate_id for o in outcomes]


def versions_of(ctx, table):
    with session_scope(ctx.engine) as session:
        return {row.version for row in session.exec(select(table))}


def test_no_registry_until_the_first_version(ctx, scored):
    job_id, _ = scored
    rank_job(ctx, job_id, actor="cli")
    assert not ctx.has_registry()
    assert ctx.champion_version() == BUILTIN
    assert versions_of(ctx, Score) == versions_of(ctx, Prediction) == {BUILTIN}


def test_register_promote_score_and_roll_back(ctx, scored, accounts, engine_worker):
    job_id, _ = scored
    admin = accounts["admin"]
    first = models.register_default(ctx, actor=admin, evaluate_it=False)
    second = models.register_default(ctx, actor=admin, evaluate_it=False)
    assert (first.version, second.version) == ("1", "2")
    assert (ctx.settings.home / "mlflow.db").exists()  # the store lives in the workspace
    assert second.params["embedder"] == "all-MiniLM-L6-v2"
    assert second.tags["registered_by"] == admin

    assert admin_jobs.wait(ctx.settings, models.promote(ctx, "1", actor=admin), 120).state == "done"
    assert ctx.champion_version() == "1"
    assert versions_of(ctx, Score) == {"1"}  # activation rescored the open job
    with session_scope(ctx.engine) as session:
        reference = session.exec(select(DriftReference)).one()
    assert reference.version == "1" and len(reference.scores) == 2

    admin_jobs.wait(ctx.settings, models.promote(ctx, "2", actor=admin), 120)
    ranked = rank_job(ctx, job_id, actor="cli")
    assert versions_of(ctx, Score) == {"2"}
    assert {"1", "2"} <= versions_of(ctx, Prediction)

    models.rollback(ctx, actor=admin)
    assert ctx.champion_version() == "1"
    assert ctx.registry.alias("champion").version == "1"
    table = models.list_versions(ctx, actor=admin)
    assert table.champion == "1" and [v.version for v in table.versions] == ["2", "1"]
    actions = [e.action for e in events(ctx, actor=admin)]
    assert {"model.register", "model.promote", "model.rollback"} <= set(actions)
    assert ranked[0].result.score > ranked[1].result.score


def test_same_configuration_scores_identically_under_any_version(ctx, scored, accounts):
    job_id, _ = scored
    before = {
        r.candidate.id: r.result.score for r in rank_job(ctx, job_id, store=False, actor="cli")
    }
    version = models.register_default(ctx, actor=accounts["admin"], evaluate_it=False)
    model = ctx.model_for(version.version)
    after = {
        r.candidate.id: r.result.score for r in rank_job(ctx, job_id, model=model, actor="cli")
    }
    assert before == after


def test_challenger_and_refusals(ctx, scored, accounts):
    version = models.register_default(ctx, actor=accounts["admin"], evaluate_it=False)
    models.set_challenger(ctx, version.version, actor=accounts["admin"])
    assert models.list_versions(ctx, actor=accounts["admin"]).challenger == version.version
    with pytest.raises(PermissionDenied):
        models.promote(ctx, version.version, actor=accounts["recruiter"])
    with pytest.raises(PermissionDenied):
        models.list_versions(ctx, actor=accounts["recruiter"])
    with pytest.raises(InvalidInput):
        models.rollback(ctx, actor=accounts["admin"])  # no earlier registered champion
    with pytest.raises(VersionNotFound):
        models.promote(ctx, "99", actor=accounts["admin"])


def test_a_frozen_vocabulary_keeps_the_lexical_component_still(ctx, scored, accounts):
    job_id, (backend, _) = scored
    version = models.register_lexical(ctx, actor=accounts["admin"], evaluate_it=False)
    assert version.config.lexical == "frozen" and version.metrics["vocabulary_size"] > 0
    frozen = ctx.model_for(version.version)
    assert frozen.vocabulary is not None
    terms = set(frozen.vocabulary.vectorizer.vocabulary_)
    assert not [t for t in terms if "jane" in t]  # no names or e-mail local parts

    def lexical(model=None):
        ranked = rank_job(ctx, job_id, store=False, model=model, actor="cli")
        return next(r.result.breakdown["lexical"] for r in ranked if r.candidate.id == backend)

    pool_before, frozen_before = lexical(), lexical(frozen)
    ingest_files(
        ctx,
        [
            IncomingFile(
                f"kafka{i}.txt",
                factories.resume_text(f"Kai Kafka{i}", f"kai{i}@example.com").encode(),
            )
            for i in range(3)
        ],
        actor="cli",
    )
    assert lexical(frozen) == frozen_before  # IDF no longer depends on the pool
    assert lexical() != pool_before  # the pool-fitted baseline moves
