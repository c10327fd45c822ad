"""A recruiter uploads a resume in a real browser and opens the profile."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import open_page, sign_in, upload_files

pytestmark = pytest.mark.browser


def test_upload_a_resume_and_see_the_profile(server, page, tmp_path):
    resume = tmp_path / "jane-example.pdf"
    resume.write_bytes(factories.make_pdf())

    sign_in(page, server, "recruiter")
    open_page(page, "Upload")
    expect(page.get_by_role("heading", name="Upload resumes")).to_be_visible(timeout=60_000)
    # the router's navigation is in force even when the first request is a deep link
    sidebar = page.locator("[data-testid='stSidebarNav']")
    expect(sidebar.get_by_text("Overview")).to_be_visible()
    expect(sidebar.get_by_text("frame")).to_have_count(0)
    upload_files(page, resume)
    page.get_by_role("button", name="Process files").click()
    expect(page.get_by_text("1 of 1 files accepted")).to_be_visible(timeout=120_000)

    open_page(page, "Candidates")
    expect(page.get_by_role("heading", name="Candidates")).to_be_visible(timeout=60_000)
    page.get_by_placeholder("name, e-mail, headline or location").fill("jane")
    page.keyboard.press("Enter")
    grid = page.locator("[data-testid='stDataFrame']").first
    expect(grid).to_be_visible()
    # select the first row through the row-selection checkbox column of the grid
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 52)
    expect(page.get_by_role("heading", name="Jane Example")).to_be_visible(timeout=30_000)
    page.get_by_role("tab", name="Resume text").click()
    resume_text = page.locator("[data-testid='stText']", has_text="jane.example@example.com")
    expect(resume_text.first).to_be_visible()
    page.screenshot(path=str(tmp_path / "profile.png"), full_page=True)


def test_a_deep_link_without_a_session_leads_to_sign_in(server, page):
    page.goto(f"{server}/upload")
    expect(page.get_by_role("heading", name="Sign in to TalentFlow")).to_be_visible(timeout=60_000)
    expect(page.locator("input[type=file]")).to_have_count(0)


def test_a_flagged_resume_shows_what_was_hidden(server, page, tmp_path):
    resume = tmp_path / "max-hidden.pdf"
    resume.write_bytes(
        factories.make_pdf(
            factories.resume_text("Max Hidden", "max@example.com"), white="Kubernetes Terraform"
        )
    )
    sign_in(page, server, "recruiter")
    open_page(page, "Upload")
    upload_files(page, resume)
    page.get_by_role("button", name="Process files").click()
    expect(page.get_by_text("1 of 1 files accepted")).to_be_visible(timeout=120_000)

    open_page(page, "Candidates")
    expect(page.get_by_role("heading", name="Candidates")).to_be_visible(timeout=60_000)
    page.get_by_placeholder("name, e-mail, headline or location").fill("max")
    page.keyboard.press("Enter")
    grid = page.locator("[data-testid='stDataFrame']").first
    expect(grid).to_be_visible()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 52)
    expect(page.get_by_role("heading", name="Max Hidden")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("This resume contains text a reader cannot see")).to_be_visible()
    page.get_by_role("tab", name="Resume text").click()
    page.get_by_text("Hidden text that was excluded").click()
    expander = page.locator("[data-testid='stExpander']", has_text="Hidden text that was excluded")
    table = expander.locator("[data-testid='stDataFrame']")
    expect(table).to_be_visible()
    expect(table.locator("td", has_text="same colour as the background")).to_have_count(1)
    page.wait_for_timeout(1000)  # the grid paints its canvas after it is attached
    page.screenshot(path=str(tmp_path / "hidden.png"), full_page=True)
    shown = page.locator("[data-testid='stText']", has_text="Max Hidden")
    expect(shown.first).to_be_visible()
    expect(shown.first).not_to_contain_text("Terraform")
