"""The pipeline on the Ranking and Candidates pages: stages, bulk actions, filters, notes, tags."""

import pytest

from core.config import get_settings
from core.context import build_context
from core.services import jobs as job_service
from core.services import pipeline
from core.services.notes import notes_of
from core.services.shortlists import shortlist
from core.services.tags import tag_candidates

JOB = "Backend Engineer\n\nRequirements\n- Python, Kafka, PostgreSQL\n- 3+ years\n"


def services():
    return build_context(get_settings())


@pytest.fixture
def job_id(seeded):
    ctx = services()
    job = job_service.create_job(ctx, JOB, actor="cli")
    ctx.close()
    return job.id


def ranking(app, job_id, ticked=()):
    app.switch_page("pages/ranking.py").run(timeout=180)
    if ticked:
        app.session_state[f"ranking_{job_id}_ids"] = list(ticked)
        app.run(timeout=180)
    assert not app.exception
    return app


def stage_of(job_id):
    ctx = services()
    try:
        return pipeline.stages_by_candidate(ctx, job_id, actor="cli")
    finally:
        ctx.close()


def test_the_ranking_shows_each_candidates_stage_and_tags(seeded, job_id, app):
    ctx = services()
    tag_candidates(ctx, [seeded[0]], "Referral", actor="cli")
    ctx.close()
    table = ranking(app, job_id).dataframe[0].value
    assert set(table["Stage"]) == {"New"}
    assert table.set_index("Name").loc["Jane Example", "Tags"] == "referral"
    assert any("Tick candidates" in c.value for c in app.caption)


def test_a_bulk_move_moves_every_ticked_candidate(seeded, job_id, app):
    ranking(app, job_id, ticked=seeded)
    assert any(m.value == "**2 candidates selected**" for m in app.markdown)
    app.selectbox(key=f"bulk_{job_id}_stage_{job_id}").select("Interview").run(timeout=180)
    app.button(key=f"bulk_{job_id}_move").click().run(timeout=180)
    assert not app.exception
    assert set(stage_of(job_id).values()) == {"Interview"}
    assert set(app.dataframe[0].value["Stage"]) == {"Interview"}
    assert app.session_state[f"ranking_{job_id}_ids"] == list(seeded)  # still ticked
    assert [s.value for s in app.success] == ["2 candidates moved to Interview."]
    app.run(timeout=180)  # the notice is said once, not on every later run
    assert not app.success


def test_rejecting_asks_for_a_reason(seeded, job_id, app):
    ranking(app, job_id, ticked=seeded[:1])
    app.selectbox(key=f"bulk_{job_id}_stage_{job_id}").select("Rejected").run(timeout=180)
    app.button(key=f"bulk_{job_id}_move").click().run(timeout=180)
    assert any("why" in e.value for e in app.error)
    assert stage_of(job_id)[seeded[0]] == "New"
    app.text_input(key=f"bulk_{job_id}_reason").input("Needs sponsorship").run(timeout=180)
    app.button(key=f"bulk_{job_id}_move").click().run(timeout=180)
    assert stage_of(job_id)[seeded[0]] == "Rejected"


def test_the_stage_filter_and_an_empty_result(seeded, job_id, app):
    ctx = services()
    pipeline.move_candidates(ctx, job_id, [seeded[1]], "Screened", actor="cli")
    ctx.close()
    ranking(app, job_id)
    stage = next(m for m in app.multiselect if m.label == "Stage")
    stage.select("Screened").run(timeout=180)
    assert list(app.dataframe[0].value["Name"]) == ["Max Hidden"]
    stage = next(m for m in app.multiselect if m.label == "Stage")
    stage.unselect("Screened").select("Offer").run(timeout=180)
    assert not app.exception
    assert any("No candidate matches" in i.value for i in app.info)


def test_bulk_tag_and_shortlist_from_the_ranking(seeded, job_id, app):
    ranking(app, job_id, ticked=seeded)
    app.text_input(key=f"bulk_{job_id}_tag").input("Spring intake").run(timeout=180)
    app.button(key=f"bulk_{job_id}_tag_add").click().run(timeout=180)
    assert set(app.dataframe[0].value["Tags"]) == {"spring intake"}
    assert [s.value for s in app.success] == ["Tag added to 2 candidates."]
    app.button(key=f"bulk_{job_id}_shortlist").click().run(timeout=180)
    assert "2 candidates added to the shortlist." in [s.value for s in app.success]
    ctx = services()
    assert len(shortlist(ctx, job_id, actor="cli")) == 2
    ctx.close()
    assert set(stage_of(job_id).values()) == {"Shortlisted"}
    app.button(key=f"bulk_{job_id}_shortlist").click().run(timeout=180)
    said = [i.value for i in app.info]
    assert "2 candidates already on the shortlist: nothing added." in said, said


