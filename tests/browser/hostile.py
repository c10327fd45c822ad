"""A workspace whose every field a person can see holds hostile Markdown and HTML.

Seeded through the public services (and the store for the one thing no service writes: a cached
LLM explanation), from real TXT and DOCX resumes the parser reads, before the app starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests import factories

# Each would become an image, a link, a script, formatting, a colour or maths if not escaped.
PAYLOADS = (
    "![t](http://127.0.0.1:9/track.png)",
    "[click](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "**bold**",
    ":red[x]",
    "$\\LaTeX$",
    "http://127.0.0.1:9/x",
)
HOSTILE = " ".join(PAYLOADS)
# A file name cannot hold "/", so the URL payloads are left out of it.
FILE_PAYLOAD = "<img src=x onerror=alert(1)> [click](javascript:alert(1)) **bold** :red[x] $x$"

PASSWORD = "correct horse battery"
REVIEWER = "![t](http://127.0.0.1:9/track.png)@example.com"  # signs in as the hiring manager
SECOND_REVIEWER = "[click](javascript:alert(1))**bold**@example.com"


def hostile(label: str) -> str:
    """A value that starts with a plain word (to find it) and carries every payload."""
    return f"{label} {HOSTILE}"


JOB_TITLE = hostile("Job")
EVE_SEX = f"{PAYLOADS[2]} {PAYLOADS[5]}"  # a self-identification category (60 characters at most)
JOB_DESCRIPTION = f"""{JOB_TITLE}

About the role
We build payment systems. {HOSTILE}

Requirements
- Python and Kafka
- Experience with {PAYLOADS[2]} and {PAYLOADS[0]}
- 3+ years of backend work
"""
RESUME_FILE = f"eve {FILE_PAYLOAD}.txt"
DOCX_FILE = f"dora {FILE_PAYLOAD}.docx"
UPLOAD_FILE = f"uma {FILE_PAYLOAD}.txt"  # uploaded in the browser
JOB_UPLOAD_FILE = f"jd {FILE_PAYLOAD}.txt"  # an unreadable job description


def resume(name: str, email: str) -> str:
    """A resume with payloads in the header, every section and the skills list."""
    return f"""{name}
Backend Engineer {PAYLOADS[4]} {PAYLOADS[5]}
{email} | +44 20 7946 0958 | London, UK

SUMMARY
Backend engineer with 8 years of experience in Python. {HOSTILE}

EXPERIENCE
Senior Backend Engineer {PAYLOADS[2]}
{PAYLOADS[4]} Payments Ltd | Jan 2020 - Present
- Built Kafka pipelines in Python {PAYLOADS[1]} {PAYLOADS[7]}
Software Engineer
Globex {PAYLOADS[5]} Corporation | Jun 2016 - Dec 2019
- Maintained PostgreSQL databases {PAYLOADS[0]}

EDUCATION
Bachelor of Science in {PAYLOADS[6]}
University of {PAYLOADS[3]}, 2016

SKILLS
Python, Kafka, PostgreSQL, {PAYLOADS[3]}, {PAYLOADS[0]}, {PAYLOADS[5]}

CERTIFICATIONS
AWS Certified {PAYLOADS[4]} Architect
"""


def corrections(label: str) -> dict[str, object]:
    """A recruiter's corrections that put a payload in every profile field."""
    return {
        "name": hostile(label),
        "headline": hostile("Headline"),
        "location": hostile("Location"),
        "email": f"{label.lower()}+**bold**:red[x]$x$@example.com",
        "skills": ["Python", "Kafka", *PAYLOADS],
        "certifications": [f"Cert {p}" for p in PAYLOADS[:4]],
        "links": ["http://127.0.0.1:9/x", "javascript:alert(1)"],
        "experience": [
            {
                "title": hostile("Title"),
                "company": hostile("Company"),
                "start": "2020-01",
                "end": "present",
            }
        ],
        "education": [
            {"degree": hostile("Degree"), "institution": hostile("School"), "year": 2016}
        ],
    }


