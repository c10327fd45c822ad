"""Sign-in, role-based navigation, and the review, users and audit pages through AppTest."""

import pytest
from streamlit.testing.v1 import AppTest

from core.config import get_settings
from core.context import build_context
from core.services.jobs import assign_managers
from core.services.reviews import reviews_by_candidate, submit_review
from tests.pages.conftest import APP, PASSWORD, make_user, signed_in

RECRUITING = {"Overview", "Upload", "Candidates", "Jobs", "Ranking", "Search"}
ADMIN = {"Users", "Audit log", "Bias audit", "Models", "A/B comparison", "Drift"}


TITLES = {
    "home.py": "Overview",
    "upload.py": "Upload",
    "candidates.py": "Candidates",
    "jobs.py": "Jobs",
    "ranking.py": "Ranking",
    "search.py": "Search",
    "review.py": "Review",
    "users.py": "Users",
    "audit.py": "Audit log",
    "bias.py": "Bias audit",
    "models.py": "Models",
    "compare.py": "A/B comparison",
    "drift.py": "Drift",
    "nothing.py": "Nothing to review",
    "login.py": "Sign in",
}


def nav_titles(at: AppTest) -> set[str]:
    """The pages st.navigation registered for this session, by title."""
    paths = [str(info.get("script_path", "")) for info in at._registered_pages.values()]
    return {TITLES[p.rsplit("/", 1)[-1]] for p in paths if p.rsplit("/", 1)[-1] in TITLES}


def test_anonymous_sees_only_the_sign_in_page(_workspace):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert at.title[0].value == "Sign in to TalentFlow"
    assert not at.file_uploader


def test_sign_in_form_signs_in_and_wrong_password_does_not(_workspace):
    make_user("rita@example.com", "recruiter")
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input[0].input("rita@example.com")
    at.text_input[1].input("wrong password here")
    at.button[0].click().run()
    assert any("wrong e-mail or password" in e.value for e in at.error)
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert at.session_state["user_email"] == "rita@example.com"
    # AppTest stays on the sign-in script after the rerun (a browser moves on, see the browser
    # tests); the overview is now registered and opens
    at.switch_page("pages/home.py").run()
    assert at.title[0].value == "Overview"


@pytest.mark.parametrize(
    ("role", "email", "visible", "hidden"),
    [
        (
            "recruiter",
            "rita@example.com",
            RECRUITING,
            ADMIN | {"Review"},
        ),
        (
            "admin",
            "ada@example.com",
            RECRUITING | ADMIN | {"Review"},
            set(),
        ),
        ("hiring_manager", "nobody@example.com", {"Nothing to review"}, RECRUITING | ADMIN),
    ],
)
def test_navigation_registers_only_allowed_pages(_workspace, role, email, visible, hidden):
    at = signed_in(email, role)
    titles = nav_titles(at)
    assert visible <= titles and not (hidden & titles)


def shown(value: str) -> str:
    """Markdown source as a reader sees it: escapes and invisible word joiners gone."""
    return value.replace("\\", "").replace("\u2060", "")


def on_review() -> AppTest:
    """The hiring manager signed in, on the Review page (their first page is the Overview)."""
    return signed_in("hugo@example.com", "hiring_manager").switch_page("pages/review.py").run()


def submit(at: AppTest, candidate_id: int) -> AppTest:
    return at.button(key=f"FormSubmitter:review_{candidate_id}-Submit decision").click().run()


def test_assigned_manager_reviews_and_decides(review_setup, seeded, _workspace):
    at = signed_in("hugo@example.com", "hiring_manager")
    assert nav_titles(at) == {"Overview", "Review"}
    assert at.title[0].value == "Overview"
    at.switch_page("pages/review.py").run()
    assert any("template writer" in c.value for c in at.caption)
    assert "awaiting you" in at.expander[0].label
    at.radio[0].set_value("approve")
    at.radio[1].set_value(3)
    submit(at, seeded[0])
    assert not at.exception and not at.error
    assert "your decision: Approve" in at.expander[0].label
    assert at.radio[0].value == "approve" and at.radio[1].value == 3


def test_the_manager_reads_the_job_beside_each_candidate(review_setup, _workspace):
    at = on_review()
    assert any(shown(m.value) == "**The job: Backend Engineer**" for m in at.markdown)
    texts = [t.value for t in at.text]
    assert any(t.startswith("Must have: ") and "Python" in t for t in texts), texts
    assert "Backend Engineer\n\nRequirements\n- Python, Kafka" in texts  # as typed, not Markdown


