"""DOCX -> visible text with python-docx, after zip-bomb and DTD checks on the raw archive.

Which runs count as hidden is decided in ``visibility_docx.py`` (see docs/hidden-text.md).

Runs inside the extraction sandbox (see ``sandbox.py``).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

import docx
from docx.document import Document
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from core.errors import CorruptFile, UnsafeFile
from core.parsing.extraction import Extraction, finish, reading_budget, span, strip_invisible
from core.parsing.visibility_docx import WordLook

MAX_ENTRIES = 2000
MAX_TOTAL_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 200


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


def _runs(paragraph: Paragraph) -> Iterator[Run]:
    """The runs of a paragraph, including those inside hyperlinks."""
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            yield from item.runs
        else:
            yield item


def _read_paragraph(paragraph: Paragraph, look: WordLook, spans: list[dict[str, Any]]) -> str:
    """The visible text of a paragraph; its hidden runs are added to ``spans`` by reason."""
    shown: list[str] = []
    runs: list[list[str]] = []  # [text, reason] of each hidden stretch; blanks join a stretch
    for run in _runs(paragraph):
        text = run.text
        why = look.reason(run, paragraph) if text.strip() else None
        if why is None:
            shown.append(text)
            if runs and not text.strip():
                runs[-1][0] += text
            elif text.strip():
                runs.append(["", ""])
        elif runs and runs[-1][1] == why:
            runs[-1][0] += text
        else:
            runs.append([text, why])
    spans += [span(text.strip(), why) for text, why in runs if why and text.strip()]
    return "".join(shown)


def read_docx(data: bytes, filename: str, max_chars: int | None = None) -> Extraction:
    """Visible text of a DOCX; hidden runs are set aside with the reason they were hidden.
    With ``max_chars``, paragraphs are read only until twice that many characters are held.

    Raises:
        CorruptFile, UnsafeFile.
    """
    check_archive(data, filename)
    spans: list[dict[str, Any]] = []
    budget = reading_budget(max_chars)
    lines: list[str] = []
    held = 0
    try:
        document = docx.Document(io.BytesIO(data))
        look = WordLook(document)
        for paragraph in _paragraphs(document):
            lines.append(_read_paragraph(paragraph, look, spans))
            held += len(lines[-1]) + 1
            if budget is not None and held > budget:
                break  # the rest is beyond what the parser keeps
    except Exception as e:  # python-docx and lxml raise many types on malformed parts
        raise CorruptFile(
            filename, f"corrupt: the DOCX could not be read ({type(e).__name__})"
        ) from e
    text, invisible = strip_invisible("\n".join(lines))
    return finish(text, 1, spans + invisible)
