"""Generate the demo resumes (fictional people) as PDF, DOCX and TXT in several layouts.

Run from the repository root with the dev requirements installed:
``python data/demo/generate.py``. The output is committed, so running the app needs no fpdf2.
Everything here is invented for TalentFlow's demo; any resemblance to real people is accidental.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.shared import Pt, RGBColor
from fpdf import FPDF

OUT = Path(__file__).parent / "resumes"

FAMILIES = {
    "backend": {
        "titles": [
            "Backend Engineer",
            "Software Engineer",
            "Senior Backend Engineer",
            "Platform Engineer",
        ],
        "skills": [
            "Python",
            "SQL",
            "PostgreSQL",
            "Kafka",
            "Docker",
            "Kubernetes",
            "Go",
            "AWS",
            "Redis",
            "REST APIs",
            "Microservices",
            "Terraform",
            "Django",
            "FastAPI",
            "Git",
        ],
        "bullets": [
            "Built event-driven services in Python consuming Kafka topics at 20k messages a second",
            "Designed PostgreSQL schemas and cut p95 query latency by 40% with better indexes",
            "Moved 30 services to Docker and Kubernetes with zero-downtime deploys",
            "Wrote REST APIs used by the mobile and web clients, with contract tests",
            "Introduced Redis caching for the pricing service, halving database load",
            "Mentored two junior engineers and led the on-call rotation",
        ],
        "degree": "Bachelor of Science in Computer Science",
    },
    "frontend": {
        "titles": [
            "Frontend Engineer",
            "Frontend Developer",
            "UI Engineer",
            "Senior Frontend Engineer",
        ],
        "skills": [
            "React",
            "TypeScript",
            "JavaScript",
            "HTML",
            "CSS",
            "GraphQL",
            "Next.js",
            "Figma",
            "Node.js",
            "REST APIs",
            "A/B Testing",
            "Git",
            "Webpack",
        ],
        "bullets": [
            "Built the customer dashboard in React and TypeScript used by 15,000 businesses",
            "Cut bundle size by 35% with code splitting and lazy loading",
            "Ran A/B tests on the onboarding flow that lifted activation by 12%",
            "Worked with designers in Figma to build an accessible component library",
            "Integrated GraphQL APIs and wrote end-to-end tests for critical journeys",
        ],
        "degree": "Bachelor of Science in Software Engineering",
    },
    "data": {
        "titles": [
            "Data Scientist",
            "Machine Learning Engineer",
            "Senior Data Scientist",
            "Data Analyst",
        ],
        "skills": [
            "Python",
            "pandas",
            "Scikit-learn",
            "Machine Learning",
            "Statistics",
            "SQL",
            "PyTorch",
            "TensorFlow",
            "Spark",
            "Natural Language Processing",
            "Airflow",
            "Tableau",
        ],
        "bullets": [
            "Trained gradient boosting models in Python and Scikit-learn for demand forecasting",
            "Built an NLP pipeline classifying 2 million support tickets a month",
            "Designed A/B experiments and reported results with sound statistics",
            "Productionised PyTorch models behind a low-latency API",
            "Wrote Spark jobs and Airflow pipelines feeding the feature store",
        ],
        "degree": "Master of Science in Statistics",
    },
    "devops": {
        "titles": [
            "Site Reliability Engineer",
            "DevOps Engineer",
            "Cloud Engineer",
            "Infrastructure Engineer",
        ],
        "skills": [
            "Kubernetes",
            "Docker",
            "Terraform",
            "AWS",
            "Google Cloud",
            "Linux",
            "CI/CD",
            "Python",
            "Go",
            "Datadog",
            "Ansible",
            "PagerDuty",
            "Prometheus",
        ],
        "bullets": [
            "Ran 40 Kubernetes clusters on AWS with Terraform-managed infrastructure",
            "Built CI/CD pipelines that cut release time from a day to 20 minutes",
            "Set up Datadog dashboards and SLO alerts, reducing pages by 60%",
            "Automated Linux fleet configuration with Ansible",
            "Led incident reviews and wrote runbooks for the on-call team",
        ],
        "degree": "Bachelor of Engineering in Computer Engineering",
    },
    "finance": {
        "titles": ["Financial Analyst", "Senior Financial Analyst", "Accountant", "FP&A Analyst"],
        "skills": [
            "Financial Analysis",
            "Budgeting",
            "Microsoft Excel",
            "Accounting",
            "SAP",
            "Power BI",
            "SQL",
            "Tableau",
            "Auditing",
            "Payroll",
        ],
        "bullets": [
            "Owned the annual budgeting cycle for a 40 million euro business unit",
            "Built driver-based forecasting models in Microsoft Excel and Power BI",
            "Ran month-end close and reconciliations in SAP",
            "Presented variance analysis to the leadership team every month",
            "Supported the external audit and improved internal controls",
        ],
        "degree": "Bachelor of Commerce in Accounting",
    },
}
FIRST = [
    "Amara",
    "Lukas",
    "Priya",
    "Mateo",
    "Sofia",
    "Jonas",
    "Aisha",
    "Noah",
    "Elena",
    "Kwame",
    "Hannah",
    "Ravi",
    "Chloe",
    "Tomasz",
    "Yuki",
    "Omar",
    "Ingrid",
    "Diego",
    "Leila",
    "Felix",
    "Zara",
    "Marco",
    "Nadia",
    "Erik",
    "Grace",
    "Samuel",
    "Mei",
    "Aleksander",
    "Fatima",
    "Oscar",
    "Clara",
    "Daniel",
]
LAST = [
    "Okafor",
    "Becker",
    "Sharma",
    "Rossi",
    "Novak",
    "Lindqvist",
    "Haddad",
    "Fischer",
    "Petrova",
    "Mensah",
    "Kowalski",
    "Iyer",
    "Dubois",
    "Nowak",
    "Tanaka",
    "Farouk",
    "Berg",
    "Alvarez",
    "Karimi",
    "Wagner",
    "Ahmed",
    "Conti",
    "Popescu",
    "Larsen",
    "Murphy",
    "Adeyemi",
    "Chen",
    "Wojcik",
    "Rahman",
    "Silva",
    "Meyer",
    "Brennan",
]
COMPANIES = [
    "Northwind Payments GmbH",
    "Bluefin Analytics Ltd",
    "Kestrel Labs",
    "Harbor Logistics Inc",
    "Quanta Retail Group",
    "Lumen Health Ltd",
    "Orbit Mobility GmbH",
    "Cedar Bank plc",
    "Vantage Media Inc",
    "Helix Energy Solutions",
]
CITIES = [
    "Berlin, Germany",
    "Amsterdam, Netherlands",
    "London, United Kingdom",
    "Dublin, Ireland",
    "Munich, Germany",
    "Lisbon, Portugal",
    "Stockholm, Sweden",
    "Paris, France",
]
SCHOOLS = [
    "Technical University of Munich",
    "University of Amsterdam",
    "University College Dublin",
    "University of Manchester",
    "KTH Royal Institute of Technology",
    "University of Lisbon",
]
CERTS = {
    "devops": "Certified Kubernetes Administrator (CKA)",
    "finance": "ACCA Certified Accountant",
    "backend": "AWS Certified Developer - Associate",
    "data": "TensorFlow Developer Certificate",
}


@dataclass
class Person:
    """A fictional candidate."""

    name: str
    email: str
    phone: str
    city: str
    family: str
    title: str
    years: int
    skills: list[str]
    jobs: list[tuple[str, str, str, str, list[str]]] = field(default_factory=list)
    school: str = ""
    degree: str = ""
    grad_year: int = 2015
    cert: str | None = None


def make_people(rng: random.Random) -> list[Person]:
    people = []
    families = list(FAMILIES)
    for i in range(32):
        family = families[i % len(families)]
        spec = FAMILIES[family]
        first, last = FIRST[i], LAST[i]
        years = rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 10, 12])
        k = rng.randint(5, min(10, len(spec["skills"])))
        skills = spec["skills"][:3] + rng.sample(spec["skills"][3:], k - 3)
        end_year, jobs, remaining = 2026, [], years
        companies = rng.sample(COMPANIES, 3)
        for j in range(3 if years > 5 else (2 if years > 2 else 1)):
            span = max(1, remaining // (3 - j) if j < 2 else remaining)
            start_year = end_year - span
            title = (
                spec["titles"][min(j, len(spec["titles"]) - 1)] if j else rng.choice(spec["titles"])
            )
            bullets = rng.sample(spec["bullets"], 3)
            end = "Present" if j == 0 else f"Dec {end_year}"
            jobs.append((title, companies[j], f"Jan {start_year}", end, bullets))
            end_year, remaining = start_year - 1, remaining - span
            if remaining <= 0:
                break
        people.append(
            Person(
                name=f"{first} {last}",
                email=f"{first.lower()}.{last.lower()}@example.com",
                phone=f"+49 30 {rng.randint(1000000, 9999999)}",
                city=rng.choice(CITIES),
                family=family,
                title=jobs[0][0],
                years=years,
                skills=skills,
                jobs=jobs,
                school=rng.choice(SCHOOLS),
                degree=spec["degree"],
                grad_year=2026 - years - 1,
                cert=CERTS.get(family) if rng.random() < 0.4 else None,
            )
        )
    return people


def summary(p: Person) -> str:
    return (
        f"{p.title} with {p.years} years of experience. Strong in {', '.join(p.skills[:3])}; "
        f"enjoys shipping reliable work with small teams."
    )


def as_text(p: Person) -> str:
    lines = [
        p.name,
        p.title,
        f"{p.email} | {p.phone} | {p.city}",
        f"linkedin.com/in/{p.email.split('@')[0].replace('.', '-')}",
        "",
        "SUMMARY",
        summary(p),
        "",
        "EXPERIENCE",
    ]
    for title, company, start, end, bullets in p.jobs:
        lines += [title, f"{company} | {start} - {end}"] + [f"- {b}" for b in bullets] + [""]
    lines += [
        "EDUCATION",
        p.degree,
        f"{p.school}, {p.grad_year}",
        "",
        "SKILLS",
        ", ".join(p.skills),
    ]
    if p.cert:
        lines += ["", "CERTIFICATIONS", p.cert]
    return "\n".join(lines) + "\n"


def write_pdf_single(p: Person, path: Path, stuffing: str | None = None) -> None:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, p.name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    for line in as_text(p).splitlines()[1:]:
        heading = line.isupper() and line.strip()
        pdf.set_font("Helvetica", "B" if heading else "", 12 if heading else 10)
        pdf.multi_cell(0, 5.5, line or " ", new_x="LMARGIN", new_y="NEXT")
    if stuffing:
        pdf.set_text_color(255, 255, 255)
        pdf.set_font("Helvetica", "", 8)
        pdf.multi_cell(0, 4, stuffing, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def write_pdf_two_column(p: Person, path: Path) -> None:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.cell(0, 10, p.name.upper(), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 6, p.title, new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, f"{p.email}  |  {p.phone}  |  {p.city}", new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y() + 4
    pdf.set_xy(10, top)
    left = ["SUMMARY", summary(p), "", "EXPERIENCE"]
    for title, company, start, end, bullets in p.jobs:
        left += [title, f"{company} | {start} - {end}"] + [f"- {b}" for b in bullets] + [""]
    for line in left:
        heading = line.isupper() and line.strip()
        pdf.set_font("Helvetica", "B" if heading else "", 11 if heading else 9.5)
        pdf.set_x(10)
        pdf.multi_cell(120, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(140, top)
    right = ["EDUCATION", p.degree, p.school, str(p.grad_year), "", "SKILLS", *p.skills]
    if p.cert:
        right += ["", "CERTIFICATIONS", p.cert]
    for line in right:
        heading = line.isupper() and line.strip()
        pdf.set_font("Helvetica", "B" if heading else "", 11 if heading else 9.5)
        pdf.set_x(140)
        pdf.multi_cell(60, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def write_docx(p: Person, path: Path, hidden: str | None = None) -> None:
    document = docx.Document()
    document.add_heading(p.name, level=0)
    document.add_paragraph(p.title)
    document.add_paragraph(f"{p.email} | {p.phone} | {p.city}")
    document.add_heading("Summary", level=1)
    document.add_paragraph(summary(p))
    document.add_heading("Experience", level=1)
    for title, company, start, end, bullets in p.jobs:
        document.add_paragraph(title).runs[0].bold = True
        document.add_paragraph(f"{company} | {start} - {end}")
        for b in bullets:
            document.add_paragraph(b, style="List Bullet")
    document.add_heading("Education", level=1)
    table = document.add_table(rows=1, cols=3)
    for cell, value in zip(
        table.rows[0].cells, [p.degree, p.school, str(p.grad_year)], strict=True
    ):
        cell.text = value
    document.add_heading("Skills", level=1)
    document.add_paragraph(", ".join(p.skills))
    if p.cert:
        document.add_heading("Certifications", level=1)
        document.add_paragraph(p.cert)
    if hidden:
        run = document.add_paragraph().add_run(hidden)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        run.font.size = Pt(2)
    document.save(str(path))


SPANISH = """Lucía Fernández Gómez
Ingeniera de Software
lucia.fernandez@example.com | +34 91 555 0199 | Madrid, España

