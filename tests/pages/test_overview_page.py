"""The Overview for each role: what waits for them, each item a link to where it is resolved."""

from core.config import get_settings
from core.context import build_context
from core.services.reviews import submit_review
from tests.pages.conftest import signed_in


def links(at) -> dict[str, tuple[str, dict]]:
    """Every page link on the page: its label, the page it opens and the query it carries."""
    found = {}
    for element in at.get("page_link"):
        proto = element.proto
        found[proto.label] = (proto.page, dict(proto.query_string and _query(proto.query_string)))
    return found


def _query(text: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(text)


def test_a_recruiter_sees_the_open_jobs_funnels_and_what_needs_attention(review_setup):
    at = signed_in("rita@example.com", "recruiter")
    assert not at.exception
    assert at.title[0].value == "Overview"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Candidates"] == "2" and metrics["Open jobs"] == "1"
    assert metrics["Flagged for review"] == "1"
    found = links(at)
    flagged = next(k for k in found if "flagged for review" in k)
    assert flagged.startswith("1 resume flagged")
    assert found[flagged][1] == {"flagged": "1"}
    waiting = next(k for k in found if "waiting for a hiring manager" in k)
    assert "1 shortlisted candidate" in waiting
    assert found[waiting][1] == {"job": str(review_setup)}
    assert found["Open the ranking"][1] == {"job": str(review_setup)}
    assert len(at.get("plotly_chart")) == 1  # the job's funnel


def test_a_link_opens_the_page_on_what_it_points_at(review_setup):
    at = signed_in("rita@example.com", "recruiter")
    at.query_params["flagged"] = "1"
    at.switch_page("pages/candidates.py").run(timeout=120)
    assert not at.exception
    assert at.toggle(key="filter_flagged").value is True
    assert list(at.dataframe[0].value["Name"]) == ["Max Hidden"]
    assert "flagged" not in at.query_params  # taken once, not forced on the next rerun


def test_a_hiring_manager_sees_what_waits_for_their_review(review_setup, seeded):
    at = signed_in("hugo@example.com", "hiring_manager")
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert any("1 candidate across your jobs" in m.value for m in at.markdown)
    assert links(at)["Review now"] == ("review", {"job": str(review_setup)})
    assert not at.metric  # no workspace numbers for a manager
    ctx = build_context(get_settings())
    submit_review(
        ctx, review_setup, seeded[0], decision="approve", rating=4, actor="hugo@example.com"
    )
    ctx.close()
    at.run()
    assert any("Nothing waits for your review" in s.value for s in at.success)
    assert "See your decisions" in links(at)


def test_an_admin_sees_drift_models_bias_and_audit_activity(review_setup):
    at = signed_in("ada@example.com", "admin")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Open drift alerts"] == "0"
    assert metrics["Scoring champion"] == "Built-in default"
    assert metrics["Last bias audit"] == "never"
    assert "Candidates" in metrics  # and the recruiting part
    assert len(at.get("plotly_chart")) == 2  # the audit log's activity and the job's funnel


def test_an_empty_workspace_says_what_to_do_first(app):
    assert not app.exception
    assert any("No open jobs yet" in i.value for i in app.info)
    assert "Create a job" in links(app)
    assert any("Nothing waits for you" in s.value for s in app.success)


def job_box(at):
    return next(s for s in at.selectbox if s.label == "Job")


def test_a_job_link_opens_the_ranking_on_that_job(review_setup):
    from core.services.jobs import create_job

    ctx = build_context(get_settings())
    newer = create_job(ctx, "Data Analyst\n\nRequirements\n- SQL\n", actor="cli")
    ctx.close()
    at = signed_in("rita@example.com", "recruiter")
    at.switch_page("pages/ranking.py").run(timeout=180)
    assert job_box(at).value == newer.id  # the newest job first
    at.query_params["job"] = str(review_setup)
    at.run(timeout=180)
    assert not at.exception
    assert job_box(at).value == review_setup
