"""Ingest: dedupe, versions, corrections that survive re-parsing, zips, the stored original."""

import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from core.parsing.files import IncomingFile
from core.services import candidates as service
from core.services.ingest import ingest_files
from core.store.db import session_scope
from core.store.models import Candidate, OutboxEvent, Resume
from tests import factories


def count(ctx, model):
    with session_scope(ctx.engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_same_file_twice_is_one_candidate(ctx):
    pdf = factories.make_pdf()
    first = ingest_files(ctx, [IncomingFile("cv.pdf", pdf)], actor="cli")
    second = ingest_files(
        ctx, [IncomingFile("renamed.pdf", pdf), IncomingFile("again.pdf", pdf)], actor="cli"
    )
    assert first[0].status == "parsed"
    assert [o.status for o in second] == ["duplicate", "duplicate"]
    assert second[0].candidate_id == first[0].candidate_id
    assert count(ctx, Candidate) == 1 and count(ctx, Resume) == 1


def test_new_version_with_same_email_links_to_the_candidate(ctx):
    [v1] = ingest_files(ctx, [IncomingFile("cv.pdf", factories.make_pdf())], actor="cli")
    newer = factories.RESUME.replace("Kubernetes", "Kubernetes, Terraform")
    [v2] = ingest_files(
        ctx, [IncomingFile("cv-2026.docx", factories.make_docx(newer))], actor="cli"
    )
    assert v2.status == "new_version" and v2.candidate_id == v1.candidate_id
    detail = service.candidate_detail(ctx, v1.candidate_id, actor="cli")
    assert [r.version for r in detail.resumes] == [2, 1]
    assert detail.current.filename == "cv-2026.docx"
    assert "Terraform" in detail.candidate.skills


def test_same_email_different_name_is_not_merged(ctx):
    ingest_files(ctx, [IncomingFile("a.txt", factories.RESUME.encode())], actor="cli")
    other = factories.resume_text(name="Bob Different")
    [outcome] = ingest_files(ctx, [IncomingFile("b.txt", other.encode())], actor="cli")
    assert outcome.status == "parsed"
    assert "duplicate:email" in outcome.warnings


def test_corrections_survive_a_new_version(ctx, accounts):
    [v1] = ingest_files(ctx, [IncomingFile("cv.txt", factories.RESUME.encode())], actor="cli")
    service.correct_field(
        ctx, v1.candidate_id, "location", "Manchester, UK", actor="rita@example.com"
    )
    service.correct_field(ctx, v1.candidate_id, "skills", "Python, Rust", actor="rita@example.com")
    newer = factories.RESUME + "\nPROJECTS\nA new project\n"
    ingest_files(ctx, [IncomingFile("cv2.txt", newer.encode())], actor="cli")
    detail = service.candidate_detail(ctx, v1.candidate_id, actor="cli")
    assert len(detail.resumes) == 2
    assert detail.candidate.location == "Manchester, UK"
    assert detail.candidate.skills == ["Python", "Rust"]
    assert detail.candidate.confidence["location"] == 1.0
    assert detail.corrections["location"].corrected_by == "rita@example.com"


def test_zip_upload_is_expanded_and_bad_entries_reported(ctx):
    archive = factories.zip_of(
        {
            "people/jane.pdf": factories.make_pdf(),
            "people/ann.txt": factories.resume_text("Ann Other", "ann@example.com").encode(),
            "people/notes.exe": b"MZ",
            "__MACOSX/._jane.pdf": b"junk",
        }
    )
    outcomes = ingest_files(ctx, [IncomingFile("batch.zip", archive)], actor="cli")
    assert [o.status for o in outcomes] == ["parsed", "parsed", "rejected"]
    assert outcomes[0].file == "batch.zip/jane.pdf"


def test_original_bytes_are_stored_content_addressed(ctx):
    pdf = factories.make_pdf()
    [outcome] = ingest_files(ctx, [IncomingFile("../../x.pdf", pdf)], actor="cli")
    detail = service.candidate_detail(ctx, outcome.candidate_id, actor="cli")
    assert service.original_file(ctx, detail.current.id, actor="cli") == pdf
    assert detail.current.filename == "x.pdf"
    stored = list(ctx.settings.files_dir.rglob("*.pdf"))
    assert [p.name for p in stored] == [f"{hashlib.sha256(pdf).hexdigest()}.pdf"]


def test_hidden_text_flags_the_candidate_and_stays_out_of_the_profile(ctx):
    pdf = factories.make_pdf(white="Kubernetes Terraform Ansible Kafka")
    [outcome] = ingest_files(ctx, [IncomingFile("stuffed.pdf", pdf)], actor="cli")
    detail = service.candidate_detail(ctx, outcome.candidate_id, actor="cli")
    assert "hidden_text" in detail.candidate.warnings and detail.candidate.flagged
    assert "Terraform" not in detail.candidate.skills
    assert "Terraform" not in detail.current.text
    assert "Terraform" in detail.current.hidden_text


def test_every_new_resume_writes_an_outbox_event(ctx):
    ingest_files(ctx, [IncomingFile("cv.pdf", factories.make_pdf())], actor="cli")
    with session_scope(ctx.engine) as session:
        [event] = session.exec(select(OutboxEvent)).all()
    assert event.kind == "resume.added" and event.processed_at is None


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.permutations([0, 1, 2, 0, 1]))
def test_ingest_is_idempotent(ctx, order):
    docs = [
        IncomingFile("a.txt", factories.resume_text("Ann One", "ann@example.com").encode()),
        IncomingFile("b.txt", factories.resume_text("Bea Two", "bea@example.com").encode()),
        IncomingFile("c.txt", factories.resume_text("Cy Three", "cy@example.com").encode()),
    ]
    before = count(ctx, Resume)
    ingest_files(ctx, [docs[i] for i in order], actor="cli")
    ingest_files(ctx, [docs[i] for i in order], actor="cli")
    assert count(ctx, Resume) == max(before, 3)
    assert count(ctx, Candidate) == 3


