"""One person in four layouts parses to the same profile (public sample resumes)."""

import pytest

from core.parsing.files import IncomingFile
from core.parsing.pipeline import parse_one
from core.parsing.readers import read_document

LAYOUTS = ["single-column", "two-column", "modern-single-column", "modern-two-column"]


@pytest.fixture(scope="module")
def profiles(request):
    from core.config import Settings
    from tests.conftest import SHARED_DATA

    folder = SHARED_DATA / "resume_layouts/resume_matcher"
    if not folder.is_dir():
        pytest.skip("../shared/data is not present")
    out = {}
    for layout in LAYOUTS:
        data = (folder / f"{layout}.pdf").read_bytes()
        extraction = read_document("pdf", data, f"{layout}.pdf", 50)
        out[layout] = parse_one(
            IncomingFile(layout, data), "pdf", extraction, Settings()
        ).resume.profile
    return out


def test_four_layouts_give_the_same_identity(profiles):
    assert {p.name for p in profiles.values()} == {"John Doe"}
    assert {p.email for p in profiles.values()} == {"john.doe@email.com"}


def test_four_layouts_give_the_same_companies(profiles):
    companies = {layout: [e.company for e in p.experience] for layout, p in profiles.items()}
    assert all(c == ["Stripe", "Figma", "Notion"] for c in companies.values()), companies


def test_four_layouts_give_the_same_jobs(profiles):
    jobs = {
        layout: [(e.title, e.company, e.location, e.start, e.end) for e in p.experience]
        for layout, p in profiles.items()
    }
    assert len({tuple(j) for j in jobs.values()}) == 1, jobs
    assert jobs["single-column"][0] == (
        "Senior Software Engineer",
        "Stripe",
        "San Francisco, CA",
        "2023-01",
        "present",
    )


def test_four_layouts_give_the_same_skills(profiles):
    skill_sets = {layout: frozenset(p.skills) for layout, p in profiles.items()}
    assert len(set(skill_sets.values())) == 1, skill_sets
    assert {"Go", "Python", "Kafka", "Kubernetes", "PostgreSQL"} <= skill_sets["two-column"]
