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
from demo_content import (
    CERTS,
    CITIES,
    COMPANIES,
    FAMILIES,
    FIRST,
    LAST,
    SCHOOLS,
    SPANISH,
)
from docx.shared import Pt, RGBColor
from fpdf import FPDF

OUT = Path(__file__).parent / "resumes"


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