def test_the_review_tables_have_human_headers(review_setup, _workspace):
    at = on_review()
    headers = [list(d.value.columns) for d in at.dataframe]
    assert ["Title", "Company", "Start", "End"] in headers
    assert ["Degree", "Institution", "Year"] in headers
    breakdown = next(h for h in headers if "Word overlap" in h)
    assert "Requirements met" in breakdown
    assert not [c for h in headers for c in h if c.islower() or "_" in c]


def test_no_decision_is_preselected_and_the_rating_scale_is_labelled(
    review_setup, seeded, _workspace
):
    at = on_review()
    decision, rating = at.radio[0], at.radio[1]
    assert decision.value is None and rating.value is None
    assert decision.options == ["Approve", "Reject", "Hold"]
    assert rating.label == "Rating"
    assert rating.options == ["1 · Strong no", "2 · No", "3 · Yes", "4 · Strong yes"]


def test_submitting_without_a_decision_is_refused_with_a_message(review_setup, seeded, _workspace):
    at = on_review()
    submit(at, seeded[0])
    [error] = at.error
    assert error.value == (
        "Choose a decision (approve, reject or hold) and a rating from 1 · Strong no to "
        "4 · Strong yes before submitting."
    )
    at.radio[1].set_value(4)
    submit(at, seeded[0])
    assert [e.value for e in at.error] == [
        "Choose a decision (approve, reject or hold) before submitting."
    ]
    assert "awaiting you" in at.expander[0].label
    ctx = build_context(get_settings())
    assert reviews_by_candidate(ctx, review_setup, actor="cli") == {}
    ctx.close()


def test_the_other_reviewers_feedback_appears_only_after_deciding(review_setup, seeded, _workspace):
    make_user("hana@example.com", "hiring_manager")
    ctx = build_context(get_settings())
    assign_managers(ctx, review_setup, ["hugo@example.com", "hana@example.com"], actor="cli")
    submit_review(
        ctx,
        review_setup,
        seeded[0],
        actor="hana@example.com",
        decision="reject",
        rating=1,
        comment="**Too junior** for the role",
    )
    ctx.close()
    at = on_review()
    page = [shown(e.value) for e in (*at.markdown, *at.caption, *at.text)]
    assert "Other reviewers' feedback appears once you have submitted yours." in page
    assert not any("hana" in p or "Too junior" in p or "Reject" in p for p in page)
    assert "awaiting you" in at.expander[0].label
    assert "reject" not in at.expander[0].label.lower()  # nor Hana's decision as its status
    at.radio[0].set_value("approve")
    at.radio[1].set_value(3)
    submit(at, seeded[0])
    assert not at.exception
    assert "**Reject** · rating 1 · Strong no" in [shown(m.value) for m in at.markdown]
    assert any(shown(c.value).startswith("hana@example.com · 20") for c in at.caption)
    assert "**Too junior** for the role" in [t.value for t in at.text]  # plain text, not bold


def test_admin_creates_a_user_and_reads_the_audit_log(_workspace):
    at = signed_in("ada@example.com", "admin")
    at.switch_page("pages/users.py").run()
    at.text_input[0].input("new@example.com")
    at.text_input[2].input("a long enough password")
    at.button(key="FormSubmitter:new_user-Create").click().run()
    assert not at.exception
    assert "new@example.com" in set(at.dataframe[0].value["E-mail"])
    at.switch_page("pages/audit.py").run()
    log = at.dataframe[0].value
    assert "Created an account" in set(log["Action"])
    assert not [a for a in log["Action"] if "." in a or "_" in a]
    assert not [d for d in log["Details"] if "{" in d or "'" in d]
    assert "role recruiter" in set(log["Details"])  # the new account's role, in words
    next(s for s in at.selectbox if s.label == "Action").set_value("user.create").run()
    assert set(at.dataframe[0].value["Action"]) == {"Created an account"}


