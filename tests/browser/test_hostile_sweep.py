"""Untrusted text is text: every page of every role, in headless Chromium, over a workspace whose
every visible field holds hostile Markdown and HTML (tests/browser/hostile.py).

After each page, tab, expander, detail panel and action the DOM must hold no image, link or
script made from a value, no bold, colour or maths from one, no dialog may have opened and no
request may have left for the hostile address; and each value must be on screen as the literal
text it is, so the sweep cannot pass by showing nothing. Screenshots go to /tmp/hostile-sweep.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Locator, Page, expect

from core.parsing.files import safe_filename
from tests.browser import hostile
from tests.browser.conftest import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path("/tmp/hostile-sweep")
WORD_JOINER = "\u2060"  # what the escaping helper puts inside autolinks; invisible
HEADINGS = {"Upload": "Upload resumes"}  # when not the nav title

# Anything a payload would have become, found in the live DOM.
FIND_RENDERED = """() => {
  const issues = [];
  const hostile = (u) => {
    try {
      const url = new URL(u, location.href);
      return url.protocol === 'javascript:' || url.protocol === 'mailto:'
        || (url.hostname === '127.0.0.1' && url.port === '9');
    } catch (e) { return false; }
  };
  for (const img of document.querySelectorAll('img')) {
    const src = img.getAttribute('src') || '';
    if (src === 'x' || hostile(src)) issues.push('img ' + src);
  }
  for (const a of document.querySelectorAll('a')) {
    const href = a.getAttribute('href') || '';
    if (hostile(href) || a.textContent.trim() === 'click') issues.push('a ' + href);
  }
  for (const s of document.querySelectorAll('script')) {
    if ((s.textContent || '').includes('alert(')) issues.push('script ' + s.textContent);
  }
  for (const e of document.querySelectorAll('[onerror]')) issues.push('onerror ' + e.tagName);
  for (const e of document.querySelectorAll('.katex')) issues.push('maths ' + e.textContent);
  for (const e of document.querySelectorAll('.stMarkdownColoredText')) {
    issues.push('colour ' + e.textContent);
  }
  for (const e of document.querySelectorAll('strong, b, em')) {
    if (e.textContent.trim() === 'bold') issues.push('bold');
  }
  return issues;
}"""


class Sweep:
    """Watches one browser page: dialogs, requests, what is rendered and what text is shown."""

    def __init__(self, page: Page, server: str) -> None:
        self.page = page
        self.server = urlparse(server).netloc
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.texts: list[str] = []
        self.shots = 0
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("request", self._on_request)

    def _on_request(self, request) -> None:
        url = urlparse(request.url)
        if url.scheme in {"http", "https", "ws", "wss"} and url.netloc != self.server:
            self.requests.append(request.url)  # the hostile address, or anywhere else

    def settle(self) -> None:
        """Wait until the script run (and every fragment run) has finished."""
        self.page.wait_for_function(
            "() => { const app = document.querySelector('[data-testid=stApp]');"
            " return app && app.getAttribute('data-test-script-state') === 'notRunning'; }",
            timeout=180_000,
        )

    def check(self, name: str) -> str:
        """Assert nothing hostile rendered here; keep the visible text and a screenshot."""
        self.settle()
        issues = self.page.evaluate(FIND_RENDERED)
        assert issues == [], f"{name}: {issues}"
        assert self.dialogs == [], f"{name}: a dialog opened: {self.dialogs}"
        assert self.requests == [], f"{name}: requests left the app: {self.requests}"
        text = self.page.locator("body").inner_text().replace(WORD_JOINER, "")
        self.texts.append(text)
        self.shots += 1
        SHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{self.shots:02d}-{name}.png"), full_page=True)
        return text

    def visit_all(self, role: str) -> list[str]:
        """Every page in the sidebar, checked; returns their titles."""
        self.settle()
        nav = self.page.locator("[data-testid='stSidebarNav']")
        if not nav.get_by_test_id("stSidebarNavLink").count():  # one page: no navigation
            title = self.page.get_by_role("heading", level=1).first.inner_text().strip()
            self.check(f"{role}-{slug(title)}")
            return [title]
        more = nav.get_by_test_id("stSidebarNavViewButton")
        if more.count() and re.search(r"View \d+ more", more.inner_text()):
            more.click()
        links = nav.get_by_test_id("stSidebarNavLink").all_inner_texts()
        titles = [t.strip().splitlines()[-1].strip() for t in links]  # after the icon's name
        for title in titles:
            self.open(title)
            self.check(f"{role}-{slug(title)}")
        return titles

    def open(self, title: str) -> None:
        """Follow a sidebar link (as a user would), past "View N more" when collapsed;
        by the link's name, as the admin's "Review" is also a section's name."""
        nav = self.page.locator("[data-testid='stSidebarNav']")
        more = nav.get_by_test_id("stSidebarNavViewButton")
        if more.count() and re.search(r"View \d+ more", more.inner_text()):
            more.click()
        nav.get_by_role("link", name=title, exact=True).click()
        heading = self.page.get_by_role("heading", name=HEADINGS.get(title, title), exact=True)
        # while the run draws the page, the last run's heading may still be there beside it
        expect(heading.first).to_be_visible(timeout=120_000)
        self.settle()
        expect(heading).to_have_count(1)


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def literal(text: str) -> str:
    """Visible text as the sweep compares it: whitespace runs folded."""
    return re.sub(r"\s+", " ", text)