def test_a_file_stored_by_another_upload_meanwhile_is_a_duplicate_not_a_lost_batch(
    ctx, monkeypatch
):
    """The pre-parse check misses an upload that commits while this batch is being parsed."""
    from core.services import ingest
    from core.store.models import Upload

    pdf = factories.make_pdf(factories.resume_text("Ann Race", "ann@example.com"))
    other = factories.make_pdf(factories.resume_text("Bo Later", "bo@example.com"))
    [stored] = ingest_files(ctx, [IncomingFile("first-tab.pdf", pdf)], actor="cli")
    real_lookup = ingest.repo.resume_by_sha
    calls = {"n": 0}

    def stale_lookup(session, *, sha256):
        calls["n"] += 1
        return None if calls["n"] <= 2 else real_lookup(session, sha256=sha256)

    monkeypatch.setattr(ingest.repo, "resume_by_sha", stale_lookup)
    outcomes = ingest_files(
        ctx, [IncomingFile("second-tab.pdf", pdf), IncomingFile("after.pdf", other)], actor="cli"
    )
    assert [o.status for o in outcomes] == ["duplicate", "parsed"]
    assert outcomes[0].candidate_id == stored.candidate_id
    assert count(ctx, Resume) == 2
    with session_scope(ctx.engine) as session:
        statuses = [u.status for u in session.exec(select(Upload).order_by(Upload.id)).all()]
    assert statuses == ["parsed", "duplicate", "parsed"]


def test_concurrent_uploads_of_the_same_files_store_each_file_once(ctx):
    import threading

    shared = factories.make_pdf(factories.resume_text("Cy Shared", "cy@example.com"))
    results: list[list] = []
    errors: list[BaseException] = []

    def upload(tab: int) -> None:
        own = factories.make_pdf(factories.resume_text(f"Tab Person{tab}", f"t{tab}@example.com"))
        try:
            results.append(
                ingest_files(
                    ctx,
                    [IncomingFile("shared.pdf", shared), IncomingFile("own.pdf", own)],
                    actor="cli",
                )
            )
        except BaseException as e:  # any failure of a tab fails the test
            errors.append(e)

    threads = [threading.Thread(target=upload, args=(tab,)) for tab in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert not errors
    assert len(results) == 4
    assert sorted(o[0].status for o in results).count("parsed") == 1
    assert all(o[1].status == "parsed" for o in results)
    assert count(ctx, Resume) == 5


def test_a_zip_expanding_beyond_the_limit_is_refused_whole_and_the_rest_kept(ctx):

    filler = ("Experienced engineer. " * 4000).encode()  # compresses about 200 times
    archive = factories.zip_of({f"cv{i}.txt": filler for i in range(20)})  # ~1.8 MB expanded
    assert len(archive) < 100_000
    ctx.settings = ctx.settings.model_copy(update={"max_zip_expanded_mb": 1.0})
    outcomes = ingest_files(
        ctx,
        [
            IncomingFile("stuffed.zip", archive),
            IncomingFile("ann.txt", factories.resume_text("Ann Other", "ann@example.com").encode()),
        ],
        actor="cli",
    )
    assert [o.status for o in outcomes] == ["rejected", "parsed"]
    assert "would expand to" in (outcomes[0].reason or "")
