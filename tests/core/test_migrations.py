"""Alembic migrations: the baseline is the models' schema, start-up refuses an outdated database
and ``db upgrade`` fixes it, processes starting together on a new database, ``db copy``."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, insert, inspect, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from core.cli import main
from core.config import Settings
from core.context import build_context
from core.errors import SchemaOutdated, SchemaUnknown
from core.parsing.files import IncomingFile
from core.services import candidates as candidate_service
from core.services.ingest import ingest_files
from core.services.jobs import create_job
from core.store import models as m
from core.store import schema
from core.store.db import make_engine, open_engine
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("TALENTFLOW_TEST_POSTGRES_URL")
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not SERVER, reason="TALENTFLOW_TEST_POSTGRES_URL is not set"),
    ),
]

# A test-only revision after the shipped ones: a new column, and a type change that SQLite can
# only make by rebuilding ``candidate``, a table others refer to.
NEWER = '''"""Test only: a nickname for candidates, and longer names."""

import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("candidate") as batch:
        batch.add_column(sa.Column("nickname", sa.String(80), nullable=True))
        batch.alter_column(
            "name", existing_type=sa.String(200), type_=sa.String(250), existing_nullable=True
        )


def downgrade() -> None:
    with op.batch_alter_table("candidate") as batch:
        batch.drop_column("nickname")
'''


@pytest.fixture
def new_database(tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """A factory of URLs of new, empty databases: a SQLite file, or a database on the server."""
    created: list[str] = []
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT") if SERVER else None

    def make(backend: str) -> str:
        name = f"tf_{uuid.uuid4().hex[:12]}"
        if backend == "sqlite":
            return f"sqlite:///{tmp_path / name}.db"
        assert admin is not None and SERVER
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return SERVER.rsplit("/", 1)[0] + f"/{name}"

    yield make
    if admin is not None:
        with admin.connect() as conn:
            for name in created:
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the shipped migrations used in their place (a test may add revisions)."""
    folder = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(schema, "MIGRATIONS", folder)
    schema._scripts.cache_clear()
    yield folder
    schema._scripts.cache_clear()


def next_revision() -> str:
    """The number the next revision gets."""
    return f"{int(schema.head_revision()) + 1:04d}"


@pytest.fixture
def newer_migrations(migrations: Path) -> tuple[str, str]:
    """The shipped migrations and a newer revision; returns the shipped head and the newer."""
    head, newer = schema.head_revision(), next_revision()
    revision = NEWER.format(revision=newer, head=head)
    (migrations / "versions" / f"{newer}_nickname.py").write_text(revision, encoding="utf-8")
    schema._scripts.cache_clear()
    return head, newer


def differences(engine: Engine) -> list:
    """What autogenerate would change to make the database match the models."""
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        return compare_metadata(context, SQLModel.metadata)


def describe(engine: Engine) -> dict[str, dict]:
    """Every table as the database reports it: columns, keys, indexes, unique constraints."""
    found = inspect(engine)
    return {
        table: {
            "columns": sorted(  # a column added later comes last; the order does not matter
                (c["name"], str(c["type"]), c["nullable"], c.get("default"))
                for c in found.get_columns(table)
            ),
            "pk": found.get_pk_constraint(table)["constrained_columns"],
            "fks": sorted(
                (tuple(fk["constrained_columns"]), fk["referred_table"])
                for fk in found.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in found.get_indexes(table)
            ),
            "uniques": sorted(
                tuple(u["column_names"]) for u in found.get_unique_constraints(table)
            ),
        }
        for table in sorted(found.get_table_names())
    }


def sqlite_ddl(engine: Engine) -> dict[str, list[str]]:
    """SQLite's own CREATE statements as their sorted clauses (ALTER TABLE appends a column to
    the text; the clauses' order does not matter)."""
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        return {name: clauses(sql) for name, sql in rows}


def clauses(sql: str) -> list[str]:
    """``CREATE ... (a, b (c, d), e)`` as its head and its top-level clauses, sorted (a table
    rebuilt by a migration has its name quoted: the quotes do not matter)."""
    start = sql.index("(")
    parts, depth, current = [], 0, ""
    for char in sql[start + 1 : sql.rindex(")")]:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    head = " ".join(sql[:start].replace('"', "").split())
    return [head, *sorted(" ".join(p.split()) for p in parts)]


