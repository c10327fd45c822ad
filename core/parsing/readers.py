"""Dispatch from a file kind to its reader (imported ahead of time by the sandbox's fork server)."""

from __future__ import annotations

from core.errors import EmptyText
from core.parsing.docx_reader import read_docx
from core.parsing.extraction import Extraction
from core.parsing.files import Kind
from core.parsing.pdf_reader import read_pdf
from core.parsing.txt_reader import read_txt


def read_document(kind: Kind, data: bytes, filename: str, max_pages: int) -> Extraction:
    """Visible text of a document of a known kind.

    Raises:
        ResumeRejected: corrupt, encrypted, too many pages, unsafe, or no text at all.
    """
    if kind == "pdf":
        result = read_pdf(data, filename, max_pages)
    elif kind == "docx":
        result = read_docx(data, filename)
    else:
        result = read_txt(data, filename)
    if len(result.text.strip()) < 20:
        if kind == "pdf":
            reason = "no text layer: the PDF looks scanned or image-only (OCR is not supported)"
        else:
            reason = "empty: the file contains no readable text"
        raise EmptyText(filename, reason)
    return result
