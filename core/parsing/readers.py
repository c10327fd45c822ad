"""Dispatch from a file kind to its reader (imported ahead of time by the sandbox's fork server).

PDF pages without a text layer (a scan, a photo, text drawn as outlines) are read by OCR
(``ocr.py``). In a mixed PDF the other pages keep their text layer and its hidden-text checks;
the text layer of a page read by OCR is neither used nor judged (a scanner's searchable PDF
hides its OCR text on purpose), so only what the page shows is read.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Collection, Sequence

import pypdfium2 as pdfium  # type: ignore[import-untyped]

from core.errors import EmptyText, TooManyPages
from core.parsing import ocr
from core.parsing.docx_reader import read_docx
from core.parsing.extraction import Extraction, capped
from core.parsing.files import Kind
from core.parsing.pdf_reader import read_pdf
from core.parsing.txt_reader import read_txt

MIN_TEXT_CHARS = 20
NO_TEXT_LAYER = "no text layer: the PDF looks scanned or image-only"
OCR_OFF = f"{NO_TEXT_LAYER} (OCR is turned off)"

OcrStarted = Callable[[int], None]
"""Called with the number of pages just before OCR starts (the sandbox extends its deadline)."""


def read_document(
    kind: Kind,
    data: bytes,
    filename: str,
    max_pages: int,
    options: ocr.OcrOptions | None = None,
    on_ocr: OcrStarted | None = None,
    max_chars: int | None = None,
) -> Extraction:
    """Visible text of a document of a known kind, read by OCR where a PDF page has no text.

    With ``max_chars`` the text readers stop accumulating past it and the result holds at most
    ``max_chars`` + 1 characters (the parser keeps ``max_chars`` and warns that it cut the rest).

    Raises:
        ResumeRejected: corrupt, encrypted, too many pages, unsafe, or no text at all.
    """
    if kind == "pdf":
        result = _read_pdf(data, filename, max_pages, options or ocr.OcrOptions(), on_ocr)
        return capped(result, max_chars)
    if kind == "docx":
        result = read_docx(data, filename, max_chars)
    else:
        result = read_txt(data, filename, max_chars)
    return capped(
        _require_text(result, filename, "empty: the file contains no readable text"), max_chars
    )


def _require_text(result: Extraction, filename: str, reason: str) -> Extraction:
    if len(result.text.strip()) < MIN_TEXT_CHARS:
        raise EmptyText(filename, reason)
    return result


def _read_pdf(
    data: bytes, filename: str, max_pages: int, options: ocr.OcrOptions, on_ocr: OcrStarted | None
) -> Extraction:
    layer = read_pdf(data, filename, max_pages)
    if options.max_pages == 0:
        return _require_text(layer, filename, OCR_OFF)
    sparse = [i for i, chars in enumerate(layer.page_chars) if chars < ocr.MIN_PAGE_CHARS]
    if not sparse and len(layer.text.strip()) >= MIN_TEXT_CHARS:
        return layer  # every page shows text: nothing to read by OCR, no second parser needed
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return _require_text(layer, filename, NO_TEXT_LAYER)
    try:
        try:
            scanned = ocr.pages_needing_ocr(document, sparse)
        except pdfium.PdfiumError:  # pdfminer read what pdfium cannot: keep pdfminer's text
            return _require_text(layer, filename, NO_TEXT_LAYER)
        if len(layer.text.strip()) < MIN_TEXT_CHARS:
            scanned = list(range(len(document)))  # e.g. a scan under an invisible text layer
        if not scanned:
            return layer
        if len(scanned) > options.max_pages:
            raise TooManyPages(
                filename,
                f"too many scanned pages: {len(scanned)} need OCR, the limit is "
                f"{options.max_pages}",
            )
        if not ocr.tesseract_available():
            return _require_text(layer, filename, ocr.MISSING_TESSERACT)
        if on_ocr is not None:
            on_ocr(len(scanned))
        texts = ocr.ocr_pages(document, scanned, filename, options)
        return _combine(document, layer, texts, filename, max_pages)
    finally:
        document.close()


def _combine(
    document: pdfium.PdfDocument,
    layer: Extraction,
    texts: dict[int, str],
    filename: str,
    max_pages: int,
) -> Extraction:
    """The OCR text of the scanned pages and the text layer of the others, in page order."""
    if sum(len(t.strip()) for t in texts.values()) < ocr.MIN_OCR_CHARS:
        return _require_text(layer, filename, ocr.NOTHING_READ)
    pieces: list[str] = []
    hidden: list[str] = []
    reasons: set[str] = set()
    spans: list[dict] = []
    for run in _runs(len(document), texts.keys()):
        if run[0] in texts:
            pieces.append(texts[run[0]])
            continue
        part = read_pdf(_subset(document, run), filename, max_pages)
        pieces.append(part.text)
        hidden += [part.hidden_text] if part.hidden_text else []
        reasons.update(part.hidden_reasons)
        spans += [_shift(span, run[0]) for span in part.hidden_spans]
    return dataclasses.replace(
        layer,
        text="\n".join(p for p in pieces if p.strip()),
        hidden_text="\n".join(hidden),
        hidden_reasons=sorted(reasons),
        hidden_spans=spans,
        ocr=True,
    )


def _runs(pages: int, scanned: Collection[int]) -> list[list[int]]:
    """Pages in order, grouped: each scanned page alone, consecutive text-layer pages together."""
    runs: list[list[int]] = []
    for index in range(pages):
        if runs and index not in scanned and runs[-1][-1] == index - 1 and index - 1 not in scanned:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def _subset(document: pdfium.PdfDocument, indices: Sequence[int]) -> bytes:
    """A new PDF holding only the given pages."""
    part = pdfium.PdfDocument.new()
    try:
        part.import_pages(document, list(indices))
        buffer = io.BytesIO()
        part.save(buffer)
        return buffer.getvalue()
    finally:
        part.close()


def _shift(span: dict, offset: int) -> dict:
    page = span.get("page")
    return {**span, "page": page + offset} if isinstance(page, int) else span
