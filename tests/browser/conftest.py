"""A real ``streamlit run`` on a free port and headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.local_services import free_port, wait_until_healthy

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


PASSWORD = "correct horse battery"
ACCOUNTS = {
    "recruiter": "rita@example.com",
    "hiring_manager": "hugo@example.com",
    "admin": "ada@example.com",
}


@contextlib.contextmanager
def serving(home: Path, *, demo: bool = False) -> Iterator[str]:
    """``scripts/serve.py`` on a free port over the workspace ``home``; yields its address."""
    port = free_port()
    env = dict(
        os.environ,
        TALENTFLOW_HOME=str(home),
        TALENTFLOW_LOAD_DEMO="true" if demo else "false",
        TALENTFLOW_SHOW_ERROR_DETAILS="false",  # as deployed: the self-check refuses it on
        TALENTFLOW_APP_WORKER="true",  # as deployed on a laptop: the app hosts the worker
    )
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "scripts/serve.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        if not wait_until_healthy(f"{url}/_stcore/health", 60):
            pytest.fail("streamlit did not start")
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The app served on 127.0.0.1 with its own workspace and one account per role."""
    from core.config import Settings
    from core.context import build_context
    from core.services.users import create_user

    home = tmp_path / "home"
    ctx = build_context(Settings(home=home, load_demo=False))
    for role, email in ACCOUNTS.items():
        create_user(ctx, email, role, PASSWORD, actor="cli")
    ctx.close()
    with serving(home) as url:
        yield url


ACCOUNT_LINE = re.compile(r"^(\w+)\s+(\S+)\s+password: (\S+)$")
Demo = tuple[str, dict[str, tuple[str, str]]]


@contextlib.contextmanager
def fresh_demo(home: Path) -> Iterator[Demo]:
    """A first start as a new user has it: ``python -m core demo`` into ``home``, then the app
    over it; yields its address and the demo accounts (e-mail, password) by role."""
    env = dict(os.environ, TALENTFLOW_HOME=str(home))
    done = subprocess.run(
        [sys.executable, "-m", "core", "demo"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    accounts = {}
    for line in (home / "demo-accounts.txt").read_text(encoding="utf-8").splitlines():
        if found := ACCOUNT_LINE.match(line):
            role, email, password = found.groups()
            accounts[role] = (email, password)
    with serving(home, demo=True) as url:
        yield url, accounts


@pytest.fixture
def page(tmp_path: Path):
    """A Chromium page (skips when Debian's chromium is not installed)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chrome"),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1400, "height": 1000},
        )
        yield context.new_page()
        context.close()


def sign_in(page, server: str, role: str, account: tuple[str, str] | None = None) -> None:
    """Sign in through the login form (signing out first: a session survives the reload), as
    the test account of ``role`` or as ``account`` (e-mail, password)."""
    from playwright.sync_api import expect

    email, password = account or (ACCOUNTS[role], PASSWORD)
    if page.get_by_role("button", name="Sign out").count():
        sign_out(page)
    page.goto(server)
    expect(page.get_by_role("heading", name="Sign in to TalentFlow")).to_be_visible(timeout=60_000)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=60_000)


def sign_out(page) -> None:
    """Sign out from the sidebar, and wait for the sign-in page that follows (the session and
    its cookie are ended by then)."""
    from playwright.sync_api import expect

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to TalentFlow")).to_be_visible(timeout=60_000)
    page.wait_for_timeout(1000)  # the page's call that clears the cookie


def create_job_with_manager(
    page, description: str, title: str, manager: str = ACCOUNTS["hiring_manager"]
) -> None:
    """On the Jobs page: create a job from its description and assign the hiring manager."""
    from playwright.sync_api import expect

    open_page(page, "Jobs")
    field = page.get_by_label("Job description")
    field.wait_for(state="attached", timeout=60_000)
    if not field.is_visible():  # "New job" is folded once there are jobs
        page.get_by_text("New job", exact=True).click()
    field.fill(description)
    page.get_by_role("button", name="Create job").click()
    expect(page.get_by_text(f"Created “{title}”")).to_be_visible(timeout=60_000)
    page.get_by_role("tab", name="Manage").first.click()
    page.get_by_role("combobox", name="Hiring managers").first.click()
    page.keyboard.type(manager)
    page.get_by_role("option", name=re.compile(re.escape(manager))).first.click()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Assign").click()
    local = re.escape(manager.split("@")[0])  # the page keeps an address from becoming a link
    saved = re.compile(f"Hiring managers of “{re.escape(title)}”: {local}@")
    expect(page.get_by_text(saved)).to_be_visible(timeout=60_000)


def settle(page) -> None:
    """Wait until the script has finished running: nothing left stale (faded) from the run
    before, no spinner, no placeholder of an element still drawing."""
    page.wait_for_timeout(800)
    page.wait_for_function(
        "() => !document.querySelector('[data-stale=true], [data-testid=stSpinner], "
        "[data-testid=stSkeleton]')",
        timeout=180_000,
    )
    page.wait_for_timeout(500)


def open_page(page, title: str) -> None:
    """Follow a sidebar link (as a user would; a reload keeps the session too); a long
    navigation is collapsed behind "View N more" until expanded."""
    nav = page.locator("[data-testid='stSidebarNav']")
    nav.get_by_test_id("stSidebarNavLink").first.wait_for(timeout=60_000)
    more = nav.get_by_test_id("stSidebarNavViewButton")
    if more.count() and re.search(r"View \d+ more", more.inner_text()):
        more.click()
    nav.get_by_text(title, exact=True).click()


def upload_files(page, *paths: Path) -> None:
    """Choose files in the uploader and wait until the server has received every one, so a
    click on "Process files" never races the upload."""
    from playwright.sync_api import expect

    received: list[str] = []

    def on_response(response) -> None:
        if "/_stcore/upload_file" in response.url and response.request.method == "PUT":
            received.append(response.url)

    page.on("response", on_response)
    try:
        page.locator("input[type=file]").set_input_files([str(path) for path in paths])
        for _ in range(600):
            if len(received) >= len(paths):
                break
            page.wait_for_timeout(100)
        assert len(received) >= len(paths), f"{len(received)} of {len(paths)} files uploaded"
        for path in paths:
            expect(page.get_by_text(path.name).first).to_be_visible(timeout=30_000)
    finally:
        page.remove_listener("response", on_response)


def shortlist_top_candidate(page, candidates: int) -> None:
    """On the Ranking page: wait for the ranking, select its first row, shortlist it."""
    from playwright.sync_api import expect

    label = f"{candidates} candidate{'' if candidates == 1 else 's'} ·"
    expect(page.get_by_text(label)).to_be_visible(timeout=180_000)
    box = page.locator("[data-testid='stDataFrame']").first.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 52)  # the row-selection column of the grid
    page.get_by_role("button", name="Add to shortlist").click()
    expect(page.get_by_role("heading", name="Shortlist (1)")).to_be_visible(timeout=30_000)
