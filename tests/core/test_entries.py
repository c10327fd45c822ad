"""Experience and education entries: layouts, professions, junk rows, confidence, shared data."""

import datetime as dt
from pathlib import Path

import pytest

from core.parsing.dates import find_ranges, join_split_ranges
from core.parsing.parser import parse_text
from core.parsing.profile import ExperienceEntry, Profile
from core.parsing.sections import heading_of

TODAY = dt.date(2026, 11, 1)
HEAD = "Alex Sample\nalex.sample@example.com\n+44 20 7946 0000\n\n"


def parse(body: str) -> Profile:
    return parse_text(HEAD + body, today=TODAY).profile


def jobs(body: str) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [(e.title, e.company, e.start, e.end) for e in parse(body).experience]


LAYOUTS = {
    "title line, company and place line, dates line": (
        "EXPERIENCE\nSenior Data Analyst\nNorthwind Traders - Seattle, WA\n"
        "March 2019 to Present\n• Built the weekly sales dashboard used by 40 managers.\n"
        "Data Analyst\nContoso Ltd - Redmond, WA\nJune 2016 to February 2019\n"
        "• Automated monthly reporting in SQL and Python.\n"
    ),
    "dates line first, then title and company": (
        "WORK HISTORY\n01/2018 to 12/2021\nStaff Nurse Mercy General Hospital Sacramento, CA\n"
        "Cared for up to six patients per shift on a cardiac ward.\n"
        "06/2014 to 12/2017\nNursing Assistant Sutter Medical Center Sacramento, CA\n"
        "Assisted nurses with patient hygiene and vital signs.\n"
    ),
    "title at company with dates on the same line": (
        "Professional Experience\nSous Chef at The Ivy Restaurant, Jan 2020 - Present\n"
        "Ran the kitchen on weekends for 120 covers.\n"
        "Line Cook at Le Petit Bistro, Mar 2016 - Dec 2019\n"
        "Prepared mise en place and grill orders.\n"
    ),
    "company and place with a dash, title below": (
        "EMPLOYMENT\nAcme Logistics — Leeds, UK\nWarehouse Supervisor\n2017 - 2022\n"
        "Led a team of 14 pickers across two shifts.\n"
        "Globex Freight — York, UK\nForklift Driver\n2012 - 2017\n"
        "Moved pallets safely in a high-volume depot.\n"
    ),
    "table cells one per line": (
        "Experience\nMathematics Teacher\nGreenfield High School\nSep 2015 – Jul 2023\n"
        "Taught algebra and statistics to classes of 30 students.\n"
        "Teaching Assistant\nOakwood Primary School\nSep 2012 – Jul 2015\n"
        "Supported pupils with special educational needs.\n"
    ),
}
EXPECTED = {
    "title line, company and place line, dates line": [
        ("Senior Data Analyst", "Northwind Traders", "2019-03", "present"),
        ("Data Analyst", "Contoso Ltd", "2016-06", "2019-02"),
    ],
    "dates line first, then title and company": [
        ("Staff Nurse", "Mercy General Hospital", "2018-01", "2021-12"),
        ("Nursing Assistant", "Sutter Medical Center", "2014-06", "2017-12"),
    ],
    "title at company with dates on the same line": [
        ("Sous Chef", "The Ivy Restaurant", "2020-01", "present"),
        ("Line Cook", "Le Petit Bistro", "2016-03", "2019-12"),
    ],
    "company and place with a dash, title below": [
        ("Warehouse Supervisor", "Acme Logistics", "2017-01", "2022-12"),
        ("Forklift Driver", "Globex Freight", "2012-01", "2017-12"),
    ],
    "table cells one per line": [
        ("Mathematics Teacher", "Greenfield High School", "2015-09", "2023-07"),
        ("Teaching Assistant", "Oakwood Primary School", "2012-09", "2015-07"),
    ],
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_each_layout_gives_title_company_and_dates(layout):
    assert jobs(LAYOUTS[layout]) == EXPECTED[layout]


def test_company_line_gives_the_place():
    [first, second] = parse(LAYOUTS["title line, company and place line, dates line"]).experience
    assert first.location == "Seattle, WA"
    assert second.location == "Redmond, WA"


def test_placeholder_city_and_state_never_enter_a_title():
    text = (
        "Experience\n01/2015 to Current\nField Project Supervisor Company Name City , State\n"
        "Managed logistics for seven aviation units.\n"
        "Company Name - City , State\nProgram Analyst\n05/2010 to 12/2014\n"
        "Prepared readiness reports.\n"
    )
    entries = parse(text).experience
    assert entries, "no entries"
    for entry in entries:
        assert entry.title and not entry.title.lower().startswith(("state", "city"))
        assert entry.company != "State"


def test_entries_without_dates():
    text = (
        "EXPERIENCE\nSenior Accountant\nKPMG LLP\n• Audited mid-size manufacturing clients.\n"
        "Accounts Assistant\nBaker Tilly Ltd\n• Reconciled supplier ledgers.\n"
    )
    assert [(e.title, e.company) for e in parse(text).experience] == [
        ("Senior Accountant", "KPMG LLP"),
        ("Accounts Assistant", "Baker Tilly Ltd"),
    ]


def test_dates_split_over_two_lines_are_joined():
    text = "June 2020 – Developer, OpenAI, San Francisco, USA\nPresent Worked on the API."
    joined = join_split_ranges(text)
    [found] = find_ranges(joined, TODAY)
    assert found.start == (2020, 6) and found.end is None
    assert "Worked on the API." in joined.splitlines()[1]


def test_glued_dates_from_text_without_spaces():
    [found] = find_ranges("InfrastructureTeamLead Mar.2021Present", TODAY)
    assert found.start == (2021, 3) and found.end is None
    assert find_ranges("2019 2020", TODAY) == []


JUNK = (
    "EXPERIENCE\nSoftware Engineer\nInitech Inc\nJan 2018 - Present\n"
    "• Wrote deployment scripts in PowerShell, Python and Bash for 200 servers.\n"
    "Technologies: PowerShell, Azure, Terraform, Ansible, Jenkins\n"
    "Key Achievements\n"
    "Reduced release time from two days to two hours by automating the pipeline end to end.\n"
)


def test_skill_lists_sentences_and_headings_are_not_entries():
    entries = parse(JUNK).experience
    assert [(e.title, e.company) for e in entries] == [("Software Engineer", "Initech Inc")]
    for entry in entries:
        for value in (entry.title, entry.company):
            assert value is None or (heading_of(value) is None and value.count(",") < 2)


def test_confidence_is_higher_when_more_parts_are_found():
    full = parse_text(HEAD + LAYOUTS["table cells one per line"], today=TODAY)
    bare = parse_text(HEAD + "EXPERIENCE\nSoftware Engineer\n• Wrote code.\n", today=TODAY)
    assert full.confidence["experience"] > bare.confidence["experience"]
    assert 0.0 <= bare.confidence["experience"] < 0.8


def test_experience_entry_keeps_every_field_in_json():
    fields = ExperienceEntry(title="Nurse").model_dump()
    assert set(fields) == {"title", "company", "start", "end", "location"}


EDUCATION = {
    "degree line, school line, year line": (
        "EDUCATION\nB.E. in Electronics\nNorth Maharashtra University\n2017\n",
        [("B.E. in Electronics", "North Maharashtra University", 2017)],
    ),
    "one line with commas": (
        "Education\nBachelor of Science in Nursing, University of Leeds, 2014\n",
        [("Bachelor of Science in Nursing", "University of Leeds", 2014)],
    ),
    "years first": (
        "EDUCATION\n2009 – 2012 PhD in Computer Science, Stanford University, Stanford, USA\n"
        "2007 – 2009 Master of Science in Computer Science, MIT, Cambridge, USA\n",
        [
            ("PhD in Computer Science", "Stanford University", 2012),
            ("Master of Science in Computer Science", "MIT", 2009),
        ],
    ),
}


@pytest.mark.parametrize("layout", sorted(EDUCATION))
def test_education_layouts(layout):
    text, expected = EDUCATION[layout]
    found = [(e.degree, e.institution, e.year) for e in parse(text).education]
    assert found == expected


def _parse_file(path: Path) -> Profile:
    from core.parsing.readers import read_document

    kind = "docx" if path.suffix == ".docx" else "pdf"
    return parse_text(
        read_document(kind, path.read_bytes(), path.name, 50).text, today=TODAY
    ).profile


def _trustworthy(profile: Profile) -> None:
    """No junk rows: every entry names something, and no value is a heading, list or place."""
    skills = {s.lower() for s in profile.skills}
    for entry in profile.experience:
        assert entry.title or entry.company, entry
        for value in (entry.title, entry.company):
            if value is None:
                continue
            assert heading_of(value) is None, entry
            assert value.count(",") < 2 and len(value.split()) <= 9, entry
            assert not value.lower().startswith(("state ", "city ")), entry
        assert entry.company is None or entry.company.lower() not in skills, entry
    for degree in profile.education:
        assert degree.degree or degree.institution, degree
        assert degree.institution not in {"State", "City"}, degree


@pytest.mark.slow
@pytest.mark.parametrize("stem", ["01-Accountant", "01-Desktop Support", "02-Office Coordinator"])
def test_docx_and_pdf_of_one_resume_give_the_same_entries(shared_data, stem):
    folder = shared_data / "resume_layouts/soupboss"
    docx, pdf = _parse_file(folder / f"{stem}.docx"), _parse_file(folder / f"{stem}.pdf")
    assert docx.experience and docx.experience == pdf.experience
    assert all(e.title and e.company and e.start for e in docx.experience)
    assert [(e.degree, e.institution) for e in docx.education] == [
        (e.degree, e.institution) for e in pdf.education
    ]


@pytest.mark.slow
def test_awesome_cv_has_dated_experience_entries(shared_data):
    profile = _parse_file(shared_data / "resume_templates/awesome_cv.pdf")
    assert len(profile.experience) >= 2
    assert all(e.start for e in profile.experience)
    _trustworthy(profile)


@pytest.mark.slow
def test_altacv_gives_name_and_employers(shared_data):
    profile = _parse_file(shared_data / "resume_templates/altacv_mmayer.pdf")
    assert profile.name == "Marissa Mayer"
    companies = [e.company for e in profile.experience]
    assert "Google" in companies and "Yahoo!" in companies
    _trustworthy(profile)


CATEGORIES = ["CHEF", "AVIATION", "INFORMATION-TECHNOLOGY", "TEACHER", "ACCOUNTANT", "HEALTHCARE"]


@pytest.mark.slow
@pytest.mark.parametrize("category", CATEGORIES)
def test_category_resumes_give_trustworthy_entries(shared_data, category):
    paths = sorted((shared_data / "resumes_by_category/pdf" / category).glob("*.pdf"))[:4]
    if not paths:
        pytest.skip(f"no {category} resumes")
    profiles = [_parse_file(path) for path in paths]
    for profile in profiles:
        _trustworthy(profile)
    dated = [e for p in profiles for e in p.experience if e.start]
    assert len(dated) >= len(paths), "most resumes of the category give dated jobs"
    # some of these resumes give a job's employer and dates but no title at all
    assert sum(bool(e.title) for e in dated) >= 0.6 * len(dated)


def test_tab_separated_cells_give_the_parts_of_an_entry():
    text = (
        "EXPERIENCE\nPayroll Clerk\tHalifax Foods Ltd\tLeeds, UK\tMay 2015 – Apr 2019\n"
        "• Ran payroll.\n"
    )
    [entry] = parse(text).experience
    assert (entry.title, entry.company, entry.location) == (
        "Payroll Clerk",
        "Halifax Foods Ltd",
        "Leeds, UK",
    )
    assert (entry.start, entry.end) == ("2015-05", "2019-04")
