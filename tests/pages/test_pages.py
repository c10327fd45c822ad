"""Every page renders; upload, profile view and field correction work through AppTest."""

import pytest
from streamlit.testing.v1 import AppTest

from tests import factories
from tests.pages.conftest import APP, PAGES, make_user, run_until, signed_in


@pytest.mark.parametrize("page", PAGES)
def test_page_renders(app, page):
    app.switch_page(page).run()
    assert not app.exception
    assert app.title


def test_overview_counts(seeded, app):
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["Candidates"], metrics["Flagged for review"]) == ("2", "1")


def test_upload_one_good_and_one_bad_file(app, worker):
    app.switch_page("pages/upload.py").run()
    app.file_uploader[0].set_value(
        [
            ("jane.pdf", factories.make_pdf(), "application/pdf"),
            ("broken.pdf", b"not really a pdf", "application/pdf"),
        ]
    )
    app.button[0].click().run(timeout=120)
    assert not app.exception
    run_until(app, lambda at: len(at.subheader) > 0)
    table = app.dataframe[0].value
    assert list(table["File"]) == ["jane.pdf", "broken.pdf"]
    assert table["Result"].iloc[0] == "parsed: new candidate"
    assert table["Result"].iloc[1] == "rejected"
    assert "not a PDF" in table["Reason"].iloc[1]
    assert "1 of 2 files accepted" in app.subheader[0].value


def test_upload_a_zip(app, worker):
    app.switch_page("pages/upload.py").run()
    archive = factories.zip_of(
        {
            "a.pdf": factories.make_pdf(),
            "b.docx": factories.make_docx(factories.resume_text("Ann Other", "ann@example.com")),
        }
    )
    app.file_uploader[0].set_value(("batch.zip", archive, "application/zip"))
    app.button[0].click().run(timeout=120)
    run_until(app, lambda at: len(at.subheader) > 0)
    table = app.dataframe[0].value
    assert list(table["Result"]) == ["parsed: new candidate", "parsed: new candidate"]


def test_candidates_table_and_profile(seeded, app):
    app.switch_page("pages/candidates.py").run()
    table = app.dataframe[0].value
    assert set(table["Name"]) == {"Jane Example", "Max Hidden"}
    app.session_state["candidate_id"] = seeded[1]
    app.run()
    assert not app.exception
    assert app.header[0].value == "Max Hidden"
    assert any("cannot see" in w.value for w in app.warning)


INTERNAL = ("hidden_text", "missing:", "duplicate:", "low_confidence", "language:", "_")


def test_the_candidates_table_flags_in_plain_words(seeded, app):
    app.switch_page("pages/candidates.py").run()
    table = app.dataframe[0].value
    flags = dict(zip(table["Name"], table["Flags"], strict=True))
    assert "text a reader cannot see" in flags["Max Hidden"]
    cells = [str(v) for v in table.to_numpy().ravel()]
    assert not [c for c in cells if any(code in c for code in INTERNAL[:5])]


def test_the_profile_tables_have_human_headers(seeded, app):
    app.switch_page("pages/candidates.py").run()
    app.session_state["candidate_id"] = seeded[0]
    app.run()
    headers = [list(d.value.columns) for d in app.dataframe]
    assert ["Title", "Company", "Start", "End"] in headers
    assert ["Degree", "Institution", "Year"] in headers
    fields = next(d.value for d in app.dataframe if "Field" in d.value.columns)["Field"]
    assert "Years of experience" in set(fields)
    assert not [f for f in fields if "_" in f]


def test_search_filters_the_table(seeded, app):
    app.switch_page("pages/candidates.py").run()
    app.text_input[0].input("max@").run()
    assert list(app.dataframe[0].value["Name"]) == ["Max Hidden"]
    app.text_input[0].input("nobody-matches-this").run()
    assert any("No candidate matches" in i.value for i in app.info)


def test_correct_a_field(seeded, app):
    app.switch_page("pages/candidates.py").run()
    app.session_state["candidate_id"] = seeded[0]
    app.run()
    form_select = app.selectbox[0]
    form_select.select("location").run()
    app.text_input[1].input("Leeds, UK")
    app.button(key="save_correction").click().run()
    assert not app.exception
    fields = app.dataframe[1].value
    row = fields[fields["Field"] == "Location"].iloc[0]
    assert row["Value"] == "Leeds, UK" and row["Source"] == "corrected"


