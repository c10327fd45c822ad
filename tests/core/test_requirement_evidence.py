"""Requirement evidence across professions: jobs and resumes in the words people use.

Each profession has a job, a resume that meets it and a control resume that lacks some of it
(CPR but not PALS, an LPN not an RN, "CPA candidate", 3 years not 5, Java not JavaScript). The
rows are checked as a careful hiring manager would read them, through the service path.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.config import Settings
from core.context import build_context
from core.parsing.files import IncomingFile
from core.parsing.sandbox import WorkerPool
from core.scoring.model import Evidence
from core.scoring.requirements import extract_requirements
from core.services.explanations import explain
from core.services.ingest import ingest_files
from core.services.jobs import create_job

ABSENT = ("not_met", "unsure")  # not shown; resemblance may leave it unsure, never met

NURSE_JOB = """ICU / Emergency Registered Nurse

Requirements
- Active RN licence in the state
- Current CPR and PALS certification
- Experience with cardiac monitoring and telemetry
- 3+ years of experience in critical care nursing
- Bachelor of Science in Nursing (BSN)

Nice to have
- ACLS certification
"""
NURSE = """Maria Lopez
Registered Nurse, Emergency Department
maria.lopez@example.com | Houston, TX

LICENCES AND CERTIFICATIONS
Texas RN licence #845512, active
CPR certified (American Heart Association), renewed 2024
Pediatric Advanced Life Support (PALS) certified, 2023
Advanced Cardiac Life Support certified, 2023

EXPERIENCE
Registered Nurse, Emergency Department
St. Luke's Hospital | Jun 2019 - May 2024
- Triaged and treated adult and pediatric trauma patients
- Interpreted telemetry strips and escalated arrhythmias
Registered Nurse, Intensive Care Unit
Memorial Hermann Hospital | Jan 2016 - May 2019
- Cardiac monitoring of post-operative ICU patients

EDUCATION
Bachelor of Science in Nursing (BSN)
University of Houston, 2015
"""
NURSE_CONTROL = """Tom Baker
Licensed Practical Nurse
tom.baker@example.com | Austin, TX

LICENCES AND CERTIFICATIONS
Licensed Practical Nurse (LPN), Texas, licence #LV22871
CPR certified, 2024

EXPERIENCE
Licensed Practical Nurse, Medical-Surgical Unit
Seton Medical Center | Aug 2019 - Jul 2024
- Administered medications and recorded vital signs for 12 patients per shift

EDUCATION
Practical Nursing Diploma
Austin Community College, 2019
"""
SYSADMIN_JOB = """Windows Systems Administrator

Requirements
- 5 years of experience in systems administration
- Administer Microsoft Active Directory and Group Policy
- Scripting in a language such as PowerShell, Go, Python
- BA/BS degree or equivalent practical experience

Nice to have
- VMware vSphere
"""
SYSADMIN = """Daniel Kim
Windows Systems Administrator
daniel.kim@example.com | Atlanta, GA

EXPERIENCE
Systems Administrator
Contoso Health | Feb 2018 - Jan 2024
- Administered Active Directory for 3,000 users and maintained Group Policy
- Automated patching and onboarding with PowerShell scripts
Junior Systems Administrator
Fabrikam Inc | Jan 2016 - Jan 2018
- Managed Windows Server hosts on VMware vSphere

EDUCATION
B.S. in Information Technology
Georgia State University, 2015
"""
SYSADMIN_CONTROL = """Priya Shah
Linux Systems Administrator
priya.shah@example.com | Denver, CO

EXPERIENCE
Linux Systems Administrator
Initech | Mar 2021 - Mar 2024
- Maintained OpenLDAP directories and Ubuntu servers
- Wrote Python scripts for nightly backups
"""
ACCOUNTANT_JOB = """Senior Staff Accountant

Requirements
- CPA licence (Certified Public Accountant)
- Strong knowledge of US GAAP
- Own the general ledger and lead the month-end close
- 4+ years of experience in accounting
- Bachelor's degree in Accounting or Finance

