"""Review workflow, blind mode, export safety and the audit trail."""

import csv
import io
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from core.auth.policy import PermissionDenied
from core.parsing.files import IncomingFile
from core.services import audit
from core.services import jobs as job_service
from core.services.export import safe_cell, to_csv, to_xlsx
from core.services.ingest import ingest_files
from core.services.ranking import rank_job
from core.services.reviews import (
    RATINGS,
    job_brief,
    review_queue,
    reviews_by_candidate,
    submit_review,
)
from core.services.shortlists import add_to_shortlist, shortlist_export
from core.services.users import create_user
from tests import factories

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]
MANAGER = SimpleNamespace(email="hm@example.com", role="hiring_manager", active=True)
SECOND = SimpleNamespace(email="hm2@example.com", role="hiring_manager", active=True)
STRANGER = SimpleNamespace(email="other@example.com", role="hiring_manager", active=True)


@pytest.fixture
def job_with_shortlist(ctx, accounts):
    [outcome] = ingest_files(ctx, [IncomingFile("cv.txt", factories.RESUME.encode())], actor="cli")
    job = job_service.create_job(
        ctx, "Backend Engineer\n\nRequirements\n- Python, Kafka\n", actor="cli"
    )
    for manager in (MANAGER, SECOND):
        create_user(ctx, manager.email, "hiring_manager", "correct horse battery", actor="cli")
    job_service.assign_managers(
        ctx, job.id, [MANAGER.email, SECOND.email], actor="rita@example.com"
    )
    rank_job(ctx, job.id, actor="cli")
    add_to_shortlist(ctx, job.id, outcome.candidate_id, actor="rita@example.com")
    return job.id, outcome.candidate_id


def test_reviewers_see_others_only_after_deciding(ctx, job_with_shortlist):
    job_id, candidate_id = job_with_shortlist
    submit_review(
        ctx, job_id, candidate_id, actor=SECOND.email, decision="reject", rating=1, comment="no"
    )
    [item] = review_queue(ctx, job_id, actor=MANAGER.email)
    assert item.others == [] and item.mine is None
    assert item.status == "pending"  # not the other reviewer's reject, before deciding
    submit_review(
        ctx, job_id, candidate_id, actor=MANAGER.email, decision="approve", rating=4, comment="yes"
    )
    [item] = review_queue(ctx, job_id, actor=MANAGER.email)
    assert [r.reviewer for r in item.others] == [SECOND.email]
    assert item.status == "approve"


def test_an_assigned_manager_reads_the_jobs_description_and_requirements(ctx, job_with_shortlist):
    job_id, _ = job_with_shortlist
    brief = job_brief(ctx, job_id, actor=MANAGER.email)
    assert brief.title == "Backend Engineer"
    assert brief.description == "Backend Engineer\n\nRequirements\n- Python, Kafka\n"
    assert {"Python", "Kafka"} <= set(brief.must_have + brief.nice_to_have)
    assert not hasattr(brief, "weights") and not hasattr(brief, "managers")
    with pytest.raises(PermissionDenied):
        job_brief(ctx, job_id, actor=STRANGER.email)


def test_the_recruiter_reads_every_reviewers_feedback_and_a_manager_does_not(
    ctx, job_with_shortlist
):
    job_id, candidate_id = job_with_shortlist
    submit_review(
        ctx, job_id, candidate_id, actor=SECOND.email, decision="reject", rating=1, comment="no"
    )
    submit_review(
        ctx, job_id, candidate_id, actor=MANAGER.email, decision="approve", rating=4, comment="yes"
    )
    feedback = reviews_by_candidate(ctx, job_id, actor="rita@example.com")
    assert [(r.reviewer, r.decision, r.rating, r.comment) for r in feedback[candidate_id]] == [
        (SECOND.email, "reject", 1, "no"),  # by e-mail: hm2@ before hm@
        (MANAGER.email, "approve", 4, "yes"),
    ]
    for manager in (MANAGER, SECOND, STRANGER):  # even after deciding: the review queue is theirs
        with pytest.raises(PermissionDenied):
            reviews_by_candidate(ctx, job_id, actor=manager.email)


def test_the_rating_scale_is_labelled_and_a_decision_is_required(ctx, job_with_shortlist):
    from core.errors import InvalidInput

    assert RATINGS == {1: "1 · Strong no", 2: "2 · No", 3: "3 · Yes", 4: "4 · Strong yes"}
    job_id, candidate_id = job_with_shortlist
    for decision, rating in (("", 3), ("maybe", 3), ("approve", 0), ("approve", 5)):
        with pytest.raises(InvalidInput):
            submit_review(
                ctx, job_id, candidate_id, actor=MANAGER.email, decision=decision, rating=rating
            )
    [item] = review_queue(ctx, job_id, actor=MANAGER.email)
    assert item.mine is None and item.status == "pending"


def test_comments_stay_out_of_the_audit_log(ctx, job_with_shortlist):
    job_id, candidate_id = job_with_shortlist
    secret = "Remarkable Kafka talk, but salary expectations too high"
    submit_review(
        ctx, job_id, candidate_id, actor=MANAGER.email, decision="hold", rating=2, comment=secret
    )
    events = audit.events(ctx, actor="cli")
    assert events and not any("salary" in str(e.model_dump()) for e in events)


