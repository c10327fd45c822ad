"""Sign-in, role-based navigation, and the review, users and audit pages through AppTest."""

import pytest
from streamlit.testing.v1 import AppTest

from core.config import get_settings
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


def test_assigned_manager_reviews_and_decides(review_setup, _workspace):
    at = signed_in("hugo@example.com", "hiring_manager")
    assert nav_titles(at) == {"Overview", "Review"}
    assert at.title[0].value == "Overview"
    at.switch_page("pages/review.py").run()
    assert any("template writer" in c.value for c in at.caption)
    at.radio[0].set_value("approve")
    at.button[0].click().run()
    assert not at.exception
    assert "approve" in at.expander[0].label


def test_no_decision_is_preselected_and_the_rating_scale_is_labelled(review_setup, _workspace):
    at = signed_in("hugo@example.com", "hiring_manager")
    at.switch_page("pages/review.py").run()
    assert at.radio[0].value is None
    assert at.select_slider[0].options == ["1 · strong no", "2 · no", "3 · yes", "4 · strong yes"]
    at.button[0].click().run()
    assert any("Choose approve, reject or hold" in e.value for e in at.error)
    assert "approve" not in at.expander[0].label


def test_admin_creates_a_user_and_reads_the_audit_log(_workspace):
    at = signed_in("ada@example.com", "admin")
    at.switch_page("pages/users.py").run()
    at.text_input[0].input("new@example.com")
    at.text_input[2].input("a long enough password")
    at.button(key="FormSubmitter:new_user-Create").click().run()
    assert not at.exception
    assert "new@example.com" in set(at.dataframe[0].value["E-mail"])
    at.switch_page("pages/audit.py").run()
    assert "user.create" in set(at.dataframe[0].value["Action"])


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
    from core.context import build_context
    from core.services.reviews import submit_review
    from core.services.users import user_by_email

    ctx = build_context(get_settings())
    hugo = user_by_email(ctx, "hugo@example.com")
    submit_review(
        ctx,
        review_setup,
        seeded[0],
        actor=hugo.email,
        decision="approve",
        rating=3,
        comment="Strong Kafka",
    )
    ctx.close()
    at = signed_in("rita@example.com", "recruiter")
    at.switch_page("pages/ranking.py").run(timeout=180)
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any("approve, 3 · yes" in c for c in captions), captions
    assert any("Strong Kafka" in t.value for t in at.text)