Nice to have
- NetSuite
"""
ACCOUNTANT = """Laura Chen
Senior Accountant
laura.chen@example.com | Columbus, OH

SUMMARY
Seven years in corporate accounting for manufacturing groups.

CERTIFICATIONS
Certified Public Accountant, State of Ohio, 2018

EXPERIENCE
Senior Accountant
Buckeye Manufacturing | Mar 2019 - Feb 2024
- Led the month-end close for four entities in NetSuite
- Reconciled the general ledger and prepared statements under US GAAP
Staff Accountant
Grant & Co | Jul 2016 - Feb 2019
- Prepared journal entries and account reconciliations

EDUCATION
Bachelor of Science in Accounting
Ohio State University, 2016
"""
ACCOUNTANT_CONTROL = """Kevin Ross
Staff Accountant
kevin.ross@example.com | Dayton, OH

CERTIFICATIONS
CPA candidate, passed FAR and AUD sections

EXPERIENCE
Accounts Payable Clerk
Dayton Logistics | Jan 2022 - Jan 2024
- Processed vendor invoices and payment runs

EDUCATION
Bachelor of Arts in Economics
Wright State University, 2021
"""
SALES_JOB = """Account Executive, B2B SaaS

Requirements
- 3+ years of experience in B2B sales
- Consistently hit or exceeded a B2B quota
- Manage pipeline in Salesforce
- Cold calling and prospecting

Nice to have
- HubSpot
"""
SALES = """Alex Turner
Account Executive
alex.turner@example.com | Chicago, IL

SUMMARY
Seven years in B2B sales of software to mid-market companies.

EXPERIENCE
Account Executive
Globex Software | Apr 2019 - Mar 2024
- Exceeded my annual B2B quota of $1.2M by 118% three years running
- Managed the full pipeline in SFDC, from cold calling to close
Sales Development Representative
Initrode | Jan 2017 - Mar 2019
- Prospected mid-market accounts through cold calling and email
"""
SALES_CONTROL = """Jamie Fox
Retail Sales Associate
jamie.fox@example.com | Chicago, IL

EXPERIENCE
Retail Sales Associate
Downtown Outfitters | Jun 2022 - Jun 2024
- Helped walk-in customers and ran the till
- Logged customer follow-ups in HubSpot
"""
DRIVER_JOB = """CDL Truck Driver / Warehouse Associate

Requirements
- Valid Class A CDL
- Forklift certification
- 2+ years of experience driving tractor-trailers
- Clean driving record

Nice to have
- HazMat endorsement
"""
DRIVER = """Mike Hanson
Truck Driver
mike.hanson@example.com | Toledo, OH

LICENCES
Class A CDL, Ohio, clean driving record, HazMat endorsement
OSHA forklift certified, 2022

EXPERIENCE
Truck Driver (Class A)
Midwest Freight | May 2018 - Apr 2024
- Drove tractor-trailers on regional routes, 2,500 miles a week
Warehouse Associate
Acme Distribution | Jan 2016 - Apr 2018
- Loaded trailers and moved pallets with a forklift
"""
DRIVER_CONTROL = """Sam Ortiz
Delivery Driver
sam.ortiz@example.com | Toledo, OH

LICENCES
Class B CDL, Ohio

EXPERIENCE
Delivery Driver
City Furniture | Jun 2023 - Jun 2024
- Delivered furniture in a box truck and operated a forklift at the depot
"""
DATA_JOB = """Senior Data Engineer

Requirements
- Python 3.11 and SQL
- Deploy services on Kubernetes
- PostgreSQL database design
- 5+ years of experience in data engineering
- Bachelor's degree in Computer Science or related field

Nice to have
- Apache Airflow
- JavaScript
"""
DATA = """Nina Patel
Senior Data Engineer
nina.patel@example.com | Seattle, WA