def create_all_database(url: str) -> None:
    """A database as TalentFlow's ``create_all`` made it before migrations: the baseline's
    tables with a row, no version table."""
    engine = open_engine(url)
    schema.upgrade(engine, schema.BASELINE)
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(
            insert(m.Candidate.__table__).values(
                name="Ada Early",
                email="ada@example.com",
                flagged=False,
                skills=[],
                profile={},
                confidence={},
                warnings=[],
                created_at=now,
                updated_at=now,
            )
        )
    engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_upgrade_of_an_empty_database_builds_exactly_the_models(backend, new_database):
    engine = open_engine(new_database(backend))
    assert schema.upgrade(engine) == (None, schema.head_revision())
    assert differences(engine) == []
    assert set(inspect(engine).get_table_names()) == {*SQLModel.metadata.tables, "alembic_version"}
    engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_start_up_on_an_empty_database_equals_the_upgrade(backend, new_database):
    upgraded = open_engine(new_database(backend))
    schema.upgrade(upgraded)
    started = make_engine(new_database(backend))  # create_all, then stamped at head
    assert schema.current_revision(started) == schema.head_revision()
    assert differences(started) == []
    assert describe(started) == describe(upgraded)
    if backend == "sqlite":
        assert sqlite_ddl(started) == sqlite_ddl(upgraded)
    upgraded.dispose()
    started.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_database_at_head_is_left_alone(backend, new_database):
    url = new_database(backend)
    make_engine(url).dispose()
    engine = make_engine(url)
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        assert versions == [(schema.head_revision(),)]
    engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_database_from_before_migrations_is_refused_until_db_upgrade(
    backend, new_database, _workspace, monkeypatch, capsys
):
    url = new_database(backend)
    monkeypatch.setenv("DATABASE_URL", url)
    create_all_database(url)
    with pytest.raises(SchemaOutdated, match="python -m core db upgrade") as refused:
        build_context(Settings())
    assert refused.value.revision is None
    with pytest.raises(SchemaOutdated):
        make_engine(url)

    assert main(["db", "upgrade"]) == 0
    out = capsys.readouterr().out
    assert "revision before: none" in out
    assert f"revision after:  {schema.head_revision()}" in out

    ctx = build_context(Settings())
    try:
        assert [c.name for c in candidate_service.list_candidates(ctx, actor="cli")] == [
            "Ada Early"
        ]
    finally:
        ctx.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_db_upgrade_refuses_a_database_unlike_the_baseline(
    backend, new_database, monkeypatch, capsys
):
    url = new_database(backend)
    monkeypatch.setenv("DATABASE_URL", url)
    create_all_database(url)
    engine = open_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE resume DROP COLUMN hidden_reasons")
    assert main(["db", "upgrade"]) == 2
    assert "resume.hidden_reasons" in capsys.readouterr().err
    assert schema.current_revision(engine) is None
    engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_database_at_an_older_revision_is_refused_until_db_upgrade(
    backend, new_database, newer_migrations, monkeypatch, capsys
):
    url = new_database(backend)
    monkeypatch.setenv("DATABASE_URL", url)
    head, newer = newer_migrations
    older = open_engine(url)
    schema.upgrade(older, head)
    with Session(older) as session:  # rows referring to candidate, which SQLite rebuilds
        candidate = m.Candidate(name="Bo Older", email="bo@example.com")
        session.add(candidate)
        session.flush()
        session.add(m.Upload(filename="bo.pdf", status="new", candidate_id=candidate.id))
        session.commit()
    older.dispose()

    with pytest.raises(SchemaOutdated, match="python -m core db upgrade") as refused:
        make_engine(url)
    assert (refused.value.revision, refused.value.head) == (head, newer)

    assert main(["db", "upgrade"]) == 0
    out = capsys.readouterr().out
    assert f"revision before: {head}" in out and f"revision after:  {newer}" in out
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT name, nickname FROM candidate")).all()
        assert rows == [("Bo Older", None)]
        assert conn.execute(text("SELECT count(*) FROM upload")).scalar_one() == 1
    columns = {c["name"]: c for c in inspect(engine).get_columns("candidate")}
    assert columns["name"]["type"].length == 250
    engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_unknown_revision_is_refused(backend, new_database, monkeypatch, capsys):
    url = new_database(backend)
    monkeypatch.setenv("DATABASE_URL", url)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    engine.dispose()
    with pytest.raises(SchemaUnknown, match="f00d"):
        make_engine(url)
    assert main(["db", "upgrade"]) == 2
    assert "does not know" in capsys.readouterr().err


@pytest.mark.parametrize("backend", BACKENDS)
def test_db_revision_writes_what_the_database_lacks(
    backend, migrations, new_database, monkeypatch, capsys
):
    url = new_database(backend)
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["db", "revision", "-m", "nothing"]) == 2
    assert "nothing to migrate" in capsys.readouterr().err
    engine = open_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX ix_candidate_email")

    head, newer = schema.head_revision(), next_revision()
    assert main(["db", "revision", "-m", "index candidate e-mails"]) == 0
    [written] = (migrations / "versions").glob(f"{newer}_*.py")
    assert f'down_revision: str | Sequence[str] | None = "{head}"' in written.read_text()
    assert main(["db", "upgrade"]) == 0
    assert schema.current_revision(engine) == newer
    assert differences(engine) == []
    engine.dispose()


