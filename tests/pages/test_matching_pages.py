"""Jobs, ranking and search pages through AppTest, on two candidates and one job."""

import pytest

from core.config import get_settings
from core.context import build_context
from core.services import jobs as job_service
from core.services.shortlists import shortlist

JOB = """Senior Backend Engineer
Location: London, UK

Requirements
- 5+ years of experience
- Python, Kafka and PostgreSQL

Nice to have
- Go
"""


@pytest.fixture
def job_id(seeded):
    ctx = build_context(get_settings())
    job = job_service.create_job(ctx, JOB, actor="cli")
    ctx.close()
    return job.id


def service_ctx():
    return build_context(get_settings())


def test_create_a_job_from_pasted_text(app):
    app.switch_page("pages/jobs.py").run()
    app.text_area[0].input(JOB)
    app.button(key="FormSubmitter:new_job-Create job").click().run()
    assert not app.exception
    assert any("Created" in s.value for s in app.success)
    ctx = service_ctx()
    [job] = job_service.list_jobs(ctx, actor="cli")
    ctx.close()
    assert job.requirements["must_have"] == ["Python", "Kafka", "PostgreSQL"]
    assert job.requirements["nice_to_have"] == ["Go"]
    assert job.requirements["min_years"] == 5


def test_edit_requirements_makes_a_revision_with_a_diff(job_id, app):
    app.switch_page("pages/jobs.py").run()
    must = next(t for t in app.text_input if t.label.startswith("Must-have"))
    must.input("Python, Kafka, PostgreSQL, Docker")
    app.button(key=f"FormSubmitter:req_{job_id}-Save as new revision").click().run()
    assert not app.exception
    ctx = service_ctx()
    revisions = job_service.revisions(ctx, job_id, actor="cli")
    ctx.close()
    assert [r.revision for r in revisions] == [2, 1]
    assert "Docker" in job_service.diff_revisions(revisions[1], revisions[0])
    app.run()
    shown = " ".join(m.value for m in app.markdown).replace("\\", "")  # undo Markdown escapes
    assert "Must have: added Docker" in shown
    assert not app.code  # no raw diff


def test_the_job_history_reads_as_sentences(job_id, app):
    app.switch_page("pages/jobs.py").run()
    years = next(n for n in app.number_input if n.label == "Minimum years")
    assert years.value == 5
    years.set_value(7.0)
    app.button(key=f"FormSubmitter:req_{job_id}-Save as new revision").click().run()
    app.run()
    assert not app.exception
    shown = " ".join(m.value for m in app.markdown).replace("\\", "")  # undo Markdown escapes
    assert "Minimum years: 5 → 7" in shown
    assert "min_years" not in shown and "{" not in shown


def test_close_and_reopen(job_id, app):
    app.switch_page("pages/jobs.py").run()
    app.button(key=f"close_{job_id}").click().run()
    ctx = service_ctx()
    assert job_service.get_job(ctx, job_id, actor="cli").status == "closed"
    ctx.close()


def test_only_hiring_manager_accounts_can_be_assigned(job_id, app):
    from core.services.users import update_user
    from tests.pages.conftest import make_user

    make_user("hana@example.com", "hiring_manager")
    make_user("ada@example.com", "admin")
    app.switch_page("pages/jobs.py").run()
    picker = app.multiselect(key=f"managers_input_{job_id}")
    assert picker.options == ["Hana (hana@example.com)"]  # no recruiter, no admin
    picker.select("hana@example.com")
    app.button(key=f"FormSubmitter:managers_{job_id}-Assign").click().run()
    assert not app.exception
    ctx = service_ctx()
    assert job_service.get_job(ctx, job_id, actor="cli").managers == ["hana@example.com"]
    update_user(ctx, "hana@example.com", actor="ada@example.com", active=False)
    app.run()
    picker = app.multiselect(key=f"managers_input_{job_id}")
    assert picker.value == ["hana@example.com"]  # still shown, no longer offered as active
    app.button(key=f"FormSubmitter:managers_{job_id}-Assign").click().run()
    [error] = app.error
    shown = error.value.replace("\\", "").replace("\u2060", "")  # as read once rendered
    assert shown == (
        "no active hiring-manager account for hana@example.com: an admin "
        "can create it on the Users page, then assign it here"
    )
    assert job_service.get_job(ctx, job_id, actor="cli").managers == ["hana@example.com"]
    ctx.close()