def test_the_ticked_candidates_survive_a_resort(seeded, job_id, app):
    ranking(app, job_id, ticked=seeded[1:])
    for weight in ("skills", "semantic", "lexical"):
        app.slider(key=f"w_{job_id}_{weight}").set_value(1.0 if weight == "lexical" else 0.0)
    app.run(timeout=180)
    assert app.session_state[f"ranking_{job_id}_ids"] == [seeded[1]]
    assert any(m.value == "**1 candidate selected**" for m in app.markdown)


def test_candidates_page_notes_tags_and_jobs(seeded, job_id, app):
    ctx = services()
    pipeline.move_candidates(ctx, job_id, [seeded[0]], "Interview", actor="cli")
    ctx.close()
    app.switch_page("pages/candidates.py").run()
    table = app.dataframe[0].value.set_index("Name")
    assert table.loc["Jane Example", "Pipeline"] == "Interview (Backend Engineer)"
    app.session_state["candidate_id"] = seeded[0]
    app.run()
    assert any(t.value.startswith("Backend Engineer: Interview") for t in app.text)
    app.text_area(key=f"note_text_{seeded[0]}").input("Prefers a hybrid role")
    app.button(key=f"FormSubmitter:note_{seeded[0]}-Add note").click().run()
    assert not app.exception
    ctx = services()
    [note] = notes_of(ctx, seeded[0], actor="cli")
    ctx.close()
    assert (note.author, note.text) == ("rita@example.com", "Prefers a hybrid role")
    assert any(t.value == "Prefers a hybrid role" for t in app.text)


def test_candidates_page_filters_by_stage_and_tag_and_acts_in_bulk(seeded, job_id, app):
    ctx = services()
    pipeline.move_candidates(ctx, job_id, [seeded[1]], "Offer", actor="cli")
    tag_candidates(ctx, [seeded[0]], "referral", actor="cli")
    ctx.close()
    app.switch_page("pages/candidates.py").run()
    next(m for m in app.multiselect if m.label == "Stage in some job").select("Offer").run()
    assert list(app.dataframe[0].value["Name"]) == ["Max Hidden"]
    next(m for m in app.multiselect if m.label == "Stage in some job").unselect("Offer").run()
    next(m for m in app.multiselect if m.label == "Tags").select("referral").run()
    assert list(app.dataframe[0].value["Name"]) == ["Jane Example"]
    app.session_state["candidates_ids"] = [seeded[0]]
    app.run()
    app.selectbox(key=f"bulk_candidates_stage_{job_id}").select("Screened").run()
    app.button(key="bulk_candidates_move").click().run()
    assert not app.exception
    assert stage_of(job_id)[seeded[0]] == "Screened"


def test_the_jobs_page_configures_stages_and_draws_the_funnel(seeded, job_id, app):
    app.switch_page("pages/jobs.py").run()
    form = f"stages_{job_id}"
    editor = next(t for t in app.text_area if t.label.startswith("Stages, one per line"))
    assert editor.value.splitlines() == list(pipeline.DEFAULT_STAGES)
    editor.input("Applied\nPhone screen\nOnsite\nOffer")
    app.button(key=f"FormSubmitter:{form}-Save stages").click().run()
    assert not app.exception
    assert any("Stages of" in s.value for s in app.success)
    ctx = services()
    assert pipeline.job_stages(ctx, job_id, actor="cli")[:2] == ["Applied", "Phone screen"]
    pipeline.move_candidates(ctx, job_id, [seeded[0]], "Onsite", actor="cli")
    ctx.close()
    app.run()
    editor = next(t for t in app.text_area if t.label.startswith("Stages, one per line"))
    editor.input("Applied\nOffer")
    app.button(key=f"FormSubmitter:{form}-Save stages").click().run()
    assert any("Onsite" in e.value and "move them" in e.value for e in app.error)
