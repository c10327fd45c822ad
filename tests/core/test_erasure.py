"""Erasure and access requests: a canary person leaves no byte behind in the workspace."""

import json
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel, select

from core.config import Settings
from core.context import build_context
from core.errors import NotFound
from core.parsing.files import IncomingFile
from core.services.erasure import erase_person, export_person
from core.services.explanations import explain
from core.services.ingest import ingest_files
from core.services.jobs import create_job
from core.services.ranking import rank_job
from core.services.search import search_candidates
from core.services.shortlists import add_to_shortlist
from core.store.db import session_scope
from core.store.models import AuditEvent
from tests.canary import EMAIL, NAME, NEEDLES, PHONE, PHRASE, RESUME

OTHER = (
    RESUME.replace(NAME, "Olive Other")
    .replace(EMAIL, "olive@example.com")
    .replace(PHONE, "+1 415 555 0100")
    .replace(PHRASE, "order pipeline")
)


def _workspace_bytes(home: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file())


def _rows(ctx) -> bytes:
    """On a database server (not in the workspace), every row of every table as text."""
    if ctx.engine.dialect.name == "sqlite":
        return b""
    with ctx.engine.connect() as connection:
        return b"\n".join(
            str(row[0]).encode()
            for table in SQLModel.metadata.sorted_tables
            for row in connection.execute(text(f'SELECT t::text FROM "{table.name}" t'))
        )


@pytest.fixture
def ctx(tmp_path, database):
    context = build_context(
        Settings(home=tmp_path / "home", load_demo=False, database_url=database)
    )
    yield context
    context.close()


def _ingest(ctx):
    outcomes = ingest_files(
        ctx,
        [
            IncomingFile("quentin-cv.txt", RESUME.encode()),
            IncomingFile("olive.txt", OTHER.encode()),
        ],
        actor="cli",
    )
    ids = {o.file: o.candidate_id for o in outcomes}
    job = create_job(ctx, "Backend Engineer\n\nRequirements\n- Python and Kafka\n", actor="cli")
    rank_job(ctx, job.id or 0, actor="cli")
    explain(ctx, job.id or 0, ids["quentin-cv.txt"], actor="cli")
    add_to_shortlist(ctx, job.id or 0, ids["quentin-cv.txt"], actor="cli")
    return ids, job.id or 0


def test_erasure_leaves_no_trace_of_the_person(ctx, tmp_path):
    ids, job_id = _ingest(ctx)
    home = tmp_path / "home"
    before, rows = _workspace_bytes(home), _rows(ctx)
    assert any(n.encode() in before for n in NEEDLES)  # the search below can fail
    assert ctx.engine.dialect.name == "sqlite" or all(n.encode() in rows for n in NEEDLES)

    report = erase_person(ctx, actor="cli", email=EMAIL.upper())

    assert (report.erased_candidates, report.files) == (1, 1) and report.index_points > 0
    hits = search_candidates(ctx, PHRASE, top=20, actor="cli")
    assert ids["quentin-cv.txt"] not in {h.candidate_id for h in hits}
    assert ids["olive.txt"] in {r.candidate.id for r in rank_job(ctx, job_id, actor="cli")}
    with session_scope(ctx.engine) as session:
        tomb = session.exec(select(AuditEvent).where(AuditEvent.action == "person.erase")).one()
    assert tomb.details["email_hash"] and EMAIL not in json.dumps(tomb.details)
    rows = _rows(ctx)
    ctx.close()
    after = _workspace_bytes(home) + rows
    assert [n for n in NEEDLES if n.encode() in after] == []
    assert b"Olive Other" in after
    assert ctx.engine.dialect.name == "sqlite" or b"Olive Other" in rows


def test_export_holds_everything_and_unknown_people_are_refused(ctx):
    _ingest(ctx)
    document = export_person(ctx, actor="cli", email=EMAIL)
    assert [c["email"] for c in document["candidates"]] == [EMAIL]
    assert PHRASE in document["resumes"][0]["text"]
    assert document["scores"] and document["explanations"] and document["shortlists"]
    assert document["files"][0]["filename"] == "quentin-cv.txt"
    assert "vector" not in document["chunks"][0]
    json.dumps(document)
    with pytest.raises(NotFound):
        erase_person(ctx, actor="cli", email="nobody@example.com")


def test_the_access_archive_holds_the_document_and_the_original_files(ctx):
    import io
    import zipfile

    from core.services.erasure import export_archive

    _ingest(ctx)
    archive = zipfile.ZipFile(io.BytesIO(export_archive(ctx, actor="cli", email=EMAIL)))
    names = archive.namelist()
    assert names[0] == "personal-data.json" and len(names) == 2
    assert names[1].startswith("files/") and names[1].endswith("-quentin-cv.txt")
    assert archive.read(names[1]) == RESUME.encode()
    assert json.loads(archive.read("personal-data.json"))["candidates"][0]["email"] == EMAIL


def test_retention_previews_and_erases_only_the_inactive(ctx):
    import datetime as dt

    from core.services.retention import apply_retention, due
    from core.store.models import Candidate, Resume

    ids, _ = _ingest(ctx)
    old = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    with session_scope(ctx.engine) as session:  # Olive last did anything in 2020
        olive = session.get(Candidate, ids["olive.txt"])
        olive.updated_at = old
        for resume in session.exec(select(Resume).where(Resume.candidate_id == olive.id)):
            resume.created_at = old
            session.add(resume)
        session.add(olive)
    preview = due(ctx, months=24, actor="cli")
    assert [r.candidate_id for r in preview] == [ids["olive.txt"]]
    assert preview[0].name.startswith("Olive")
    erased = apply_retention(ctx, actor="cli", months=24)
    assert [r.candidate_id for r in erased] == [ids["olive.txt"]]
    assert due(ctx, months=24, actor="cli") == []
    with session_scope(ctx.engine) as session:
        left = [c.id for c in session.exec(select(Candidate))]
        runs = session.exec(select(AuditEvent).where(AuditEvent.action == "retention.apply")).all()
    assert left == [ids["quentin-cv.txt"]] and len(runs) == 1