# A process starting the app: imports done, it waits for the word, then opens the database.
START = """
import sys
from core.store import schema
from core.store.db import make_engine
schema.head_revision()
print("ready", flush=True)
sys.stdin.readline()
make_engine(sys.argv[1]).dispose()
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_processes_starting_together_on_a_new_database(backend, new_database):
    url = new_database(backend)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", START, url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(4)
    ]
    for p in processes:
        assert p.stdout is not None and p.stdout.readline() == "ready\n"
    for p in processes:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    errors = [p.communicate(timeout=120)[1] for p in processes]
    assert [p.returncode for p in processes] == [0] * 4, errors
    engine = open_engine(url)
    assert schema.current_revision(engine) == schema.head_revision()
    assert differences(engine) == []
    engine.dispose()


def _fill(ctx) -> None:
    """At least one row in every table."""
    [one, _] = ingest_files(
        ctx,
        [
            IncomingFile("jane.pdf", factories.make_pdf()),
            IncomingFile(
                "max.docx", factories.make_docx(factories.resume_text("Max Muster", "m@x.org"))
            ),
        ],
        actor="cli",
    )
    candidate_service.correct_field(ctx, one.candidate_id, "skills", "Python, Rust", actor="cli")
    job = create_job(ctx, "Backend engineer\nMust have: Python, PostgreSQL\n5+ years", actor="cli")
    now = dt.datetime.now(dt.UTC)
    cid, jid = one.candidate_id, job.id
    with Session(ctx.engine) as session:
        rid = session.scalars(select(m.Resume.id).where(m.Resume.candidate_id == cid)).one()
        session.add_all(
            [
                m.ChunkVector(
                    point_id=str(uuid.uuid4()),
                    resume_id=rid,
                    candidate_id=cid,
                    position=0,
                    section="skills",
                    text="Python",
                    model="minilm",
                    vector=bytes(range(16)),
                ),
                m.Score(job_id=jid, candidate_id=cid, job_revision=1, model="x", score=0.5),
                m.ShortlistEntry(job_id=jid, candidate_id=cid, score=0.5, note="strong"),
                m.User(email="hm@example.com", role="hiring_manager", password_hash="x"),
                m.SignInSource(source="203.0.113.9", failures=3, throttled_until=now),
                m.TrainingUse(version="2", candidate_id=cid),
                m.Application(job_id=jid, candidate_id=cid, stage="Interview", moved_by="cli"),
                m.CandidateNote(candidate_id=cid, author="cli", text="Called on Monday"),
                m.CandidateTag(candidate_id=cid, tag="referral", added_by="cli"),
                m.Review(
                    job_id=jid,
                    candidate_id=cid,
                    reviewer="hm@example.com",
                    decision="hold",
                    rating=3,
                ),
                m.Explanation(candidate_id=cid, job_id=jid, version="1", writer="template"),
                m.SelfIdentification(candidate_id=cid, sex="Female", race="Asian"),
                m.Prediction(candidate_id=cid, job_id=jid, version="builtin", score=0.5),
                m.Promotion(version="2", previous=None, actor="admin@example.com"),
                m.DriftReference(version="2", scores=[0.1, 0.9], centroid=b"\x00\x01"),
                m.DriftAlert(version="2", metric="psi", value=0.3, threshold=0.2, window_start=now),
                m.DriftSettings(psi=0.2, kl=0.1, skills=0.25, centroid=0.05, updated_by="admin"),
                m.WebSession(token_hash="0" * 64, email="hm@example.com", expires_at=now),
            ]
        )
        session.commit()


def _rows(engine: Engine) -> dict[str, list[dict]]:
    with engine.connect() as conn:
        return {
            t.name: [
                dict(r._mapping) for r in conn.execute(select(t).order_by(*t.primary_key.columns))
            ]
            for t in SQLModel.metadata.sorted_tables
        }


@pytest.mark.parametrize("backend", BACKENDS)
def test_db_copy_keeps_every_row_and_new_rows_get_new_ids(backend, ctx, new_database, capsys):
    _fill(ctx)
    source = _rows(ctx.engine)
    assert all(source.values()), [name for name, rows in source.items() if not rows]
    url = new_database(backend)

    assert main(["db", "copy", "--to", url, "--batch-size", "2"]) == 0
    out = capsys.readouterr().out
    assert f"{sum(map(len, source.values()))} rows" in out
    for name, rows in source.items():
        assert any(line.split() == [name, str(len(rows))] for line in out.splitlines()), name

    copy = build_context(Settings(home=ctx.settings.home / "copy", database_url=url))
    copy.pool.close()
    copy.pool = ctx.pool
    try:
        assert _rows(copy.engine) == source
        [new] = ingest_files(
            copy, [IncomingFile("eve.txt", b"Eve New\neve@example.org\nPython")], actor="cli"
        )
        job = create_job(copy, "Data engineer\nMust have: SQL", actor="cli")
        assert new.status == "parsed" and new.candidate_id > max(
            r["id"] for r in source["candidate"]
        )
        assert job.id > max(r["id"] for r in source["job"])
        with Session(copy.engine) as session:
            session.add(m.DriftSettings(psi=1, kl=1, skills=1, centroid=1, updated_by="a"))
            session.commit()
    finally:
        copy.engine.dispose()

    assert main(["db", "copy", "--to", url]) == 2  # it holds rows now
    assert "already holds rows" in capsys.readouterr().err