@dataclass(frozen=True)
class Seeded:
    """What the sweep looks for."""

    job_id: int
    candidates: dict[str, int]  # "Eve", "Dora" -> candidate id
    llm_explanation: str


def seed(home: Path, pool) -> Seeded:
    """Fill the workspace at ``home`` (the accounts of tests/browser/conftest.py not included)."""
    from core.config import Settings
    from core.context import build_context
    from core.parsing.files import IncomingFile
    from core.scoring.requirements import Requirements
    from core.services import audit
    from core.services import jobs as job_service
    from core.services.bias_audit import record_self_identification
    from core.services.candidates import correct_field
    from core.services.explanations import stored_score
    from core.services.ingest import ingest_files
    from core.services.ranking import rank_job
    from core.services.reviews import submit_review
    from core.services.shortlists import add_to_shortlist
    from core.services.users import create_user, user_by_email
    from core.store.db import session_scope
    from core.store.models import Explanation

    ctx = build_context(Settings(home=home, load_demo=False))
    ctx.pool.close()
    ctx.pool = pool
    try:
        create_user(
            ctx, REVIEWER, "hiring_manager", PASSWORD, name=hostile("Reviewer"), actor="cli"
        )
        create_user(
            ctx, SECOND_REVIEWER, "hiring_manager", PASSWORD, name=hostile("Second"), actor="cli"
        )
        job = job_service.create_job(ctx, JOB_DESCRIPTION, title=JOB_TITLE, actor="cli")
        job_id = job.id or 0
        extracted = Requirements.model_validate(job.requirements)
        edited = extracted.model_copy(
            update={
                "must_have": ["Python", "Kafka", PAYLOADS[2]],
                "nice_to_have": [PAYLOADS[0], PAYLOADS[5]],
                "location": hostile("Remote"),
            }
        )
        job_service.update_job(
            ctx, job_id, requirements=edited, description=JOB_DESCRIPTION, actor="cli"
        )
        job_service.assign_managers(ctx, job_id, [REVIEWER, SECOND_REVIEWER], actor="cli")
        outcomes = ingest_files(
            ctx,
            [
                IncomingFile(RESUME_FILE, resume(hostile("Eve"), "eve@example.com").encode()),
                IncomingFile(
                    DOCX_FILE, factories.make_docx(resume(hostile("Dora"), "dora@example.com"))
                ),
            ],
            actor="cli",
        )
        ids = {"Eve": outcomes[0].candidate_id, "Dora": outcomes[1].candidate_id}
        assert all(ids.values()), [o.reason for o in outcomes]
        for label, candidate_id in ids.items():
            assert candidate_id is not None
            for field, value in corrections(label).items():
                correct_field(ctx, candidate_id, field, value, actor="cli")
        rank_job(ctx, job_id, actor="cli")
        for candidate_id in ids.values():
            add_to_shortlist(ctx, job_id, candidate_id or 0, note=hostile("Note"), actor="cli")
        eve = ids["Eve"] or 0
        for email, decision in ((REVIEWER, "approve"), (SECOND_REVIEWER, "hold")):
            reviewer = user_by_email(ctx, email)
            assert reviewer is not None
            submit_review(
                ctx,
                job_id,
                eve,
                actor=reviewer.email,
                decision=decision,
                rating=3,
                comment=hostile("Comment"),
            )
        record_self_identification(ctx, eve, EVE_SEX, PAYLOADS[0], actor="cli")
        record_self_identification(ctx, ids["Dora"] or 0, "female", PAYLOADS[1], actor="cli")
        score = stored_score(ctx, job_id, eve, actor="cli")
        llm_text = hostile("Claude says")
        revision = job_service.get_job(ctx, job_id, actor="cli").revision
        with session_scope(ctx.engine) as session:
            session.add(
                Explanation(
                    candidate_id=eve,
                    job_id=job_id,
                    version=f"r{revision}:{score.model}:{score.score:.4f}",
                    writer="llm",
                    text=llm_text,
                )
            )
        audit.record(ctx, "system", "note", hostile("Target"), detail=HOSTILE)
    finally:
        ctx.close()
    return Seeded(job_id, {k: v or 0 for k, v in ids.items()}, llm_text)