def test_audit_page_previews_the_retention_run(seeded, _workspace, monkeypatch):
    import datetime as dt

    from sqlmodel import select

    from core.config import get_settings
    from core.context import build_context
    from core.store.db import session_scope
    from core.store.models import Candidate, Resume

    monkeypatch.setenv("TALENTFLOW_RETENTION_MONTHS", "12")
    get_settings.cache_clear()
    at = signed_in("ada@example.com", "admin")
    at.switch_page("pages/audit.py").run()
    assert any("would erase 0" in c.value for c in at.caption)
    ctx = build_context(get_settings())
    with session_scope(ctx.engine) as session:  # the first candidate last did anything in 2020
        session.get(Candidate, seeded[0]).updated_at = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
        for resume in session.exec(select(Resume).where(Resume.candidate_id == seeded[0])):
            resume.created_at = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    ctx.close()
    at = signed_in("ada@example.com", "admin")
    at.switch_page("pages/audit.py").run()
    assert not at.exception
    assert any("would erase 1" in c.value for c in at.caption)
    assert list(at.dataframe[1].value["Candidate"]) == ["Jane Example"]


def test_admin_is_told_why_a_weak_password_is_refused(_workspace):
    at = signed_in("ada@example.com", "admin")
    at.switch_page("pages/users.py").run()
    at.text_input[0].input("weak@example.com")
    at.text_input[2].input("iloveyou2024")
    at.button(key="FormSubmitter:new_user-Create").click().run()
    assert not at.exception
    assert any("too easy to guess" in e.value for e in at.error)
    assert "weak@example.com" not in set(at.dataframe[0].value["E-mail"])


def test_sign_in_page_answers_a_locked_account_like_a_wrong_password(_workspace):
    from core.services.sign_in import ACCOUNT_LIMIT, FAILED

    make_user("rita@example.com", "recruiter")
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input[0].input("rita@example.com")
    at.text_input[1].input("wrong password here")
    for _ in range(ACCOUNT_LIMIT):  # a local connection: no address, every failure counts
        at.button[0].click().run()
        assert [e.value for e in at.error] == [FAILED]
    at.text_input[1].input(PASSWORD)
    at.button[0].click().run()
    assert [e.value for e in at.error] == [FAILED]
    assert "user_email" not in at.session_state


def test_markdown_in_names_is_shown_as_typed():
    from pages._frame import md

    assert md("[x](javascript:alert(1))") == r"\[x\]\(javascript\:alert\(1\)\)"
    assert md("![](http://tracker/p.png)").startswith(r"\!\[\]")


def test_single_sign_on_maps_the_email_to_an_account(_workspace, monkeypatch):
    monkeypatch.setenv("TALENTFLOW_SSO", "true")
    get_settings.cache_clear()
    make_user("rita@example.com", "recruiter")
    at = AppTest.from_file(APP, default_timeout=60)
    at.user = {"is_logged_in": True, "email": "Rita@example.com", "name": "Rita"}
    at.run()
    assert at.session_state["user_email"] == "rita@example.com"
    assert nav_titles(at) >= RECRUITING
    stranger = AppTest.from_file(APP, default_timeout=60)
    stranger.user = {"is_logged_in": True, "email": "eve@example.com"}
    stranger.run()
    assert any("has no TalentFlow account" in w.value for w in stranger.warning)
    assert "user_email" not in stranger.session_state


def test_admin_bias_audit_page(review_setup, _workspace):
    at = signed_in("ada@example.com", "admin")
    at.switch_page("pages/bias.py").run()
    assert not at.exception
    assert at.title[0].value == "Bias audit"
    assert [s.value for s in at.subheader][:3] == ["Sex", "Race/ethnicity", "Intersectional"]
    assert any("small sample" in w.value for w in at.warning)


def test_the_recruiter_sees_each_reviewers_decision_rating_and_comment(
    review_setup, seeded, _workspace
):
    ctx = build_context(get_settings())
    submit_review(
        ctx,
        review_setup,
        seeded[0],
        actor="hugo@example.com",
        decision="approve",
        rating=3,
        comment="Strong Kafka",
    )
    ctx.close()
    at = signed_in("rita@example.com", "recruiter")
    at.switch_page("pages/ranking.py").run(timeout=180)
    assert not at.exception
    assert "**Approve** · rating 3 · Yes" in [shown(m.value) for m in at.markdown]
    assert any(shown(c.value).startswith("hugo@example.com · 20") for c in at.caption)
    assert "Strong Kafka" in [t.value for t in at.text]
    assert "Approved" in [t.value for t in at.text]  # the shortlist's status, in words
    assert "**Reviewers' feedback**" not in [shown(m.value) for m in at.markdown]  # no detail
    at.session_state[f"ranking_selected_{review_setup}"] = seeded[0]
    at.run(timeout=180)
    assert "**Reviewers' feedback**" in [shown(m.value) for m in at.markdown]
    assert [t.value for t in at.text].count("Strong Kafka") == 2  # the detail and the shortlist
