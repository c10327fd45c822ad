"""The hiring pipeline: stages per job, moves (bulk too), the shortlist in step, notes and tags."""

import pytest

from core.auth.policy import PermissionDenied
from core.errors import CandidateNotFound, InvalidInput
from core.parsing.files import IncomingFile
from core.services import audit, pipeline
from core.services import jobs as job_service
from core.services.candidates import list_candidates
from core.services.erasure import erase_person, export_person
from core.services.ingest import ingest_files
from core.services.notes import add_note, delete_note, notes_of
from core.services.ranking import RankFilters, rank_job
from core.services.shortlists import add_to_shortlist, on_shortlist, remove_from_shortlist
from core.services.tags import all_tags, tag_candidates, untag_candidates
from core.services.users import create_user
from tests import factories

RITA = "rita@example.com"


@pytest.fixture
def world(ctx, accounts):
    """Three candidates and one job."""
    files = [
        IncomingFile(f"{n}.txt", factories.resume_text(f"Person {n}", f"p{n}@example.com").encode())
        for n in "abc"
    ]
    ids = [o.candidate_id for o in ingest_files(ctx, files, actor="cli")]
    job = job_service.create_job(ctx, "Backend Engineer\nMust have: Python\n", actor="cli")
    return job.id, ids


def test_unmoved_candidates_are_at_the_first_stage(ctx, world):
    job_id, _ = world
    assert pipeline.job_stages(ctx, job_id, actor=RITA) == [
        "New",
        "Screened",
        "Shortlisted",
        "Interview",
        "Offer",
        "Hired",
        "Rejected",
    ]
    assert set(pipeline.stages_by_candidate(ctx, job_id, actor=RITA).values()) == {"New"}
    assert pipeline.funnel(ctx, job_id, actor=RITA)[0] == ("New", 3)


def test_a_bulk_move_moves_each_candidate_and_audits_each(ctx, world):
    job_id, ids = world
    moved = pipeline.move_candidates(ctx, job_id, ids[:2], "Interview", actor=RITA)
    assert [m.candidate_id for m in moved] == ids[:2]
    stages = pipeline.stages_by_candidate(ctx, job_id, actor=RITA)
    assert [stages[i] for i in ids] == ["Interview", "Interview", "New"]
    events = [e for e in audit.events(ctx, actor="ada@example.com") if e.action == "pipeline.move"]
    assert sorted(e.target for e in events) == [f"job {job_id} / candidate {i}" for i in ids[:2]]
    assert {(e.details["before"], e.details["after"]) for e in events} == {("New", "Interview")}
    funnel = dict(pipeline.funnel(ctx, job_id, actor=RITA))
    assert funnel["New"] == 1 and funnel["Interview"] == 2


def test_rejecting_needs_a_reason_kept_with_the_candidate_not_in_the_audit_log(ctx, world):
    job_id, ids = world
    with pytest.raises(InvalidInput, match="why"):
        pipeline.move_candidates(ctx, job_id, [ids[0]], "Rejected", actor=RITA)
    pipeline.move_candidates(
        ctx, job_id, [ids[0]], "Rejected", actor=RITA, reason="No work permit for the role"
    )
    [placed] = pipeline.candidate_stages(ctx, ids[0], actor=RITA)
    assert (placed.job_title, placed.stage, placed.reason) == (
        "Backend Engineer",
        "Rejected",
        "No work permit for the role",
    )
    logged = " ".join(str(e.details) for e in audit.events(ctx, actor="ada@example.com"))
    assert "work permit" not in logged


def test_a_stage_the_job_does_not_have_is_refused(ctx, world):
    job_id, ids = world
    with pytest.raises(InvalidInput, match="no stage"):
        pipeline.move_candidates(ctx, job_id, ids, "Phone screen", actor=RITA)
    with pytest.raises(CandidateNotFound):
        pipeline.move_candidates(ctx, job_id, [ids[0], 9999], "Screened", actor=RITA)
    assert pipeline.candidate_stages(ctx, ids[0], actor=RITA) == []  # nothing half done


def test_stages_are_configurable_but_one_in_use_stays(ctx, world):
    job_id, ids = world
    stages = pipeline.set_stages(
        ctx, job_id, ["Applied", " Phone  screen ", "Onsite", "Offer"], actor=RITA
    )
    assert stages == ["Applied", "Phone screen", "Onsite", "Offer", "Rejected"]
    assert set(pipeline.stages_by_candidate(ctx, job_id, actor=RITA).values()) == {"Applied"}
    pipeline.move_candidates(ctx, job_id, [ids[0]], "Onsite", actor=RITA)
    with pytest.raises(InvalidInput, match=r"Onsite \(1\)"):
        pipeline.set_stages(ctx, job_id, ["Applied", "Offer"], actor=RITA)
    for bad in (["Only"], ["A", "a"], ["A", "Rejected"], ["A", "x" * 41]):
        with pytest.raises(InvalidInput):
            pipeline.set_stages(ctx, job_id, bad, actor=RITA)


