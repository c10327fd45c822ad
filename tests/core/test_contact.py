"""Identity and contact: display names, phone numbers in national and international forms, links."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.parsing.contact import find_links, name_from_filename
from core.parsing.parser import parse_text
from core.parsing.phones import candidate_regions, find_phone, regions_from_places


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("jane_doe-resume (2).pdf", "Jane Doe"),
        ("JaneDoe_CV_2024.docx", "Jane Doe"),
        ("María-José García Resume.pdf", "María José García"),
        ("resume.pdf", "resume.pdf"),
        ("12345.pdf", "12345.pdf"),
        ("../../etc/passwd\x00.pdf", "Passwd"),
    ],
)
def test_name_from_filename(filename, expected):
    assert name_from_filename(filename) == expected


@given(st.text(max_size=300))
def test_name_from_filename_is_printable_and_short(filename):
    name = name_from_filename(filename)
    assert name is None or (name.isprintable() and 0 < len(name) <= 100 and "/" not in name)


def test_parse_without_a_name_gets_a_display_name_from_the_file():
    text = "jane@example.com\nExperience\nData Analyst, Acme Corp 2019 - 2022\n"
    parsed = parse_text(text, filename="jane_doe_resume.pdf")
    assert parsed.profile.name is None
    assert parsed.profile.display_name == "Jane Doe"
    assert "missing:name" in parsed.warnings


def test_parse_with_a_name_displays_the_name():
    parsed = parse_text("Jane Example\njane@example.com\n", filename="cv_final.pdf")
    assert parsed.profile.display_name == parsed.profile.name == "Jane Example"


@pytest.mark.parametrize(
    ("text", "places", "language", "expected"),
    [
        ("Mobile: 0412 345 678", ["Sydney NSW"], "en", "+61 412 345 678"),
        ("Tel. 06 12 34 56 78", ["Lyon, France"], "fr", "+33 6 12 34 56 78"),
        ("06 12 34 56 78", [], "fr", "+33 6 12 34 56 78"),
        ("Celular (11) 91234-5678", ["São Paulo, Brasil"], "pt", "+55 11 91234-5678"),
        ("Tel: 030 1234567", ["Berlin, Germany"], "de", "+49 30 1234567"),
        ("98765 43210", ["Pune, India"], "en", "+91 98765 43210"),
        ("07911 123456", ["Leeds, UK"], "en", "+44 7911 123456"),
        ("415.555.2671", ["Oakland, CA"], "en", "+1 415-555-2671"),
        ("+971 50 123 4567", [], "en", "+971 50 123 4567"),
        ("+234 803 123 4567", [], "en", "+234 803 123 4567"),
        ("+86 138 0013 8000", [], "en", "+86 138 0013 8000"),
    ],
)
def test_phone_national_and_international(text, places, language, expected):
    phone = find_phone(text, places, language)
    assert phone is not None and phone.number == expected
    assert phone.confidence == 0.9


def test_a_labelled_number_outside_every_plan_is_kept_at_lower_confidence():
    phone = find_phone("Phone: (555) 123-4567", ["Austin, TX"], "en")
    assert phone is not None and phone.number == "+1 555-123-4567"
    assert phone.confidence < 0.9


def test_dates_and_ids_are_not_phone_numbers():
    assert find_phone("2015 - 2019, employee id 12345678") is None


def test_regions_from_places():
    assert regions_from_places(["Austin, TX", "Toronto, ON", "London, UK", "Madrid, España"]) == [
        "US",
        "CA",
        "GB",
        "ES",
    ]
    assert candidate_regions([], "es")[:2] == ["ES", "MX"]


def test_profile_links_are_canonical():
    text = (
        "in.linkedin.com/in/ravi-k | GitHub: jdoe | www.janedoe.dev\n"
        "https://www.linkedin.com/in/ravi-k/ and github.com/jdoe/project-x"
    )
    assert find_links(text) == [
        "https://www.linkedin.com/in/ravi-k",
        "https://github.com/jdoe",
        "www.janedoe.dev",
        "github.com/jdoe/project-x",
    ]


def test_email_domains_are_not_links():
    assert find_links("LinkedIn - ravi.kumar@gmail.com") == []


def test_phone_in_a_parsed_resume_uses_the_location():
    text = "Priya Sharma\nMelbourne, VIC 3000 | 0412 345 678 | priya@example.com\n"
    parsed = parse_text(text)
    assert parsed.profile.phone == "+61 412 345 678"
