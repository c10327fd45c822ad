"""The admin registers the scoring configuration, promotes it, and watches drift against the
reference captured at promotion."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import open_page, sign_in

pytestmark = pytest.mark.browser


def test_register_promote_and_watch_drift(server, page):
    sign_in(page, server, "admin")
    open_page(page, "Models")
    expect(page.get_by_role("heading", name="Models")).to_be_visible(timeout=60_000)
    page.get_by_text("Measure with the evaluation harness").click()  # skip the minute-long eval
    page.get_by_role("button", name="Register the built-in configuration").click()
    expect(page.get_by_role("heading", name="Versions")).to_be_visible(timeout=120_000)
    page.get_by_role("button", name="Promote to champion").click()
    expect(page.get_by_text("Version 1 is now the champion")).to_be_visible(timeout=180_000)
    expect(page.get_by_role("heading", name="Champion history")).to_be_visible()
    open_page(page, "Drift")
    expect(page.get_by_text("Champion: version 1 · reference captured")).to_be_visible(
        timeout=60_000
    )
    open_page(page, "Audit log")
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible(timeout=60_000)