def _person(number: int, chef: bool) -> str:
    name = f"{'Cora' if chef else 'Ben'} Tester{chr(65 + number)}"
    body = (
        "Pastry Chef\n\nEXPERIENCE\nPastry Chef, Bakery Co, 2017 - Present\n"
        "- Ran the croissant line: laminated doughs and HACCP hygiene\n\nSKILLS\nBaking, HACCP\n"
        if chef
        else "Backend Engineer\n\nEXPERIENCE\nBackend Engineer, Acme Corp, 2018 - Present\n"
        "- Built Python services with Kafka and PostgreSQL\n\nSKILLS\nPython, Kafka\n"
    )
    return f"{name}\n{name.lower().replace(' ', '.')}@example.com\n{body}"


@pytest.mark.slow
def test_erasure_after_review_and_training_leaves_no_trace(ctx, tmp_path):
    """The canary is reviewed, trained on (its pairs shape a fine-tuned version) and erased:
    nothing of it stays in the database, index, files or MLflow, and the version is marked."""
    from core.services.jobs import assign_managers
    from core.services.reviews import submit_review
    from core.services.training import train_and_register
    from core.services.users import create_user, user_by_email
    from core.store.models import TrainingUse
    from core.training.finetune import TrainingParams

    create_user(ctx, "ada@example.com", "admin", "correct horse battery", actor="cli")
    create_user(ctx, "hana@example.com", "hiring_manager", "correct horse battery", actor="cli")
    admin = user_by_email(ctx, "ada@example.com")
    files = [IncomingFile("quentin-cv.txt", RESUME.encode())] + [
        IncomingFile(f"p{i}.txt", _person(i, chef=i % 2 == 1).encode()) for i in range(15)
    ]
    ids = {o.file: o.candidate_id for o in ingest_files(ctx, files, actor="cli")}
    canary = ids["quentin-cv.txt"]
    jobs = {
        False: create_job(
            ctx, "Backend Engineer\n\nRequirements\n- Python and Kafka\n", actor="cli"
        ).id
        or 0,
        True: create_job(
            ctx, "Pastry Chef\n\nRequirements\n- Laminated doughs, HACCP\n", actor="cli"
        ).id
        or 0,
    }
    for chef, job_id in jobs.items():
        assign_managers(ctx, job_id, ["hana@example.com"], actor="cli")
        rank_job(ctx, job_id, actor="cli")
        for file, candidate_id in ids.items():
            is_chef = file != "quentin-cv.txt" and int(file[1:-4]) % 2 == 1
            add_to_shortlist(ctx, job_id, candidate_id, actor="cli")
            submit_review(
                ctx,
                job_id,
                candidate_id,
                actor="hana@example.com",
                decision="approve" if is_chef == chef else "reject",
                rating=4 if is_chef == chef else 1,
                comment=f"{NAME} reviewed" if candidate_id == canary else "",
            )
    explain(ctx, jobs[False], canary, actor="cli")
    fast = TrainingParams(epochs=1, batch_size=8, max_seq_length=48, patience=1)
    version = train_and_register(ctx, actor=admin.email, params=fast, evaluate_it=False)
    with session_scope(ctx.engine) as session:
        trained_on = set(session.exec(select(TrainingUse.candidate_id)))
    assert canary in trained_on  # the canary's pairs trained the version
    home = tmp_path / "home"
    artifacts = _workspace_bytes(home / "mlartifacts") + _workspace_bytes(home / "models")
    assert b"model.safetensors" in artifacts or len(artifacts) > 1_000_000
    assert b"croissant" not in artifacts and b"Tester" not in artifacts  # no training text
    assert [n for n in NEEDLES if n.encode() in _workspace_bytes(home)]  # the search can fail
    assert ctx.engine.dialect.name == "sqlite" or all(n.encode() in _rows(ctx) for n in NEEDLES)

    report = erase_person(ctx, actor=admin.email, email=EMAIL)

    assert report.trained_versions == (version.version,)
    assert ctx.registry.get(version.version).tags["erased_training_data"] == "true"
    with session_scope(ctx.engine) as session:
        assert canary not in set(session.exec(select(TrainingUse.candidate_id)))
        tomb = session.exec(select(AuditEvent).where(AuditEvent.action == "person.erase")).one()
    assert tomb.details["trained_versions"] == [version.version]
    rows = _rows(ctx)
    ctx.close()
    left = _workspace_bytes(home) + rows
    assert [n for n in NEEDLES if n.encode() in left] == []
    assert b"Ben TesterA" in left  # the others stay
    assert ctx.engine.dialect.name == "sqlite" or b"Ben TesterA" in rows


def test_model_cards_of_older_versions_are_removed(ctx):
    card = ctx.settings.home / "mlartifacts" / "1" / "run" / "artifacts" / "scoring" / "embedder"
    card.mkdir(parents=True)
    (card / "README.md").write_text(f"Training samples: {NAME}")
    (card / "config.json").write_text("{}")
    assert ctx.registry.remove_model_cards() == 1
    assert sorted(p.name for p in card.iterdir()) == ["config.json"]