def shown(sweep: Sweep, value: str) -> None:
    """The value is on screen now, as typed."""
    text = literal(sweep.page.locator("body").inner_text().replace(WORD_JOINER, ""))
    assert literal(value) in text, f"not shown literally: {value!r}"


def select_first_row(page: Page) -> None:
    """Click the row-selection cell of the first row of the first table."""
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=60_000)
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 15, box["y"] + 52)


def find_candidate(sweep: Sweep, label: str) -> None:
    """Search the candidates table down to the one row whose name starts with ``label``."""
    box = sweep.page.get_by_role("textbox", name="Search")
    box.fill(label)
    box.press("Enter")
    # the table's accessible cells: column 1 is the name, one row left
    expect(sweep.page.get_by_test_id("glide-cell-1-1")).to_have_count(0, timeout=30_000)
    expect(sweep.page.get_by_test_id("glide-cell-1-0")).to_contain_text(label, timeout=30_000)
    sweep.settle()


def choose_file(page: Page, path: Path) -> None:
    """Choose one file in the page's uploader and wait until the server has it (conftest's
    ``upload_files`` looks for the whole name, which the uploader shortens when it is long)."""
    with page.expect_response(
        lambda r: "/_stcore/upload_file" in r.url and r.request.method == "PUT", timeout=60_000
    ):
        page.locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_role("button", name=f"Remove {path.name}", exact=True)).to_be_visible()


def expand(summary: Locator) -> None:
    """Open an expander (by its summary) unless it is open already."""
    if not summary.evaluate("el => el.closest('details').open"):
        summary.click()


def open_expanders(sweep: Sweep) -> None:
    """Open every collapsed expander on the page."""
    for summary in sweep.page.locator("[data-testid='stExpander'] summary").all():
        expand(summary)
    sweep.settle()


def toast_text(sweep: Sweep) -> str:
    toast = sweep.page.get_by_test_id("stToast").last
    toast.wait_for(timeout=30_000)
    return literal(toast.inner_text().replace(WORD_JOINER, ""))


def sign_in_as(page: Page, server: str, email: str) -> None:
    """The login form, for an account outside conftest's three (signing out first: the
    session would survive the reload)."""
    if page.get_by_role("button", name="Sign out").count():
        sign_out(page)
    page.goto(server)
    expect(page.get_by_role("heading", name="Sign in to TalentFlow")).to_be_visible(timeout=60_000)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(hostile.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=60_000)


