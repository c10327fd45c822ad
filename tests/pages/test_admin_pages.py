"""The admin pages through AppTest: Models, A/B comparison, Drift, and the bias audit extras."""

import time

import pytest

from core.config import get_settings
from core.context import build_context
from core.services import models
from core.work import admin_jobs
from tests.pages.conftest import run_until, signed_in


def run_until_idle(at, seconds: float = 120) -> None:
    """Rerun the page until no background job shows progress."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        at.run()
        if not at.get("progress"):
            return
        time.sleep(0.5)
    raise AssertionError("the background job did not finish")


@pytest.fixture
def registered(review_setup):
    ctx = build_context(get_settings())
    models.register_default(ctx, actor="cli", evaluate_it=False)
    ctx.close()
    return review_setup


def test_models_page_registers_promotes_and_rolls_back(review_setup, _workspace, worker):
    at = signed_in("ada@example.com", "admin")
    at.switch_page("pages/models.py").run()
    assert not at.exception
    assert at.metric[0].value == "Built-in default"
    at.checkbox[0].uncheck()
    next(b for b in at.button if b.label.startswith("Register")).click().run()
    run_until_idle(at)
    assert not at.exception
    said = [s.value.replace("\\", "") for s in at.success]  # undo Markdown escapes
    assert "Registered version 1 (built-in configuration): not measured." in said
    assert not [s for s in said if "ModelVersion(" in s or "{" in s]
    table = at.dataframe[0].value
    assert list(table["Version"]) == ["1"]
    assert not [c for c in table.columns if "_" in c or c.islower()]
    next(b for b in at.button if b.label == "Promote to champion").click().run()
    run_until_idle(at)
    assert at.metric[0].value == "Version 1"
    said = [s.value.replace("\\", "") for s in at.success]
    assert any(s.startswith("Version 1 is now the champion (was built-in default)") for s in said)
    assert not [s for s in said if "{" in s or "'version'" in s]
    history = at.dataframe[-1].value  # champion history
    assert history["To"].tolist() == ["version 1"]
    assert history["Change"].tolist() == ["Promotion"]
    next(b for b in at.button if b.label.startswith("Roll back")).click().run()
    assert any("no earlier registered champion" in e.value for e in at.error)


def test_training_without_enough_labels_fails_with_the_reason(registered, _workspace, worker):
    at = signed_in("ada@example.com", "admin")
    at.switch_page("pages/models.py").run()
    at.button(key="FormSubmitter:train-Start training").click().run()
    run_until_idle(at)
    assert any("labelled pairs" in e.value for e in at.error)


def test_ab_page_compares_two_versions_in_the_background(registered, _workspace, worker):
    at = signed_in("ada@example.com", "admin")
    at.switch_page("pages/compare.py").run()  # the first visit starts champion against v1
    assert not at.exception
    assert [s.value for s in at.selectbox[:2]] == ["builtin", "1"]

    def compared(t) -> bool:
        return any(m.label == "Overlap@5" for m in t.metric)

    run_until(at, compared)
    values = {m.label: m.value for m in at.metric}
    assert values["Overlap@5"] == "100%"  # v1 is the built-in configuration, registered
    assert len(at.get("plotly_chart")) == 1
    assert at.subheader[-1].value == "Moved most"
    at.selectbox[0].set_value("1").run()
    at.selectbox[1].set_value("builtin").run()  # another pair: its result is not the one shown
    assert not compared(at) and any("in the background" in i.value for i in at.info)
    next(b for b in at.button if b.label == "Compare").click().run()
    assert not at.exception
    run_until(at, compared)
    assert [s.value for s in at.selectbox[:2]] == ["1", "builtin"]
    assert {m.label: m.value for m in at.metric}["Overlap@10"] == "100%"


def test_drift_page_before_and_after_a_promotion(registered, _workspace, monkeypatch, worker):
    monkeypatch.setattr("core.context.CHAMPION_TTL_S", 0.0)  # see the CLI's promotion
    at = signed_in("ada@example.com", "admin")
    at.switch_page("pages/drift.py").run()
    assert not at.exception
    assert any("captured when a version is promoted" in i.value for i in at.info)
    ctx = build_context(get_settings())
    admin_jobs.wait(ctx.settings, models.promote(ctx, "1", actor="cli"), 120)
    ctx.close()
    at.run()
    assert not at.exception
    assert [m.label for m in at.metric][:2] == ["Score PSI", "Score KL divergence"]
    assert len(at.get("plotly_chart")) >= 1
    next(b for b in at.button if b.label == "Check now").click().run()
    assert not at.exception


def test_bias_page_entry_form_and_printable_report(review_setup, _workspace):
    at = signed_in("ada@example.com", "admin")
    at.switch_page("pages/bias.py").run()
    at.text_input[0].input("Female")
    at.text_input[1].input("Asian")
    at.button(key="FormSubmitter:self_id-Save").click().run()
    assert any(s.value == "Saved." for s in at.success)
    version = next(s for s in at.selectbox if s.label == "Model version")
    assert version.options == ["current scores", "built-in default"]
    version.set_value("builtin").run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download report (CSV)", "Printable report (HTML)"]


def test_bias_page_tables_have_human_headers(review_setup, _workspace):
    at = signed_in("ada@example.com", "admin")
    at.switch_page("pages/bias.py").run()
    headers = [list(d.value.columns) for d in at.dataframe]
    assert len(headers) == 3  # sex, race/ethnicity, intersectional
    assert all(h == ["Category", "Count", "Rate", "Impact ratio", "Excluded"] for h in headers)