def test_the_shortlist_and_the_shortlisted_stage_stay_in_step(ctx, world):
    job_id, ids = world
    add_to_shortlist(ctx, job_id, ids[0], actor=RITA)
    assert pipeline.stages_by_candidate(ctx, job_id, actor=RITA)[ids[0]] == "Shortlisted"
    pipeline.move_candidates(ctx, job_id, [ids[1]], "Shortlisted", actor=RITA)
    assert on_shortlist(ctx, job_id, ids[1], actor=RITA)
    remove_from_shortlist(ctx, job_id, ids[0], actor=RITA)
    assert pipeline.stages_by_candidate(ctx, job_id, actor=RITA)[ids[0]] == "Screened"
    pipeline.move_candidates(ctx, job_id, [ids[2]], "Offer", actor=RITA)
    add_to_shortlist(ctx, job_id, ids[2], actor=RITA)  # a later stage is kept
    assert pipeline.stages_by_candidate(ctx, job_id, actor=RITA)[ids[2]] == "Offer"


def test_adding_a_candidate_twice_says_they_were_on_the_shortlist_already(ctx, world):
    job_id, ids = world
    first = add_to_shortlist(ctx, job_id, ids[0], actor=RITA, note="first")
    assert first.added and first.entry.candidate_id == ids[0]
    pipeline.move_candidates(ctx, job_id, [ids[0]], "Interview", actor=RITA)
    again = add_to_shortlist(ctx, job_id, ids[0], actor=RITA, note="second")
    assert not again.added
    assert again.entry.note == "first" and again.entry.created_at == first.entry.created_at
    assert pipeline.stages_by_candidate(ctx, job_id, actor=RITA)[ids[0]] == "Interview"
    adds = [e for e in audit.events(ctx, actor="cli") if e.action == "shortlist.add"]
    assert len(adds) == 1


def test_hiring_managers_cannot_move_or_annotate(ctx, world):
    job_id, ids = world
    create_user(ctx, "hm@example.com", "hiring_manager", "correct horse battery", actor="cli")
    job_service.assign_managers(ctx, job_id, ["hm@example.com"], actor=RITA)
    with pytest.raises(PermissionDenied):
        pipeline.move_candidates(ctx, job_id, ids, "Hired", actor="hm@example.com")
    with pytest.raises(PermissionDenied):
        add_note(ctx, ids[0], "great", actor="hm@example.com")
    with pytest.raises(PermissionDenied):
        tag_candidates(ctx, ids, "referral", actor="hm@example.com")


def test_notes_keep_author_and_order_and_only_the_author_or_an_admin_deletes(ctx, world):
    _, ids = world
    create_user(ctx, "rex@example.com", "recruiter", "correct horse battery", actor="cli")
    first = add_note(ctx, ids[0], "Called, prefers remote", actor=RITA)
    add_note(ctx, ids[0], "Second call booked", actor="rex@example.com")
    assert [(n.author, n.text) for n in notes_of(ctx, ids[0], actor=RITA)] == [
        ("rex@example.com", "Second call booked"),
        (RITA, "Called, prefers remote"),
    ]
    with pytest.raises(InvalidInput, match="author"):
        delete_note(ctx, first.id, actor="rex@example.com")
    delete_note(ctx, first.id, actor="ada@example.com")
    assert len(notes_of(ctx, ids[0], actor=RITA)) == 1
    with pytest.raises(InvalidInput, match="empty"):
        add_note(ctx, ids[0], "   ", actor=RITA)


def test_tags_normalise_count_new_ones_and_filter_both_tables(ctx, world):
    job_id, ids = world
    assert tag_candidates(ctx, ids[:2], "  Referral ", actor=RITA) == 2
    assert tag_candidates(ctx, ids, "referral", actor=RITA) == 1
    tag_candidates(ctx, [ids[0]], "relocating", actor=RITA)
    untag_candidates(ctx, [ids[2]], "Referral", actor=RITA)
    assert all_tags(ctx, actor=RITA) == ["referral", "relocating"]
    rows = list_candidates(ctx, actor=RITA, tags=["Relocating"])
    assert [(r.id, r.tags) for r in rows] == [(ids[0], ["referral", "relocating"])]
    pipeline.move_candidates(ctx, job_id, [ids[1]], "Interview", actor=RITA)
    [row] = list_candidates(ctx, actor=RITA, stages=["Interview"])
    assert (row.id, row.pipeline) == (ids[1], "Interview (Backend Engineer)")
    ranked = rank_job(ctx, job_id, filters=RankFilters(tags=("referral",)), actor=RITA)
    assert {r.candidate.id for r in ranked} == set(ids[:2])
    ranked = rank_job(ctx, job_id, filters=RankFilters(stages=("New",)), actor=RITA)
    assert {r.candidate.id for r in ranked} == {ids[0], ids[2]}
    ranked = rank_job(
        ctx, job_id, filters=RankFilters(stages=("New",), tags=("referral",)), actor=RITA
    )
    assert {r.candidate.id for r in ranked} == {ids[0]}


def test_an_erasure_takes_stages_notes_and_tags_and_an_access_request_returns_them(ctx, world):
    job_id, ids = world
    pipeline.move_candidates(ctx, job_id, [ids[0]], "Rejected", actor=RITA, reason="Too far")
    add_note(ctx, ids[0], "Spoke on Monday", actor=RITA)
    tag_candidates(ctx, [ids[0]], "silver medallist", actor=RITA)
    document = export_person(ctx, actor="cli", candidate_id=ids[0])
    assert [p["reason"] for p in document["pipeline"]] == ["Too far"]
    assert [n["text"] for n in document["notes"]] == ["Spoke on Monday"]
    assert [t["tag"] for t in document["tags"]] == ["silver medallist"]
    erase_person(ctx, actor="cli", candidate_id=ids[0])
    assert all_tags(ctx, actor=RITA) == []
    assert dict(pipeline.funnel(ctx, job_id, actor=RITA))["Rejected"] == 0