PERFIL
Ingeniera de software con 6 años de experiencia en Python, Django y PostgreSQL.

EXPERIENCIA
Ingeniera de Software Sénior
Kestrel Labs | Ene 2021 - Actualidad
- Diseñé servicios en Python y Kafka para pagos en tiempo real
Ingeniera de Software
Orbit Mobility GmbH | Mar 2019 - Dic 2020
- Desarrollé APIs REST con Django y Docker

EDUCACIÓN
Grado en Ingeniería Informática
Universidad Politécnica de Madrid, 2018

HABILIDADES
Python, Django, PostgreSQL, Docker, Kafka, Git
"""


JOB_FAMILIES = {  # demo job file -> (family, minimum years)
    "backend-engineer": ("backend", 5),
    "frontend-engineer": ("frontend", 3),
    "data-scientist": ("data", 3),
    "devops-engineer": ("devops", 4),
    "financial-analyst": ("finance", 4),
}


def write_labels(people: list[Person], path: Path) -> None:
    """Graded relevance of every demo person for every demo job.

    2: the job's field and at least its minimum years; 1: the field with fewer years (or the
    Spanish backend resume, a fit in another language); 0: another field, or keyword stuffing.
    """
    rows = ["job,resume,relevance"]
    for job, (family, years) in JOB_FAMILIES.items():
        for p in people:
            slug = p.name.lower().replace(" ", "-")
            grade = (2 if p.years >= years else 1) if p.family == family else 0
            rows.append(f"{job},{slug},{grade}")
        rows.append(f"{job},victor-hale,0")
        rows.append(f"{job},lucia-fernandez,{1 if family == 'backend' else 0}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def main() -> None:
    rng = random.Random(20261125)
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    people = make_people(rng)
    for i, p in enumerate(people):
        slug = p.name.lower().replace(" ", "-")
        layout = i % 4
        if layout == 0:
            write_pdf_single(p, OUT / f"{slug}.pdf")
        elif layout == 1:
            write_pdf_two_column(p, OUT / f"{slug}.pdf")
        elif layout == 2:
            write_docx(p, OUT / f"{slug}.docx")
        else:
            (OUT / f"{slug}.txt").write_text(as_text(p), encoding="utf-8")
    # Keyword stuffing: white text lists every backend skill; a person sees a sales profile.
    stuffer = Person(
        name="Victor Hale",
        email="victor.hale@example.com",
        phone="+44 20 7946 0321",
        city="London, United Kingdom",
        family="finance",
        title="Sales Representative",
        years=2,
        skills=["Sales", "Customer Service", "Microsoft Excel"],
        jobs=[
            (
                "Sales Representative",
                "Vantage Media Inc",
                "Jan 2024",
                "Present",
                ["Managed a portfolio of 60 small business accounts", "Exceeded quarterly targets"],
            )
        ],
        school="University of Manchester",
        degree="Bachelor of Arts in Marketing",
        grad_year=2023,
    )
    write_pdf_single(
        stuffer,
        OUT / "victor-hale.pdf",
        stuffing=" ".join(FAMILIES["backend"]["skills"] * 3) + " senior backend engineer",
    )
    # A second version of an existing person's resume (same e-mail): linked as a new version.
    updated = people[0]
    updated.skills = [*updated.skills, "Rust"]
    updated.jobs[0] = (
        updated.jobs[0][0],
        updated.jobs[0][1],
        updated.jobs[0][2],
        "Present",
        [*updated.jobs[0][4][:2], "Rewrote the ledger service in Rust"],
    )
    write_docx(updated, OUT / f"{updated.name.lower().replace(' ', '-')}-2026.docx")
    (OUT / "lucia-fernandez.txt").write_text(SPANISH, encoding="utf-8")
    write_labels(make_people(random.Random(20261125)), Path(__file__).parent / "labels.csv")
    print(f"{len(list(OUT.iterdir()))} demo resumes written to {OUT}")


if __name__ == "__main__":
    main()
