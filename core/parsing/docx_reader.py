"""DOCX -> visible text with python-docx, after zip-bomb and DTD checks on the raw archive.

Runs inside the extraction sandbox (see ``sandbox.py``).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.shared import Length, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from core.errors import CorruptFile, UnsafeFile
from core.parsing.extraction import Extraction, strip_zero_width

MAX_ENTRIES = 2000
MAX_TOTAL_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 200
MIN_FONT_PT = 4.0


def check_archive(data: bytes, filename: str) -> None:
    """Refuse zip bombs and XML with a DTD before any XML parser sees the file.

    Raises:
        CorruptFile: not a readable zip, or no ``word/document.xml``.
        UnsafeFile: too many entries, too much declared data, a suspicious ratio, or a DTD.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as e:
        raise CorruptFile(filename, "corrupt: the DOCX is not a readable zip archive") from e
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise UnsafeFile(filename, f"unsafe: the DOCX holds {len(infos)} parts")
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise UnsafeFile(
                filename, f"unsafe: the DOCX would expand to {total / 1e6:.0f} MB (zip bomb)"
            )
        for info in infos:
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                raise UnsafeFile(
                    filename, "unsafe: a part of the DOCX is compressed like a zip bomb"
                )
        if "word/document.xml" not in archive.namelist():
            raise CorruptFile(filename, "corrupt: the file is a zip but not a Word document")
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                try:
                    head = archive.read(info)
                except (
                    zipfile.BadZipFile,
                    OSError,
                    ValueError,
                    zlib.error,
                    EOFError,
                    NotImplementedError,
                ) as e:
                    raise CorruptFile(filename, "corrupt: a part of the DOCX is damaged") from e
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise UnsafeFile(filename, "unsafe: the DOCX declares a DTD or external entity")


def _run_hidden_reason(run: Run, paragraph: Paragraph) -> str | None:
    font = run.font
    style_font = paragraph.style.font if paragraph.style is not None else None
    if font.hidden or (font.hidden is None and style_font is not None and style_font.hidden):
        return "hidden (vanish) text"
    color = font.color.rgb if font.color is not None and font.color.type is not None else None
    if isinstance(color, RGBColor) and min(color[0], color[1], color[2]) >= 235:
        return "white or near-white text"
    size: Length | None = font.size or (style_font.size if style_font is not None else None)
    if size is not None and size.pt < MIN_FONT_PT:
        return "tiny text"
    return None


def _paragraphs(document: Document) -> Iterator[Paragraph]:
    for section in document.sections:
        if not section.header.is_linked_to_previous or section is document.sections[0]:
            yield from section.header.paragraphs
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            yield from _table_paragraphs(block)
        else:
            yield block


def _table_paragraphs(table: Table) -> Iterator[Paragraph]:
    seen: set[int] = set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue  # a merged cell repeats in every row and column it spans
            seen.add(id(cell._tc))
            yield from cell.paragraphs
            for inner in cell.tables:
                yield from _table_paragraphs(inner)


def read_docx(data: bytes, filename: str) -> Extraction:
    """Visible text of a DOCX; hidden runs are set aside with the reason they were hidden.

    Raises:
        CorruptFile, UnsafeFile.
    """
    check_archive(data, filename)
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        hidden: list[str] = []
        reasons: set[str] = set()
        for paragraph in _paragraphs(document):
            shown = []
            for run in paragraph.runs:
                why = _run_hidden_reason(run, paragraph)
                if why and run.text.strip():
                    reasons.add(why)
                    hidden.append(run.text)
                else:
                    shown.append(run.text)
            lines.append("".join(shown) if paragraph.runs else paragraph.text)
    except Exception as e:  # python-docx and lxml raise many types on malformed parts
        raise CorruptFile(
            filename, f"corrupt: the DOCX could not be read ({type(e).__name__})"
        ) from e
    reason_list = sorted(reasons)
    text = strip_zero_width("\n".join(lines), reason_list)
    return Extraction(text=text, hidden_text=" ".join(hidden), hidden_reasons=reason_list)