def test_ranking_shows_scores_and_shortlists(job_id, app):
    app.switch_page("pages/ranking.py").run(timeout=180)
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table["Name"]) == ["Jane Example", "Max Hidden"] or set(table["Name"]) == {
        "Jane Example",
        "Max Hidden",
    }
    assert table["Score"].between(0, 1).all()
    assert "text a reader cannot see" in table[table["Name"] == "Max Hidden"]["Marks"].iloc[0]
    assert {"Requirements met", "Word overlap", "Meaning"} <= set(table.columns)
    assert not {"Lexical", "Semantic", "Summary"} & set(table.columns)
    sliders = {s.label for s in app.slider}
    assert "Word overlap" in sliders and "lexical" not in sliders
    caption = next(c.value for c in app.caption if "Scoring:" in c.value).replace("\\", "")
    assert caption.endswith("Scoring: built-in default")  # no model or backend names


def test_changing_a_weight_reorders_nothing_invalid(job_id, app):
    app.switch_page("pages/ranking.py").run(timeout=180)
    before = app.dataframe[0].value["Score"].tolist()
    app.slider(key=f"w_{job_id}_skills").set_value(1.0).run()
    after = app.dataframe[0].value["Score"].tolist()
    assert before != after
    assert any(b.label == "Save these weights for the job" for b in app.button)


def test_the_selection_follows_the_candidate_not_the_row(seeded, job_id, app):
    jane, _ = seeded
    app.switch_page("pages/ranking.py").run(timeout=180)
    app.session_state[f"ranking_selected_{job_id}"] = jane
    app.run(timeout=180)
    assert app.subheader[0].value.startswith("Jane Example")
    for weight in ("skills", "semantic", "lexical"):
        app.slider(key=f"w_{job_id}_{weight}").set_value(1.0 if weight == "lexical" else 0.0)
    app.run(timeout=180)
    assert not app.exception
    assert app.subheader[0].value.startswith("Jane Example")


def test_a_filter_that_removes_the_selected_candidate_clears_the_detail(seeded, job_id, app):
    _, hidden = seeded
    app.switch_page("pages/ranking.py").run(timeout=180)
    app.session_state[f"ranking_selected_{job_id}"] = hidden
    app.run(timeout=180)
    assert any(h.value.startswith("Max Hidden") for h in app.subheader)
    next(t for t in app.toggle if t.label == "Hide flagged").set_value(True).run(timeout=180)
    assert not app.exception
    assert not any(h.value.startswith("Max Hidden") for h in app.subheader)
    minimum = next(s for s in app.slider if s.label == "Minimum score")
    minimum.set_value(1.0).run(timeout=180)  # no candidate scores 1.0: no rows at all
    assert not app.exception


def test_search_and_shortlist(job_id, app):
    app.switch_page("pages/search.py").run()
    app.text_input[0].input("backend engineer with kafka and python").run(timeout=180)
    assert not app.exception
    assert any("Jane Example" in m.value for m in app.markdown)
    app.button[0].click().run()
    ctx = service_ctx()
    rows = shortlist(ctx, job_id, actor="cli")
    ctx.close()
    assert len(rows) == 1


def test_a_second_shortlist_add_says_so(seeded, job_id, app):
    jane, _ = seeded
    app.switch_page("pages/ranking.py").run(timeout=180)
    app.session_state[f"ranking_selected_{job_id}"] = jane
    app.run(timeout=180)
    app.button(key=f"short_{jane}").click().run(timeout=180)
    assert any("added to the shortlist" in t.value for t in app.toast)
    app.button(key=f"short_{jane}").click().run(timeout=180)
    toasts = [t.value for t in app.toast]
    assert any("is already on the shortlist" in t for t in toasts), toasts
    assert not any("added to the shortlist" in t for t in toasts)
    ctx = service_ctx()
    rows = shortlist(ctx, job_id, actor="cli")
    ctx.close()
    assert len(rows) == 1


def test_a_job_being_rescored_says_so_and_updates_by_itself(job_id, app):
    from core.scoring.model import Weights

    ctx = service_ctx()
    job_service.update_job(ctx, job_id, weights=Weights(lexical=1.0), actor="cli")  # queued
    ctx.close()
    app.switch_page("pages/ranking.py").run()
    assert not app.exception
    assert any("its scores are being computed" in i.value for i in app.info)
