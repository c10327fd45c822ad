"""A recruiter's day in Chromium on a fresh demo: upload, a job with its hiring manager, the
ranking, two candidates ticked and moved to Interview together, shortlisted together and
exported."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import (
    create_job_with_manager,
    fresh_demo,
    open_page,
    settle,
    sign_in,
    upload_files,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path(os.environ.get("TALENTFLOW_SCREENSHOTS", "/tmp/talentflow-screens")) / "recruiter-day"
JOB = "Backend Engineer\n\nRequirements\n- Python and Kafka\n- PostgreSQL\n"
PEOPLE = [("Jane Example", "jane@example.com"), ("Omar Haddad", "omar@example.com")]
PEOPLE += [("Lena Novak", "lena@example.com")]
ROW = 35  # the grid's row height, header included


def tick_rows(page, count: int) -> None:
    """Tick the first ``count`` rows of the ranking's table in its row-selection column."""
    box = page.locator("[data-testid='stDataFrame']").first.bounding_box()
    for row in range(count):
        page.mouse.click(box["x"] + 15, box["y"] + ROW * (row + 1) + ROW / 2)
        page.wait_for_timeout(700)


def shot(page, name: str) -> None:
    page.wait_for_timeout(800)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


DEMO_CANDIDATES = 34  # the demo's 35 resumes, one person with two versions


def test_upload_rank_move_shortlist_and_export_in_bulk(page, tmp_path):
    with fresh_demo(tmp_path / "home") as (url, accounts):
        recruiters_day(page, url, accounts, tmp_path)


def recruiters_day(page, url: str, accounts: dict[str, tuple[str, str]], tmp_path: Path) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    files = []
    for name, email in PEOPLE:
        path = tmp_path / f"{name.split()[0].lower()}.txt"
        path.write_bytes(factories.resume_text(name, email).encode())
        files.append(path)

    sign_in(page, url, "recruiter", accounts["recruiter"])
    open_page(page, "Upload")
    upload_files(page, *files)
    page.get_by_role("button", name="Process files").click()
    expect(page.get_by_text("3 of 3 files accepted")).to_be_visible(timeout=180_000)
    shot(page, "1-upload")

    create_job_with_manager(page, JOB, "Backend Engineer", accounts["hiring_manager"][0])
    shot(page, "2-job")

    open_page(page, "Ranking")
    everyone = DEMO_CANDIDATES + len(PEOPLE)
    expect(page.get_by_text(f"{everyone} candidates ·")).to_be_visible(timeout=180_000)
    tick_rows(page, 2)
    expect(page.get_by_text("2 candidates selected")).to_be_visible(timeout=30_000)
    settle(page)
    shot(page, "3-ticked")
    page.get_by_label("Move to stage").click()
    page.get_by_role("option", name="Interview").click()
    settle(page)  # the choice's rerun has finished before the button is pressed
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_text("2 candidates moved to Interview")).to_be_visible(timeout=30_000)
    shot(page, "4-moved")

    # the table is drawn again after the move; the ticks stay on the same two candidates
    expect(page.get_by_text("2 candidates selected")).to_be_visible(timeout=30_000)
    settle(page)
    page.get_by_role("button", name="Shortlist selected").click()
    expect(page.get_by_text("2 candidates added to the shortlist")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name="Shortlist (2)")).to_be_visible(timeout=30_000)
    shot(page, "5-shortlisted")

    settle(page)  # the shortlist's rerun has drawn the buttons again
    with page.expect_download() as download:
        page.get_by_role("button", name="Export CSV").first.click()
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert len(rows) == 2
    assert all(r["Stage"] == "Interview" for r in rows), rows[0]
    assert len({r["Name"] for r in rows}) == 2 and all(r["Name"] for r in rows)
    assert page.get_by_test_id("stException").count() == 0