EXPERIENCE
Senior Data Engineer
Northwind Analytics | Jan 2020 - Jan 2025
- Built ingestion services in Python 3.11 and deployed them on k8s
- Designed Postgres schemas and tuned SQL queries
- Scheduled pipelines with Apache Airflow
Data Engineer
Tailspin Toys | Jan 2018 - Dec 2019
- Wrote a JavaScript dashboard for pipeline health

EDUCATION
BSc in Computer Science
University of Washington, 2017
"""
DATA_CONTROL = """Oliver Grant
Data Analyst
oliver.grant@example.com | Seattle, WA

EXPERIENCE
Data Analyst
Contoso Retail | Jan 2021 - Jan 2024
- Built reports in Java and MySQL
- Wrote SQL for weekly sales dashboards

EDUCATION
BSc in Mathematics
University of Oregon, 2020
"""
CHEF_JOB = """Sous Chef

Requirements
- ServSafe Food Protection Manager certification
- 4+ years of experience in professional kitchens
- Menu planning and food cost control
"""
CHEF = """Rosa Martinez
Sous Chef
rosa.martinez@example.com | Portland, OR

CERTIFICATIONS
ServSafe Food Protection Manager certified, 2023

EXPERIENCE
Sous Chef
Harbor Bistro | Mar 2019 - Mar 2024
- Planned seasonal menus and kept food cost under 29%
Line Cook
The Oak Room | Jan 2017 - Feb 2019
- Ran the grill and saute stations
"""
CHEF_CONTROL = """Ben Walsh
Line Cook
ben.walsh@example.com | Portland, OR

CERTIFICATIONS
ServSafe Manager course, enrolled for 2025