def test_unassigned_managers_are_refused(ctx, job_with_shortlist):
    job_id, candidate_id = job_with_shortlist
    with pytest.raises(PermissionDenied):
        review_queue(ctx, job_id, actor=STRANGER.email)
    with pytest.raises(PermissionDenied):
        submit_review(ctx, job_id, candidate_id, actor=STRANGER.email, decision="approve", rating=3)


def test_blind_mode_hides_personal_details_until_a_decision(ctx, job_with_shortlist):
    job_id, candidate_id = job_with_shortlist
    job_service.set_blind(ctx, job_id, blind=True, schools=True, actor="cli")
    [item] = review_queue(ctx, job_id, actor=MANAGER.email)
    assert item.blinded and item.label == "Candidate 1"
    for field in ("name", "email", "phone", "location"):
        assert not item.profile[field]
    assert item.profile["links"] == []
    assert all(e["institution"] is None for e in item.profile["education"])
    assert "Jane" not in str(item.profile) and item.resume_text == ""
    submit_review(ctx, job_id, candidate_id, actor=MANAGER.email, decision="hold", rating=2)
    [item] = review_queue(ctx, job_id, actor=MANAGER.email)
    assert not item.blinded and item.profile["name"] == "Jane Example"
    assert "Jane Example" in item.resume_text


def test_decisions_are_audited_with_score_and_model(ctx, job_with_shortlist):
    job_id, candidate_id = job_with_shortlist
    submit_review(ctx, job_id, candidate_id, actor=MANAGER.email, decision="approve", rating=3)
    [event] = audit.events(ctx, action="review.decision", actor="cli")
    assert event.actor == MANAGER.email
    assert 0 <= event.details["score"] <= 1 and event.details["model"].startswith("all-MiniLM")
    actions = {e.action for e in audit.events(ctx, actor="cli")}
    assert {"upload", "job.create", "job.assign", "shortlist.add", "review.decision"} <= actions


@pytest.mark.parametrize("value", HOSTILE)
def test_cells_that_start_a_formula_are_neutralised(value):
    assert safe_cell(value).startswith("'")
    assert safe_cell("Jane") == "Jane" and safe_cell(0.5) == 0.5


def test_exports_reload_without_formulas(ctx, job_with_shortlist):
    rows = [{"name": v, "skills": v, "score": 0.5} for v in HOSTILE]
    book = load_workbook(io.BytesIO(to_xlsx(rows)))
    sheet = book.active
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str) and cell.value:
                assert cell.value.startswith("'")
    text = to_csv(rows).decode("utf-8-sig")
    for record in list(csv.reader(io.StringIO(text)))[1:]:
        assert record[0].startswith("'")
    job_id, _ = job_with_shortlist
    data, mime = shortlist_export(ctx, job_id, "xlsx", actor="cli")
    assert mime.endswith("sheet") and load_workbook(io.BytesIO(data)).active.max_row == 2


def test_only_existing_active_reviewer_accounts_can_be_assigned(ctx, accounts):
    from core.errors import NotAReviewer
    from core.services.users import update_user

    job = job_service.create_job(ctx, "Data Engineer\n\nRequirements\n- Python\n", actor="cli")
    create_user(ctx, "gone@example.com", "hiring_manager", "correct horse battery", actor="cli")
    update_user(ctx, "gone@example.com", active=False, actor="cli")
    for email in ("nobody@example.com", "rita@example.com", "gone@example.com"):
        with pytest.raises(NotAReviewer, match="an admin can create it on the Users page") as e:
            job_service.assign_managers(ctx, job.id, [email], actor="rita@example.com")
        assert e.value.emails == [email]
    with pytest.raises(NotAReviewer) as e:  # one wrong e-mail refuses the whole list
        job_service.assign_managers(
            ctx, job.id, ["hm@example.com", "Nobody@Example.com "], actor="rita@example.com"
        )
    assert e.value.emails == ["hm@example.com", "nobody@example.com"]
    assert job_service.get_job(ctx, job.id, actor="cli").managers == []
    create_user(ctx, MANAGER.email, "hiring_manager", "correct horse battery", actor="cli")
    saved = job_service.assign_managers(ctx, job.id, [MANAGER.email], actor="rita@example.com")
    assert saved.managers == [MANAGER.email]


def test_the_shortlist_export_has_human_headers_and_statuses(ctx, job_with_shortlist):
    job_id, _ = job_with_shortlist
    data, _ = shortlist_export(ctx, job_id, "csv", actor="cli")
    header, row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[:2]
    assert header[:6] == ["Name", "E-mail", "Phone", "Headline", "Years of experience", "Skills"]
    assert header[-3:] == ["Review status", "Added by", "Added"]
    assert row[header.index("Review status")] == "Awaiting review"
    sheet = load_workbook(io.BytesIO(shortlist_export(ctx, job_id, "xlsx", actor="cli")[0])).active
    assert [c.value for c in sheet[1]] == header
