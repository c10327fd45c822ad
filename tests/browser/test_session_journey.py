"""A sign-in survives a reload and keeps its page; a bookmark opens its page; signing out ends
it for reloads too. Headless Chromium against ``scripts/serve.py``."""

from __future__ import annotations

import pytest

from tests.browser.conftest import open_page, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COOKIE = "talentflow_session"


def session_cookie(page) -> dict | None:
    return next((c for c in page.context.cookies() if c["name"] == COOKIE), None)


def wait_for_cookie(page, present: bool) -> None:
    for _ in range(100):
        if (session_cookie(page) is not None) == present:
            return
        page.wait_for_timeout(100)
    pytest.fail(f"the session cookie was {'never set' if present else 'never dropped'}")


def test_reload_keeps_the_sign_in_and_the_page_and_sign_out_ends_it(server, page):
    from playwright.sync_api import expect

    sign_in(page, server, "recruiter")
    wait_for_cookie(page, present=True)
    cookie = session_cookie(page)
    assert cookie is not None
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
    assert page.evaluate("document.cookie").find(COOKIE) == -1  # no script can read it
    open_page(page, "Candidates")
    expect(page).to_have_url(f"{server}/candidates", timeout=60_000)

    page.reload()

    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name="Candidates")).to_be_visible(timeout=60_000)
    expect(page).to_have_url(f"{server}/candidates")

    bookmark = page.context.new_page()  # a bookmark opened in a new tab
    bookmark.goto(f"{server}/ranking")
    expect(bookmark.get_by_role("heading", name="Ranking")).to_be_visible(timeout=60_000)
    expect(bookmark.get_by_text("Signed in as")).to_be_visible()
    bookmark.close()

    sign_out(page)
    expect(page.get_by_role("heading", name="Sign in to TalentFlow")).to_be_visible(timeout=60_000)
    wait_for_cookie(page, present=False)
    page.reload()

    expect(page.get_by_role("heading", name="Sign in to TalentFlow")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Signed in as")).to_have_count(0)


def test_a_signed_out_cookie_opens_nothing(server, page):
    """Ending the session on the server is what signs out: a copy of the cookie taken before
    signing out is worth nothing afterwards."""
    from playwright.sync_api import expect

    sign_in(page, server, "recruiter")
    wait_for_cookie(page, present=True)
    copy = session_cookie(page)
    sign_out(page)
    expect(page.get_by_role("heading", name="Sign in to TalentFlow")).to_be_visible(timeout=60_000)
    wait_for_cookie(page, present=False)
    page.context.add_cookies([copy])

    page.goto(f"{server}/candidates")

    expect(page.get_by_role("heading", name="Sign in to TalentFlow")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Signed in as")).to_have_count(0)