EXPERIENCE
Line Cook
Burger Barn | Jun 2022 - Jun 2024
- Cooked burgers and fries on the flat-top
"""


@dataclass(frozen=True)
class Case:
    """A job, a resume that meets it, a control that does not, and the rows expected:
    requirement text -> (kind, status for the resume, status for the control)."""

    job: str
    resume: str
    control: str
    rows: dict[str, tuple[str, str | tuple[str, ...], str | tuple[str, ...]]]


CASES = {
    "nurse": Case(
        NURSE_JOB,
        NURSE,
        NURSE_CONTROL,
        {
            "RN licence": ("certification", "met", ABSENT),
            "CPR": ("certification", "met", "met"),
            "PALS certification": ("certification", "met", ABSENT),
            "cardiac monitoring": ("skill", "met", "not_met"),
            "telemetry": ("skill", "met", "not_met"),
            "3+ years of experience in critical care nursing": ("years", "met", "met"),
            "Bachelor's degree": ("degree", "met", ABSENT),
            "ACLS certification": ("certification", "met", ABSENT),
        },
    ),
    "sysadmin": Case(
        SYSADMIN_JOB,
        SYSADMIN,
        SYSADMIN_CONTROL,
        {
            "5+ years of experience in systems administration": ("years", "met", "not_met"),
            "Microsoft Active Directory": ("skill", "met", ABSENT),
            # one requirement met by any option: the control's Python is enough
            "PowerShell, Go or Python": ("skill", "met", "met"),
            "Bachelor's degree (or equivalent experience)": ("degree", "met", "unsure"),
            "VMware": ("skill", "met", ABSENT),
        },
    ),
    "accountant": Case(
        ACCOUNTANT_JOB,
        ACCOUNTANT,
        ACCOUNTANT_CONTROL,
        {
            "CPA": ("certification", "met", "unsure"),  # "CPA candidate"
            "US GAAP": ("skill", "met", ABSENT),
            "general ledger": ("skill", "met", ABSENT),
            "month-end close": ("skill", "met", ABSENT),
            "4+ years of experience in accounting": ("years", "met", "not_met"),
            "Bachelor's degree in Accounting or Finance": ("degree", "met", ("met", "unsure")),
            "NetSuite": ("skill", "met", ABSENT),
        },
    ),
    "sales": Case(
        SALES_JOB,
        SALES,
        SALES_CONTROL,
        {
            # years in one skill: one row, met only with the skill and the years in it
            "3+ years of experience in B2B sales": ("years", "met", "not_met"),
            # a sentence is judged by meaning, which the calibrated thresholds keep unsure
            "Consistently hit or exceeded a B2B quota": ("sentence", "unsure", ABSENT),
            "Salesforce": ("skill", "met", ABSENT),  # written "SFDC"
            "Cold calling": ("skill", "met", ABSENT),
            "HubSpot": ("skill", ABSENT, "met"),
        },
    ),
    "driver": Case(
        DRIVER_JOB,
        DRIVER,
        DRIVER_CONTROL,
        {
            "Class A CDL": ("certification", "met", ABSENT),  # the control holds Class B
            "Forklift certification": ("certification", "met", ABSENT),  # operated one
            "2+ years of experience in driving tractor-trailers": ("years", "met", "not_met"),
            "Clean driving record": ("sentence", ("met", "unsure"), ABSENT),
        },
    ),
    "data": Case(
        DATA_JOB,
        DATA,
        DATA_CONTROL,
        {
            "Python": ("skill", "met", ABSENT),
            "SQL": ("skill", "met", "met"),
            "Kubernetes": ("skill", "met", ABSENT),  # written "k8s"
            "PostgreSQL": ("skill", "met", ABSENT),  # written "Postgres"; the control has MySQL
            "5+ years of experience in data engineering": ("years", "met", "not_met"),
            "Bachelor's degree in Computer Science or related field": ("degree", "met", "met"),
            "Apache Airflow": ("skill", "met", ABSENT),
            "JavaScript": ("skill", "met", "not_met"),  # the control writes Java
        },
    ),
    "chef": Case(
        CHEF_JOB,
        CHEF,
        CHEF_CONTROL,
        {
            "ServSafe": ("certification", "met", "unsure"),  # "course, enrolled"
            "4+ years of experience in professional kitchens": ("years", "met", "not_met"),
            "Menu planning": ("skill", ABSENT, ABSENT),  # see the xfail below
        },
    ),
}
RESUMES = {(name, "resume"): case.resume for name, case in CASES.items()} | {
    (name, "control"): case.control for name, case in CASES.items()
}


@dataclass(frozen=True)
class Scored:
    """One resume's score and evidence rows for its profession's job."""

    score: float
    evidence: list[Evidence]


@pytest.fixture(scope="module")
def scored(
    tmp_path_factory: pytest.TempPathFactory, pool: WorkerPool
) -> Iterator[dict[tuple[str, str], Scored]]:
    """Every resume ingested and explained against its job, in one workspace (models load once)."""
    home = tmp_path_factory.mktemp("evidence")
    ctx = build_context(Settings(home=Path(home), load_demo=False))
    ctx.pool.close()
    ctx.pool = pool
    keys = list(RESUMES)
    files = [
        IncomingFile(f"{name}-{which}.txt", RESUMES[name, which].encode()) for name, which in keys
    ]
    outcomes = ingest_files(ctx, files, actor="cli")
    assert [o.status for o in outcomes] == ["parsed"] * len(keys)
    candidates = {key: o.candidate_id for key, o in zip(keys, outcomes, strict=True)}
    jobs = {name: create_job(ctx, case.job, actor="cli").id for name, case in CASES.items()}
    results = {}
    for (name, which), candidate_id in candidates.items():
        assert candidate_id is not None
        explained = explain(ctx, jobs[name], candidate_id, actor="cli")
        results[name, which] = Scored(explained.score, explained.evidence)
    yield results
    ctx.indexer.index.close()
    ctx.engine.dispose()


def _rows(scored: dict[tuple[str, str], Scored], name: str, which: str) -> dict[str, Evidence]:
    return {row.requirement: row for row in scored[name, which].evidence}


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip()}


def test_combined_and_listed_requirements_split_into_atomic_rows():
    nurse = [i.text for i in extract_requirements(NURSE_JOB).atomic()]
    assert "CPR" in nurse and "PALS certification" in nurse  # "CPR and PALS": two rows
    assert "cardiac monitoring" in nurse and "telemetry" in nurse
    admin = extract_requirements(SYSADMIN_JOB).atomic()
    [choice] = [i for i in admin if "PowerShell" in i.text]
    assert choice.kind == "skill" and set(choice.options) == {
        "Microsoft PowerShell",
        "Go",
        "Python",
    }
    [years] = [i for i in admin if i.kind == "years"]
    assert years.years == 5 and years.field == "systems administration"
    [degree] = [i for i in admin if i.kind == "degree"]
    assert degree.degree == "bachelor" and degree.alternative
    [cpa] = [i for i in extract_requirements(ACCOUNTANT_JOB).atomic() if i.kind == "certification"]
    assert cpa.options == ["CPA"]  # "CPA licence (Certified Public Accountant)": one licence


@pytest.mark.parametrize("name", CASES)
def test_every_expected_requirement_is_one_row_of_its_kind(scored, name):
    for which in ("resume", "control"):
        rows = _rows(scored, name, which)
        assert len(rows) == len(scored[name, which].evidence)  # no requirement twice
        for text, (kind, _, _) in CASES[name].rows.items():
            assert text in rows, f"{name}/{which}: no row {text!r} in {list(rows)}"
            assert rows[text].kind == kind


@pytest.mark.parametrize("which", ["resume", "control"])
@pytest.mark.parametrize("name", CASES)
def test_each_status_is_what_the_resume_shows(scored, name, which):
    rows = _rows(scored, name, which)
    for text, (_, for_resume, for_control) in CASES[name].rows.items():
        expected = for_resume if which == "resume" else for_control
        allowed = (expected,) if isinstance(expected, str) else expected
        assert rows[text].status in allowed, f"{name}/{which}: {text!r} is {rows[text].status}"


@pytest.mark.parametrize("which", ["resume", "control"])
@pytest.mark.parametrize("name", CASES)
def test_a_met_row_cites_the_resume_line_that_shows_it(scored, name, which):
    lines = _lines(RESUMES[name, which])
    for row in scored[name, which].evidence:
        assert row.matched == (row.status == "met"), row
        if row.status != "met":
            continue
        if row.kind == "years":
            assert "years in matching roles" in (row.source or ""), row
        else:
            assert row.source in lines, f"{name}/{which}: {row.requirement!r} <- {row.source!r}"


@pytest.mark.parametrize("name", CASES)
def test_the_matching_resume_outranks_its_control(scored, name):
    assert scored[name, "resume"].score > scored[name, "control"].score


@pytest.mark.xfail(
    strict=True,
    reason="a skill written as a verb is not recognised: 'Planned seasonal menus' is not the "
    "skill Menu Planning in the taxonomy, and the chunk's similarity is below the unsure threshold",
)
def test_menu_planning_written_as_a_verb_is_met(scored):
    assert _rows(scored, "chef", "resume")["Menu planning"].status == "met"


@pytest.mark.xfail(
    strict=True,
    reason="degrees are judged by level only: a Bachelor of Arts in Economics meets "
    "'Bachelor's degree in Accounting or Finance'; the field asked is not compared",
)
def test_a_degree_in_another_field_does_not_meet_a_degree_in_the_field_asked(scored):
    row = _rows(scored, "accountant", "control")["Bachelor's degree in Accounting or Finance"]
    assert row.status != "met"


def test_a_years_line_is_one_row():
    """'3+ years of experience in critical care nursing' is years in that field, not also a
    skill row 'nursing'."""
    texts = [i.text for i in extract_requirements(NURSE_JOB).atomic()]
    assert texts.count("nursing") == 0