@pytest.fixture
def seeded(tmp_path: Path, pool) -> hostile.Seeded:
    """The hostile workspace, seeded before ``server`` starts the app on it."""
    return hostile.seed(tmp_path / "home", pool)


def recruiter_sweep(sweep: Sweep, server: str, tmp_path: Path) -> None:
    page = sweep.page
    sign_in(page, server, "recruiter")
    titles = sweep.visit_all("recruiter")
    assert {"Candidates", "Jobs", "Ranking", "Search", "Upload"} <= set(titles)

    sweep.open("Candidates")
    find_candidate(sweep, "Eve")
    select_first_row(page)
    expect(page.get_by_role("heading", name="Eve ")).to_be_visible(timeout=30_000)
    shown(sweep, hostile.hostile("Eve"))
    shown(sweep, hostile.hostile("Headline"))
    sweep.check("recruiter-candidate-profile")
    for tab in ("Correct a field", "Resume text", "Versions"):
        page.get_by_role("tab", name=tab).click()
        sweep.check(f"recruiter-candidate-{slug(tab)}")
    open_expanders(sweep)  # the hidden-text expander, when there is one
    sweep.check("recruiter-candidate-expanders")

    sweep.open("Jobs")
    expand(page.locator("[data-testid='stExpander'] summary").filter(has_text="revision 2"))
    shown(sweep, f"{hostile.JOB_TITLE} · open · revision 2")
    for tab in ("Requirements", "Pipeline", "History", "Manage"):
        page.get_by_role("tab", name=tab).first.click()
        sweep.check(f"recruiter-job-{slug(tab)}")
    expand(page.locator("[data-testid='stExpander'] summary").filter(has_text="New job"))
    unreadable = tmp_path / hostile.JOB_UPLOAD_FILE
    unreadable.write_text("   \n")
    choose_file(page, unreadable)
    page.get_by_role("button", name="Create job").click()
    error = page.get_by_test_id("stAlertContentError").filter(has_text="no readable text")
    expect(error).to_be_visible(timeout=60_000)
    assert hostile.JOB_UPLOAD_FILE in literal(error.inner_text().replace(WORD_JOINER, ""))
    sweep.check("recruiter-job-upload-error")

    sweep.open("Ranking")
    expect(page.get_by_text(re.compile(r"\d+ candidates ·"))).to_be_visible(timeout=180_000)
    sweep.settle()
    shown(sweep, "Approve · rating 3 · Yes")
    shown(sweep, f"{hostile.REVIEWER} · ")
    shown(sweep, hostile.hostile("Comment"))
    select_first_row(page)
    detail = page.get_by_role("heading", name=re.compile(r"^(Eve|Dora) .* · \d\.\d\d"))
    expect(detail).to_be_visible(timeout=60_000)
    assert hostile.HOSTILE in literal(detail.inner_text().replace(WORD_JOINER, ""))
    sweep.check("recruiter-ranking-detail")
    page.get_by_role("button", name="Add to shortlist").click()
    assert hostile.HOSTILE in toast_text(sweep)
    sweep.check("recruiter-ranking-toast")

    sweep.open("Search")
    page.get_by_label("Describe who you are looking for").fill("Python Kafka backend")
    page.get_by_label("Describe who you are looking for").press("Enter")
    expect(page.get_by_role("button", name="Shortlist").first).to_be_visible(timeout=120_000)
    sweep.settle()
    shown(sweep, hostile.hostile("Eve"))
    shown(sweep, safe_filename(hostile.RESUME_FILE))
    page.get_by_role("button", name="Shortlist").first.click()
    assert hostile.HOSTILE in toast_text(sweep)
    sweep.check("recruiter-search-toast")

    sweep.open("Upload")
    upload = tmp_path / hostile.UPLOAD_FILE
    upload.write_text(hostile.resume(hostile.hostile("Uma"), "uma@example.com"))
    choose_file(page, upload)
    page.get_by_role("button", name="Process files").click()
    expect(page.get_by_text("1 of 1 files accepted")).to_be_visible(timeout=120_000)
    open_expanders(sweep)
    sweep.check("recruiter-upload-results")


