"""Builders for test documents: resumes in every format and a corpus of hostile files."""

from __future__ import annotations

import io
import zipfile
import zlib

import docx
from docx.shared import Pt, RGBColor
from fpdf import FPDF
from fpdf.enums import TextMode

RESUME = """Jane Example
Senior Backend Engineer
jane.example@example.com | +44 20 7946 0958 | London, UK
linkedin.com/in/jane-example

SUMMARY
Backend engineer with 8 years of experience in Python and distributed systems.

EXPERIENCE
Senior Backend Engineer
Acme Payments Ltd | Jan 2020 - Present
- Built Kafka pipelines in Python and Go
Software Engineer
Globex Corporation | Jun 2016 - Dec 2019
- Maintained PostgreSQL databases and REST APIs

EDUCATION
Bachelor of Science in Computer Science
University of Leeds, 2016

SKILLS
Python, Go, Kafka, PostgreSQL, Docker, Kubernetes, JS, k8s

CERTIFICATIONS
AWS Certified Solutions Architect
"""


def resume_text(name: str = "Jane Example", email: str = "jane.example@example.com") -> str:
    """The sample resume with another name and e-mail."""
    return RESUME.replace("Jane Example", name).replace("jane.example@example.com", email)


def make_pdf(
    text: str = RESUME,
    *,
    white: str | None = None,
    tiny: str | None = None,
    invisible: str | None = None,
    off_page: str | None = None,
    pages: int = 1,
) -> bytes:
    """A text PDF, optionally with hidden text of each kind."""
    pdf = FPDF(format="A4")
    for _ in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", size=10)
        for line in text.splitlines():
            pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
    if white:
        pdf.set_text_color(255, 255, 255)
        pdf.multi_cell(0, 5, white, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    if tiny:
        pdf.set_font("Helvetica", size=1)
        pdf.multi_cell(0, 1, tiny, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)
    if invisible:
        pdf.text_mode = TextMode.INVISIBLE
        pdf.multi_cell(0, 5, invisible, new_x="LMARGIN", new_y="NEXT")
        pdf.text_mode = TextMode.FILL
    if off_page:
        pdf.text(x=-500, y=50, text=off_page)
    return bytes(pdf.output())


def make_docx(
    text: str = RESUME,
    *,
    vanish: str | None = None,
    white: str | None = None,
    tiny: str | None = None,
) -> bytes:
    """A DOCX with one paragraph per line, optionally with hidden runs."""
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    paragraph = document.add_paragraph()
    if vanish:
        paragraph.add_run(vanish).font.hidden = True
    if white:
        paragraph.add_run(white).font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    if tiny:
        paragraph.add_run(tiny).font.size = Pt(1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "secret resume")
    pdf.set_encryption(owner_password="owner", user_password="user")
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A PDF with a page but no text layer."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 100, style="F")
    return bytes(pdf.output())


def _pdf_with_objects(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def circular_pdf() -> bytes:
    """A page tree whose /Kids point back at itself."""
    return _pdf_with_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >>",
        ]
    )


def bomb_pdf(megabytes: int = 800) -> bytes:
    """A content stream that inflates to hundreds of MB of text operators."""
    chunk = b"BT /F1 12 Tf 10 10 Td (AAAAAAAAAAAAAAAA) Tj ET\n" * 20_000
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(chunk) for _ in range(megabytes * 1024 * 1024 // len(chunk))]
    stream = b"".join(parts) + compressor.flush()
    return _pdf_with_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def docx_zip_bomb() -> bytes:
    """A DOCX whose document.xml inflates to 1 GB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            block = b"\0" * (1024 * 1024)
            for _ in range(1024):
                entry.write(block)
    return buffer.getvalue()


def docx_with_dtd() -> bytes:
    """A DOCX whose document.xml declares an external entity (XXE)."""
    source = zipfile.ZipFile(io.BytesIO(make_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(
                    b"?>",
                    b'?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
                    1,
                )
            archive.writestr(info, data)
    return buffer.getvalue()


def zip_of(files: dict[str, bytes]) -> bytes:
    """A zip archive holding ``files``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def bad_corpus() -> dict[str, bytes]:
    """Hostile and broken files, keyed by the (hostile) name they are uploaded under."""
    pdf = make_pdf()
    return {
        "truncated.pdf": pdf[: len(pdf) // 3],
        "encrypted.pdf": encrypted_pdf(),
        "not-a-pdf.pdf": b"MZ\x90\x00 this is an executable, not a PDF" * 10,
        "circular.pdf": circular_pdf(),
        "bomb.pdf": bomb_pdf(),
        "scanned.pdf": scanned_pdf(),
        "bomb.docx": docx_zip_bomb(),
        "xxe.docx": docx_with_dtd(),
        "empty.txt": b"",
        "huge.txt": b"A" * (60 * 1024 * 1024),
        "../../etc/passwd.pdf": b"%PDF-1.4\n garbage",
        "evil\x00name.docx": b"PK\x03\x04 not really a zip",
        ("x" * 300) + ".txt": b"\x00\x01\x02 binary",
        "resume.exe": b"MZ",
    }
