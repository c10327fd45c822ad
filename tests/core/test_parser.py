"""Text -> profile: fields, confidence, warnings, skills normalisation."""

import datetime as dt

import pytest

from core.parsing.dates import find_ranges, total_months
from core.parsing.parser import parse_text
from core.parsing.sections import heading_of, split_sections
from tests import factories

TODAY = dt.date(2026, 11, 1)


@pytest.fixture(scope="module")
def parsed():
    return parse_text(factories.RESUME, today=TODAY)


def test_contact_fields(parsed):
    p = parsed.profile
    assert p.name == "Jane Example"
    assert p.email == "jane.example@example.com"
    assert p.phone and p.phone.replace(" ", "").endswith("2079460958")
    assert p.location == "London, UK"
    assert p.links == ["https://www.linkedin.com/in/jane-example"]
    assert p.headline == "Senior Backend Engineer"


def test_experience_entries(parsed):
    jobs = [(e.title, e.company, e.start, e.end) for e in parsed.profile.experience]
    assert jobs == [
        ("Senior Backend Engineer", "Acme Payments Ltd", "2020-01", "present"),
        ("Software Engineer", "Globex Corporation", "2016-06", "2019-12"),
    ]
    assert parsed.profile.years_experience == pytest.approx(10.4, abs=0.1)


def test_education(parsed):
    [degree] = parsed.profile.education
    assert degree.degree == "Bachelor of Science in Computer Science"
    assert degree.institution == "University of Leeds"
    assert degree.year == 2016


def test_skills_are_normalised_through_aliases(parsed):
    skills = parsed.profile.skills
    for expected in ("Python", "Go", "Kafka", "PostgreSQL", "Docker", "Kubernetes", "JavaScript"):
        assert expected in skills
    assert len(skills) == len(set(skills))
    assert "k8s" not in skills and "JS" not in skills


def test_certifications(parsed):
    assert parsed.profile.certifications == ["AWS Certified Solutions Architect"]


def test_confidence_covers_every_field_in_range(parsed):
    derived = {"display_name", "ocr"}  # made from other fields and the file, not extracted
    assert set(parsed.confidence) == set(type(parsed.profile).model_fields) - derived
    assert all(0.0 <= v <= 1.0 for v in parsed.confidence.values())
    assert parsed.confidence["email"] > 0.9


def test_ambiguous_skill_words_need_a_skills_section():
    text = "Sam Writer\nsam@example.com\n\nSUMMARY\nI like to Go hiking and Excel in R&D."
    assert parse_text(text, today=TODAY).profile.skills == []


def test_hidden_text_and_language_warnings():
    spanish = (
        "Lucía Fernández\nIngeniera de software con experiencia en bases de datos relacionales."
    )
    result = parse_text(spanish, hidden_reasons=["white or near-white text"], today=TODAY)
    assert "hidden_text" in result.warnings
    assert "language:es" in result.warnings
    assert result.profile.name == "Lucía Fernández"


def test_missing_contact_is_flagged():
    result = parse_text("Some text without any contact details at all, only words.", today=TODAY)
    assert "missing:contact" in result.warnings
    assert result.confidence["email"] == 0.0


def test_long_text_is_truncated_before_nlp():
    result = parse_text(factories.RESUME * 200, today=TODAY, max_chars=5000)
    assert "truncated" in result.warnings
    assert len(result.text) <= 5000


@pytest.mark.parametrize(
    ("line", "section"),
    [
        ("EXPERIENCE", "experience"),
        ("Work History:", "experience"),
        ("SKILLS & AWARDS", "skills"),
        ("Education", "education"),
        ("I have experience", None),
        ("Licenses & Certifications", "certifications"),
    ],
)
def test_headings(line, section):
    assert heading_of(line) == section


def test_sections_split():
    sections = split_sections(factories.RESUME)
    assert {"header", "summary", "experience", "education", "skills", "certifications"} <= set(
        sections
    )
    assert sections["header"].startswith("Jane Example")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Jan 2019 – Present", (2019, 1), None),
        ("03/2017 - 06/2019", (2017, 3), (2019, 6)),
        ("2015 to 2018", (2015, 1), (2018, 12)),
        ("September 2008 to June 2012", (2008, 9), (2012, 6)),
    ],
)
def test_date_ranges(text, start, end):
    [found] = find_ranges(text, TODAY)
    assert found.start == start and found.end == end


def test_overlapping_jobs_are_not_double_counted():
    ranges = find_ranges("Jan 2020 - Dec 2020\nJun 2020 - Jun 2021", TODAY)
    assert total_months(ranges, TODAY) == 18