def manager_sweep(sweep: Sweep, server: str, seeded: hostile.Seeded) -> None:
    page = sweep.page
    sign_in_as(page, server, hostile.REVIEWER)
    shown(sweep, f"Signed in as {hostile.hostile('Reviewer')}")
    titles = sweep.visit_all("manager")
    assert titles == ["Overview", "Review"]  # the Review page is open last
    open_expanders(sweep)
    shown(sweep, f"{hostile.hostile('Eve')} · score")
    shown(sweep, seeded.llm_explanation)
    shown(sweep, hostile.hostile("Headline"))
    shown(sweep, f"The job: {hostile.JOB_TITLE}")
    shown(sweep, "Hold · rating 3 · Yes")
    shown(sweep, f"{hostile.SECOND_REVIEWER} · ")
    shown(sweep, hostile.hostile("Comment"))
    shown(sweep, f"for {hostile.JOB_TITLE}:")  # the template writer's explanation of Dora
    sweep.check("manager-review-open")
    page.get_by_role("button", name="Resume text").first.click()
    resume_text = page.get_by_test_id("stText").filter(has_text="Backend engineer with 8 years")
    expect(resume_text.first).to_be_visible(timeout=30_000)
    sweep.check("manager-review-resume")
    page.keyboard.press("Escape")


def admin_sweep(sweep: Sweep, server: str) -> None:
    page = sweep.page
    sign_in(page, server, "admin")
    titles = sweep.visit_all("admin")
    assert {"Users", "Audit log", "Bias audit", "Models", "A/B comparison", "Drift"} <= set(titles)

    sweep.open("Users")
    page.get_by_test_id("stSelectbox").filter(has_text="Account").click()
    page.get_by_role("option", name=hostile.REVIEWER, exact=True).click()
    sweep.settle()
    page.get_by_role("button", name="Reset password").click()
    success = page.get_by_test_id("stAlertContentSuccess")
    expect(success).to_be_visible(timeout=30_000)
    assert f"New password for {hostile.REVIEWER} (shown once)" in literal(
        success.inner_text().replace(WORD_JOINER, "")
    )
    sweep.check("admin-users-reset")
    form = page.get_by_test_id("stForm")
    form.get_by_role("textbox", name="E-mail", exact=True).fill(hostile.SECOND_REVIEWER)
    form.get_by_role("textbox", name="Name", exact=True).fill(hostile.hostile("Again"))
    form.get_by_role(
        "textbox", name="Initial password (10+ characters, hard to guess)", exact=True
    ).fill(hostile.PASSWORD)
    form.get_by_role("button", name="Create").click()
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_be_visible(timeout=30_000)
    assert f"an account for {hostile.SECOND_REVIEWER} already exists" in literal(
        error.inner_text().replace(WORD_JOINER, "")
    )
    sweep.check("admin-users-duplicate")

    sweep.open("Candidates")
    find_candidate(sweep, "Eve")
    select_first_row(page)
    expect(page.get_by_role("heading", name="Eve ")).to_be_visible(timeout=30_000)
    page.get_by_role("tab", name="Personal data").click()
    sweep.check("admin-candidate-personal-data")

    sweep.open("Bias audit")
    open_expanders(sweep)
    text = literal(sweep.check("admin-bias-expanded"))
    # the two people tie on score, so either category may be the one under four-fifths
    flags = [f"sex: {sex} impact ratio 0.00 is under 0.8" for sex in (hostile.EVE_SEX, "female")]
    assert any(flag in text for flag in flags), flags


def test_hostile_values_render_as_literal_text_on_every_page(seeded, server, page, tmp_path):
    sweep = Sweep(page, server)
    recruiter_sweep(sweep, server, tmp_path)
    manager_sweep(sweep, server, seeded)
    admin_sweep(sweep, server)
    everything = literal(" ".join(sweep.texts))
    for payload in hostile.PAYLOADS:
        assert payload in everything, f"never shown literally: {payload!r}"
