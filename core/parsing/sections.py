"""Split resume text into sections by their headings ("Experience", "Work History", ...)."""

from __future__ import annotations

import re

from core.parsing.titles import is_title

HEADINGS: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary",
        "profile",
        "professional summary",
        "career summary",
        "objective",
        "career objective",
        "about me",
        "about",
        "executive summary",
        "professional profile",
        "personal statement",
        "overview",
        "personal summary",
        "career profile",
    ),
    "experience": (
        "experience",
        "work experience",
        "professional experience",
        "employment history",
        "work history",
        "career history",
        "employment",
        "relevant experience",
        "professional background",
        "experience details",
        "internships",
        "internship",
        "career experience",
        "job history",
        "teaching experience",
        "related experience",
        "relevant work experience",
        "professional work experience",
        "work experience details",
        "employment details",
        "experience summary",
        "work profile",
        "experiences",
        "professional experiences",
        "organisational experience",
        "organizational experience",
    ),
    "education": (
        "education",
        "academic background",
        "educational qualifications",
        "academic qualifications",
        "qualifications",
        "education and training",
        "academic details",
        "educational background",
        "academics",
        "education details",
        "educational qualification",
        "education qualification",
        "academic qualification",
        "academic profile",
        "scholastic profile",
    ),
    "skills": (
        "skills",
        "technical skills",
        "core competencies",
        "key skills",
        "competencies",
        "technologies",
        "technical proficiency",
        "it skills",
        "areas of expertise",
        "expertise",
        "skill set",
        "skillset",
        "tools",
        "tech stack",
        "professional skills",
        "core skills",
        "skills and tools",
        "technical expertise",
        "software skills",
        "highlights",
    ),
    "certifications": (
        "certifications",
        "certification",
        "certificates",
        "licenses",
        "licenses and certifications",
        "certifications and licenses",
        "courses",
        "training",
        "trainings",
    ),
    "projects": ("projects", "personal projects", "key projects", "academic projects", "project"),
    "languages": ("languages", "language skills"),
    "awards": (
        "awards",
        "honors",
        "honours",
        "achievements",
        "awards and honors",
        "accomplishments",
    ),
    "publications": ("publications", "research"),
    "interests": ("interests", "hobbies", "activities"),
    "references": ("references", "referees"),
    "volunteering": ("volunteering", "volunteer experience", "volunteer work"),
    "links": ("links", "social", "online profiles"),
    "additional": ("additional information", "additional", "other information", "personal details"),
}
_LOOKUP = {phrase: name for name, phrases in HEADINGS.items() for phrase in phrases}
_CLEAN = re.compile(r"[^a-z ]+")


def heading_of(line: str) -> str | None:
    """The section a line names, if the line is a heading."""
    stripped = line.strip().strip(":").strip()
    if not stripped or len(stripped) > 45:
        return None
    words = _CLEAN.sub(" ", stripped.lower().replace("&", " and ")).split()
    exact = _LOOKUP.get(" ".join(words))
    if exact or not words or len(words) > 4 or not (stripped.isupper() or stripped.istitle()):
        return exact
    for size in (3, 2, 1):  # "SKILLS & AWARDS", "Education Details Below"
        name = _LOOKUP.get(" ".join(words[:size]))
        if name:
            # "Project Manager", "Research Assistant", "Training Coordinator" are jobs
            return None if is_title(" ".join(words[size:])) else name
    return None


def split_sections(text: str) -> dict[str, str]:
    """Section name -> text; lines before the first heading go to ``"header"``.

    A heading seen twice (e.g. "Experience" on two pages) appends to the same section.
    """
    sections: dict[str, list[str]] = {"header": []}
    current = "header"
    for line in text.splitlines():
        name = heading_of(line)
        if name is not None:
            current = name
            sections.setdefault(current, [])
            continue
        sections.setdefault(current, []).append(line)
    return {name: "\n".join(lines).strip() for name, lines in sections.items()}
