"""A recruiter creates a job, ranks candidates and shortlists the top one in a real browser."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import open_page, shortlist_top_candidate, sign_in, upload_files

pytestmark = pytest.mark.browser

JOB = "Senior Backend Engineer\n\nRequirements\n- 5+ years of Python\n- Kafka and PostgreSQL\n"


def test_create_job_and_shortlist_the_top_candidate(server, page, tmp_path):
    resume = tmp_path / "jane.pdf"
    resume.write_bytes(factories.make_pdf())
    sign_in(page, server, "recruiter")
    open_page(page, "Upload")
    upload_files(page, resume)
    page.get_by_role("button", name="Process files").click()
    expect(page.get_by_text("1 of 1 files accepted")).to_be_visible(timeout=120_000)

    open_page(page, "Jobs")
    expect(page.get_by_role("heading", name="Jobs")).to_be_visible(timeout=60_000)
    page.get_by_label("Job description").fill(JOB)
    page.get_by_role("button", name="Create job").click()
    expect(page.get_by_text("Created “Senior Backend Engineer”")).to_be_visible(timeout=60_000)

    open_page(page, "Ranking")
    shortlist_top_candidate(page, 1)
    expect(page.get_by_text("Jane Example").last).to_be_visible()
    # one evidence row per atomic requirement, with its status and the resume line behind it
    expect(page.locator("td", has_text="Kafka").first).to_be_attached(timeout=30_000)
    expect(page.locator("td", has_text="met").first).to_be_attached()
    page.wait_for_timeout(1000)  # the grid paints its canvas after it is attached
    page.screenshot(path=str(tmp_path / "ranking.png"), full_page=True)
