"""Recruiter shortlists, the hiring manager reviews blind and approves, the recruiter sees it,
the admin's audit log shows all of it; hostile names render inert everywhere."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import (
    ACCOUNTS,
    create_job_with_manager,
    open_page,
    shortlist_top_candidate,
    sign_in,
    sign_out,
    upload_files,
)

pytestmark = pytest.mark.browser

XSS_NAME = "<img src=x onerror=alert(1)> [x](javascript:alert(1))"
JOB = "Backend Engineer\n\nRequirements\n- Python and Kafka\n"


def test_shortlist_blind_review_and_audit(server, page, tmp_path):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    resume = tmp_path / "jane.txt"
    resume.write_bytes(factories.RESUME.encode())
    hostile = tmp_path / "hostile.txt"
    hostile.write_bytes(
        factories.RESUME.replace("Jane Example", XSS_NAME)
        .replace("jane.example@example.com", "x@example.com")
        .replace("Kubernetes, JS", "Kubernetes, <script>alert(2)</script>, JS")
        .encode()
    )

    sign_in(page, server, "recruiter")
    open_page(page, "Upload")
    upload_files(page, resume, hostile)
    page.get_by_role("button", name="Process files").click()
    expect(page.get_by_text("of 2 files accepted")).to_be_visible(timeout=120_000)
    create_job_with_manager(page, JOB, "Backend Engineer")
    page.get_by_role("tab", name="Manage").first.click()  # the page was drawn again
    page.get_by_text("Blind review (hide name, contact, links, address)").first.click()
    page.wait_for_timeout(2000)  # the switch saves on the rerun it triggers
    open_page(page, "Ranking")
    shortlist_top_candidate(page, 2)
    for title in ("Candidates", "Search", "Overview"):
        open_page(page, title)
        page.wait_for_timeout(1500)
    sign_out(page)

    sign_in(page, server, "hiring_manager")
    expect(page.get_by_text("1 candidate across your jobs wait")).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="Review now").click()
    expect(page.get_by_role("heading", name="Review")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Candidate 1 · score")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Jane Example")).to_have_count(0)  # blind until decided
    expect(page.get_by_text("Blind review: personal details are hidden")).to_be_visible()
    page.get_by_text("Approve", exact=True).click()
    page.get_by_text("3 · Yes", exact=True).click()
    page.get_by_role("button", name="Submit decision").click()
    expect(page.get_by_text("your decision: Approve")).to_be_visible(timeout=30_000)
    sign_out(page)

    sign_in(page, server, "recruiter")
    open_page(page, "Ranking")
    expect(page.get_by_text("Approved", exact=True)).to_be_visible(timeout=120_000)
    sign_out(page)

    sign_in(page, server, "admin")
    open_page(page, "Audit log")
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible(timeout=60_000)
    page.screenshot(path=str(tmp_path / "audit.png"), full_page=True)
    assert dialogs == []  # no script from a name or skill ever ran
    assert page.locator("img[src='x']").count() == 0

    from core.config import Settings
    from core.context import build_context
    from core.services import audit

    ctx = build_context(Settings(home=tmp_path / "home", load_demo=False))
    actions = {(e.actor, e.action) for e in audit.events(ctx, actor="cli")}
    ctx.engine.dispose()
    rita, hugo = ACCOUNTS["recruiter"], ACCOUNTS["hiring_manager"]
    for expected in [
        (rita, "login"),
        (rita, "upload"),
        (rita, "job.create"),
        (rita, "job.assign"),
        (rita, "job.blind"),
        (rita, "shortlist.add"),
        (hugo, "login"),
        (hugo, "review.decision"),
        (rita, "logout"),
    ]:
        assert expected in actions, expected