def test_bad_correction_shows_an_error(seeded, app):
    app.switch_page("pages/candidates.py").run()
    app.session_state["candidate_id"] = seeded[0]
    app.run()
    app.selectbox[0].select("years_experience").run()
    app.text_input[1].input("lots")
    app.button(key="save_correction").click().run()
    assert any("must be a number" in e.value for e in app.error)


def test_jobs_page_lists_jobs(_workspace, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("TALENTFLOW_LOAD_DEMO", "true")
    from core.config import get_settings
    from tests.pages.conftest import make_user

    get_settings.cache_clear()
    make_user("rita@example.com", "recruiter")
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["user_email"] = "rita@example.com"
    at.run()
    at.switch_page("pages/jobs.py").run()
    assert len([e for e in at.expander if "· open ·" in e.label]) == 5
    at.switch_page("pages/home.py").run()
    assert int(at.metric[0].value) >= 30


def test_correct_experience_entries(seeded, app):
    app.switch_page("pages/candidates.py").run()
    app.session_state["candidate_id"] = seeded[0]
    app.run()
    app.button(key="save_experience").click().run()
    assert not app.exception
    from core.config import get_settings
    from core.context import build_context
    from core.services.candidates import candidate_detail

    ctx = build_context(get_settings())
    detail = candidate_detail(ctx, seeded[0], actor="cli")
    ctx.close()
    assert "experience" in detail.corrections
    assert detail.corrections["experience"].value[0]["company"] == "Acme Payments Ltd"


def test_a_failing_page_shows_a_plain_message_not_a_traceback(monkeypatch, caplog):
    import core.services.overview as overview
    from core.config import get_settings

    def broken(*args, **kwargs):
        raise RuntimeError("SELECT * FROM candidate WHERE email = 'secret@example.com'")

    make_user("rita@example.com", "recruiter")
    monkeypatch.setenv("TALENTFLOW_SHOW_ERROR_DETAILS", "false")
    get_settings.cache_clear()
    monkeypatch.setattr(overview, "workspace_overview", broken)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["user_email"] = "rita@example.com"
    at.run()  # the Overview is a recruiter's first page, run through the router
    assert not at.exception
    [message] = at.error
    assert "error id" in message.value
    assert "secret@example.com" not in message.value and "Traceback" not in message.value
    assert any("secret@example.com" in (r.exc_text or "") for r in caplog.records)


def test_the_profile_shows_what_was_hidden_and_why(seeded, app):
    app.switch_page("pages/candidates.py").run()
    app.session_state["candidate_id"] = seeded[1]
    app.run()
    assert not app.exception
    assert any("cannot see" in w.value for w in app.warning)
    hidden = next(d.value for d in app.dataframe if "Reason" in d.value.columns)
    assert "Kubernetes" in " ".join(hidden["Text"])
    assert set(hidden["Reason"]) == {"same colour as the background"}


def test_an_admin_exports_and_erases_a_person_after_confirming(seeded):
    admin = signed_in("ada@example.com", "admin")
    admin.switch_page("pages/candidates.py").run()
    admin.session_state["candidate_id"] = seeded[1]
    admin.run()
    erase = next(b for b in admin.button if b.label == "Erase this person")
    assert erase.disabled  # nothing typed yet
    next(b for b in admin.button if b.label == "Prepare the export").click().run()
    assert any(d.label.startswith("Download the export (zip") for d in admin.get("download_button"))
    admin.text_input(key=f"erase_confirm_{seeded[1]}").input("wrong@example.com").run()
    assert next(b for b in admin.button if b.label == "Erase this person").disabled
    admin.text_input(key=f"erase_confirm_{seeded[1]}").input("MAX@example.com").run()
    next(b for b in admin.button if b.label == "Erase this person").click().run()
    assert not admin.exception
    assert any("Erased 1 candidate" in s.value for s in admin.success)
    assert set(admin.dataframe[0].value["Name"]) == {"Jane Example"}


def test_recruiters_have_no_erasure_tab(seeded, app):
    app.switch_page("pages/candidates.py").run()
    app.session_state["candidate_id"] = seeded[0]
    app.run()
    assert [t.label for t in app.tabs] == [
        "Profile",
        "Correct a field",
        "Resume text",
        "Versions",
        "Jobs, tags and notes",
    ]
    assert not any(b.label == "Erase this person" for b in app.button)
