"""Contact details: e-mail, links, name and location from the header (phones: ``phones.py``)."""

from __future__ import annotations

import re

EMAIL = re.compile(
    r"\b[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b"
)
URL = re.compile(
    r"\b(?:https?://[^\s,;|<>()]+|www\.[^\s,;|<>()]+|"
    r"(?:linkedin\.com|github\.com|gitlab\.com|behance\.net|dribbble\.com|medium\.com|"
    r"stackoverflow\.com|twitter\.com|x\.com)/[^\s,;|<>()]+)",
    re.IGNORECASE,
)
CITY_REGION = re.compile(
    r"\b([A-Z][a-zA-Z.'-]+(?:\s[A-Z][a-zA-Z.'-]+)?),\s?([A-Z]{2}|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\b"
)
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:['’.-][^\W\d_]*)*$")
_NOT_NAME = re.compile(
    r"resume|curriculum|vitae|\bcv\b|engineer|developer|manager|analyst|consultant|designer|"
    r"summary|profile|objective|contact|address|phone|email|senior|junior|intern|specialist|"
    r"@|\d|street|road|avenue|\bst\b|\bave\b|\bhq\b|\brd\b|qualification|skills|experience|"
    r"highlights|\bname\b|client|seeker|achieved|certified|professional|university|college|"
    r"template|applicant|career|education|objective|personal|details|information|page|sample|"
    r"'s\b|’s\b",
    re.IGNORECASE,
)


def find_email(text: str) -> str | None:
    """The first e-mail address, lower-cased."""
    match = EMAIL.search(text)
    return match.group(0).lower().rstrip(".") if match else None


PROFILE_LINK = re.compile(
    r"^(?:https?://)?(?:[a-z]{2,3}\.|www\.)?(linkedin\.com/(?:in|pub)|github\.com)/"
    r"([A-Za-z0-9][A-Za-z0-9_.%-]{0,99})/?$",
    re.IGNORECASE,
)
# "LinkedIn: /in/jane-doe", "GitHub: jdoe": a handle after a label, without the site's address.
LABELLED_HANDLE = re.compile(
    r"\b(linkedin|github)\b\s*[:\-–]\s*(?:/?in/)?([A-Za-z0-9][A-Za-z0-9_-]{1,99})\b(?![.@/])",
    re.IGNORECASE,
)


def canonical_link(link: str) -> str:
    """LinkedIn and GitHub profiles as one canonical address; other links as written."""
    found = PROFILE_LINK.match(link)
    if not found:
        return link
    site, handle = found.group(1).lower(), found.group(2)
    if site.startswith("github"):
        return f"https://github.com/{handle}"
    return f"https://www.linkedin.com/in/{handle}"


def find_links(text: str) -> list[str]:
    """Distinct profile and web links, in order of appearance (e-mail domains excluded).

    LinkedIn and GitHub profiles are written in canonical form, including handles that follow a
    "LinkedIn:" or "GitHub:" label.
    """
    found: list[tuple[int, str]] = [
        (m.start(), canonical_link(m.group(0).rstrip(".,)")))
        for m in URL.finditer(text)
        if "@" not in m.group(0)
    ]
    for m in LABELLED_HANDLE.finditer(text):
        site = (
            "https://github.com/"
            if m.group(1).lower() == "github"
            else "https://www.linkedin.com/in/"
        )
        found.append((m.start(), site + m.group(2)))
    links: list[str] = []
    for _, link in sorted(found):
        if link.lower().rstrip("/") not in (item.lower().rstrip("/") for item in links):
            links.append(link)
    return links


def name_candidates(header_lines: list[str]) -> list[str]:
    """Lines at the top that look like a person's name (2-4 capitalised words)."""
    found = []
    for line in header_lines[:8]:
        cleaned = re.sub(r"\s+", " ", line.strip(" |•-,\t"))
        words = cleaned.split(" ")
        plausible = 2 <= len(words) <= 4 and not _NOT_NAME.search(cleaned)
        if plausible and all(_NAME_WORD.match(w) and w[0].isupper() for w in words):
            found.append(cleaned.title() if cleaned.isupper() else cleaned)
    return found


def find_location(header: str) -> str | None:
    """A 'City, Region' pair in the header, if any."""
    for line in header.splitlines()[:12]:
        if EMAIL.search(line) and "," not in EMAIL.sub("", line):
            continue
        for match in CITY_REGION.finditer(EMAIL.sub(" ", URL.sub(" ", line))):
            city, region = match.group(1), match.group(2)
            if not _NOT_NAME.search(city):
                return f"{city}, {region}"
    return None


_FILENAME_NOISE = re.compile(
    r"\b(?:resume|résumé|cv|curriculum|vitae|final|updated|update|latest|new|copy|draft|v\d+|"
    r"version|doc|docx|pdf|txt|profile)\b|\(\d+\)|\d+",
    re.IGNORECASE,
)


def name_from_filename(filename: str | None) -> str | None:
    """A display name made from a file name ("jane_doe-resume (2).pdf" -> "Jane Doe").

    Used when no name could be read from the resume itself, so that every candidate has an
    identity a recruiter can tell apart. Returns the file name itself when no name-like words
    remain ("resume.pdf"), and None only when nothing printable is left.
    """
    if not filename:
        return None
    base = re.split(r"[\\/]", filename.replace("\x00", ""))[-1]
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", base)
    spaced = re.sub(r"[\s_.+\-–—]+", " ", stem)
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", spaced)  # "JaneDoe" -> "Jane Doe"
    words = [w for w in _FILENAME_NOISE.sub(" ", spaced).split() if w.isalpha()]
    if 1 <= len(words) <= 4:
        return " ".join(w if w.isupper() and len(w) <= 3 else w.capitalize() for w in words)
    printable = "".join(ch for ch in " ".join(base.split()) if ch.isprintable()).strip()
    return printable[:60] or None
