"""Erasure and access requests: a canary person leaves no byte behind in the workspace."""

import json
from pathlib import Path

import pytest
from sqlmodel import select

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

NAME, EMAIL, PHONE = "Quentin Zarathustra-Vell", "q.zvell.canary@example.com", "+44 20 7946 0958"
PHRASE = "xylophonic marmalade protocol"
CANARY = f"""{NAME}
Backend Engineer
{EMAIL} · {PHONE}

EXPERIENCE
Senior Backend Engineer, Acme Corp, 2018 - Present
- Built the {PHRASE} for payments in Python and Kafka

SKILLS
Python, Kafka, PostgreSQL
"""
OTHER = (
    CANARY.replace(NAME, "Olive Other")
    .replace(EMAIL, "olive@example.com")
    .replace(PHONE, "+1 415 555 0100")
    .replace(PHRASE, "order pipeline")
)
NEEDLES = [NAME, EMAIL, "Zarathustra", "7946 0958", PHRASE, "xylophonic"]


def _workspace_bytes(home: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file())


@pytest.fixture
def ctx(tmp_path):
    context = build_context(Settings(home=tmp_path / "home", load_demo=False))
    yield context
    context.close()


def _ingest(ctx):
    outcomes = ingest_files(
        ctx,
        [
            IncomingFile("quentin-cv.txt", CANARY.encode()),
            IncomingFile("olive.txt", OTHER.encode()),
        ],
    )
    ids = {o.file: o.candidate_id for o in outcomes}
    job = create_job(ctx, "Backend Engineer\n\nRequirements\n- Python and Kafka\n")
    rank_job(ctx, job.id or 0)
    explain(ctx, job.id or 0, ids["quentin-cv.txt"])
    add_to_shortlist(ctx, job.id or 0, ids["quentin-cv.txt"])
    return ids, job.id or 0


def test_erasure_leaves_no_trace_of_the_person(ctx, tmp_path):
    ids, job_id = _ingest(ctx)
    home = tmp_path / "home"
    before = _workspace_bytes(home)
    assert any(n.encode() in before for n in NEEDLES)  # the search below can fail

    report = erase_person(ctx, actor="cli", email=EMAIL.upper())

    assert (report.erased_candidates, report.files) == (1, 1) and report.index_points > 0
    hits = search_candidates(ctx, PHRASE, top=20)
    assert ids["quentin-cv.txt"] not in {h.candidate_id for h in hits}
    assert ids["olive.txt"] in {r.candidate.id for r in rank_job(ctx, job_id)}
    with session_scope(ctx.engine) as session:
        tomb = session.exec(select(AuditEvent).where(AuditEvent.action == "person.erase")).one()
    assert tomb.details["email_hash"] and EMAIL not in json.dumps(tomb.details)
    ctx.close()
    after = _workspace_bytes(home)
    assert [n for n in NEEDLES if n.encode() in after] == []
    assert b"Olive Other" in after


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
    preview = due(ctx, months=24)
    assert [r.candidate_id for r in preview] == [ids["olive.txt"]]
    assert preview[0].name.startswith("Olive")
    erased = apply_retention(ctx, actor="cli", months=24)
    assert [r.candidate_id for r in erased] == [ids["olive.txt"]]
    assert due(ctx, months=24) == []
    with session_scope(ctx.engine) as session:
        left = [c.id for c in session.exec(select(Candidate))]
        runs = session.exec(select(AuditEvent).where(AuditEvent.action == "retention.apply")).all()
    assert left == [ids["quentin-cv.txt"]] and len(runs) == 1
