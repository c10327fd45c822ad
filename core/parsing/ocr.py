"""OCR of PDF pages with tesseract, for scanned and image-only resumes.

Runs inside the extraction sandbox. pdfium renders the pages one after the other (it is not
thread-safe) and one tesseract process reads each page image, one process per core at most,
each single-threaded: the OpenMP threads of parallel tesseract processes fight over the cores
and can make a page ten times slower. Every tesseract run has its own time limit and inherits
the sandbox's address-space limit (a 300-dpi A4 page runs in less than 200 MB).
"""

from __future__ import annotations

import math
import os
import re
import shutil
import unicodedata
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]
import pytesseract  # type: ignore[import-untyped]
from PIL import Image, ImageFilter

from core.errors import CorruptFile, EmptyText, ParseCrashed, ParseTimeout

DPI = 300
MAX_PIXELS = 25_000_000  # 2.9x an A4 page at 300 dpi; a huge page is rendered at a lower dpi
MIN_PAGE_CHARS = 40  # a page with fewer characters in its text layer may be an image of text
MIN_DRAWN_PATHS = 20  # text drawn as outlines: many path objects and no characters
RULE_DARK = 160  # gray level below which a pixel is ink
RULE_LENGTH_IN = (0.4, 0.5)  # horizontal and vertical ink runs this long (inches) are lines
RULE_THICKNESS_IN = 0.1  # ... if no thicker than this
MIN_OCR_CHARS = 20  # less OCR text than this over all pages is noise, not a resume
RENDER_S = 2.0  # rendering and line removal per page, on top of tesseract's own limit
MISSING_TESSERACT = (
    "no text layer: the PDF looks scanned or image-only, and OCR is not available on this "
    "server (install the tesseract-ocr package)"
)
# tesseract often sets "@" apart: "jane.doe @example.com", "jane.doe@ example.com"
SPLIT_EMAIL = re.compile(r"([\w.%+-])[ \t]*@[ \t]*([\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,})")
# ... and a dot inside the address: "jane. doe@example.com" (lower case only, unlike prose)
SPLIT_LOCAL = re.compile(r"(?<![\w.])([a-z0-9_%+-]+)\.[ \t]+([a-z0-9._%+-]+@)")
# ... and in a link: "linkedin. com/in/jane"
SPLIT_HOST = re.compile(r"(?<![\w.])([a-z0-9-]+)\.[ \t]+([a-z]{2,6}/)")
NOTHING_READ = "no text layer: the PDF looks scanned or image-only, and OCR found no text in it"


@dataclass(frozen=True)
class OcrOptions:
    """How scanned pages are read.

    Attributes:
        max_pages: Most pages of one document read by OCR; 0 turns OCR off.
        page_timeout_s: Time limit of tesseract for one page.
        languages: Tesseract language codes joined by ``+``, e.g. ``"eng+deu"``.
        dpi: Resolution pages are rendered at for tesseract.
    """

    max_pages: int = 10
    page_timeout_s: float = 30.0
    languages: str = "eng"
    dpi: int = DPI


def tesseract_available() -> bool:
    """Whether the tesseract program can be found."""
    return shutil.which(pytesseract.pytesseract.tesseract_cmd) is not None


def parallelism(pages: int) -> int:
    """Tesseract processes run at once for ``pages`` pages: one per core at most."""
    return max(1, min(pages, len(os.sched_getaffinity(0))))


def budget_s(pages: int, options: OcrOptions) -> float:
    """Longest time OCR of ``pages`` pages can take within the per-page limits."""
    rounds = math.ceil(pages / parallelism(pages))
    return rounds * options.page_timeout_s + pages * RENDER_S + 5.0


def _non_space(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


def _needs_ocr(page: pdfium.PdfPage) -> bool:
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()  # cheap; spaces and line breaks included
        if count >= 4 * MIN_PAGE_CHARS or _non_space(textpage.get_text_range()) >= MIN_PAGE_CHARS:
            return False
    finally:
        textpage.close()
    paths = 0
    for obj in page.get_objects(max_depth=2):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return True
        paths += obj.type == pdfium_c.FPDF_PAGEOBJ_PATH
        if paths >= MIN_DRAWN_PATHS:
            return True
    return False


def pages_needing_ocr(
    document: pdfium.PdfDocument, candidates: Iterable[int] | None = None
) -> list[int]:
    """Indices of the pages that show an image or drawing but have (almost) no text layer.

    ``candidates`` limits the check to those pages (the others are known to have text).
    """
    found = []
    for index in range(len(document)) if candidates is None else candidates:
        page = document[index]
        try:
            if _needs_ocr(page):
                found.append(index)
        finally:
            page.close()
    return found


def render_page(
    document: pdfium.PdfDocument, index: int, dpi: int = DPI
) -> tuple[Image.Image, int]:
    """A grayscale image of one page and the resolution it was rendered at."""
    page = document[index]
    try:
        width, height = page.get_size()
        scale = min(dpi / 72, math.sqrt(MAX_PIXELS / max(width * height, 1.0)))
        image = page.render(scale=scale, grayscale=True).to_pil()
    finally:
        page.close()
    return image, max(1, round(scale * 72))


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row, first and end column of every horizontal run of True in a 2-D mask."""
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), bool)
    padded[:, 1:-1] = mask
    rows, starts = np.nonzero(padded[:, 1:] & ~padded[:, :-1])
    return rows, starts, np.nonzero(~padded[:, 1:] & padded[:, :-1])[1]


def _fill(
    shape: tuple[int, int], rows: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray:
    marks = np.zeros((shape[0], shape[1] + 1), np.int8)
    marks[rows, starts] = 1  # runs in a row never touch, so no cell is both a start and an end
    marks[rows, ends] = -1
    return np.cumsum(marks, axis=1, dtype=np.int8)[:, : shape[1]] > 0


def _rules(ink: np.ndarray, length: int, thickness: int) -> np.ndarray:
    """Horizontal lines: ink runs at least ``length`` long, at most ``thickness`` thick, with
    paper above and below (so a dark banner, whose text would vanish, is left alone)."""
    rows, starts, ends = _runs(ink)
    keep = ends - starts >= length
    long = _fill(ink.shape, rows[keep], starts[keep], ends[keep])
    cols, tops, bottoms = _runs(np.ascontiguousarray(long.T))
    height = ink.shape[0]
    above = ink[np.maximum(tops - 1, 0), cols] & (tops > 0)
    below = ink[np.minimum(bottoms, height - 1), cols] & (bottoms < height)
    thin = (bottoms - tops <= thickness) & ~above & ~below
    return _fill(long.T.shape, cols[thin], tops[thin], bottoms[thin]).T


def remove_rules(image: Image.Image, dpi: int) -> Image.Image:
    """The image with long thin lines (heading bars, rules, frames) whitened.

    tesseract reads a heading's decorative bar as letters ("mmm Skills") or drops the heading.
    """
    pixels = np.asarray(image.convert("L"))
    ink = pixels < RULE_DARK
    across, down = (max(1, round(inches * dpi)) for inches in RULE_LENGTH_IN)
    thickness = max(1, round(RULE_THICKNESS_IN * dpi))
    rules = _rules(ink, across, thickness) | _rules(np.ascontiguousarray(ink.T), down, thickness).T
    if not rules.any():
        return image
    cleaned = pixels.copy()
    cleaned[rules] = 255
    return Image.fromarray(cleaned)


def _render(
    document: pdfium.PdfDocument, index: int, filename: str, options: OcrOptions
) -> tuple[Image.Image, int]:
    try:
        return render_page(document, index, options.dpi)
    except pdfium.PdfiumError as e:
        raise CorruptFile(filename, f"corrupt: page {index + 1} could not be rendered") from e


def _tesseract(image: Image.Image, dpi: int, options: OcrOptions) -> str:
    # specks of scanner noise make tesseract's layout analysis explode: one noisy, nearly blank
    # 300-dpi page took over 60 s instead of 2 s; a 3x3 median removes them and keeps strokes
    image = remove_rules(image.filter(ImageFilter.MedianFilter(3)), dpi)
    config = f"--dpi {dpi} --psm 3"
    text = pytesseract.image_to_string(
        image, lang=options.languages, config=config, timeout=options.page_timeout_s
    )
    return tidy(str(text))


def tidy(text: str) -> str:
    """OCR text with ligatures unfolded, e-mail addresses and links rejoined, no page breaks."""
    text = unicodedata.normalize("NFKC", text).replace("\x0c", "")
    text = SPLIT_EMAIL.sub(r"\1@\2", text)
    text = SPLIT_LOCAL.sub(r"\1.\2", text)
    return SPLIT_HOST.sub(r"\1.\2", text).strip()


def _collect(futures: dict[int, Future[str]], filename: str, options: OcrOptions) -> dict[int, str]:
    texts = {}
    for index, future in futures.items():
        try:
            texts[index] = future.result()
        except pytesseract.TesseractNotFoundError as e:
            raise EmptyText(filename, MISSING_TESSERACT) from e
        except pytesseract.TesseractError as e:
            detail = str(e.message).strip()[:120]
            raise CorruptFile(
                filename, f"unreadable: OCR of page {index + 1} failed ({detail})"
            ) from e
        except RuntimeError as e:  # pytesseract's "Tesseract process timeout"
            raise ParseTimeout(filename, options.page_timeout_s) from e
        except OSError as e:
            raise ParseCrashed(filename, "too complex: OCR could not start a process") from e
    return texts


def ocr_pages(
    document: pdfium.PdfDocument, indices: Sequence[int], filename: str, options: OcrOptions
) -> dict[int, str]:
    """Text of the given pages read by tesseract, by page index.

    Raises:
        EmptyText: tesseract is not installed.
        ParseTimeout: tesseract ran past ``options.page_timeout_s`` on a page.
        CorruptFile: tesseract failed on a page.
    """
    if not tesseract_available():
        raise EmptyText(filename, MISSING_TESSERACT)
    # tesseract inherits this process's environment; one OpenMP thread per process (see above)
    os.environ["OMP_THREAD_LIMIT"] = "1"
    with ThreadPoolExecutor(parallelism(len(indices)), thread_name_prefix="ocr") as pool:
        futures: dict[int, Future[str]] = {}
        try:
            for index in indices:
                image, dpi = _render(document, index, filename, options)
                futures[index] = pool.submit(_tesseract, image, dpi, options)
            return _collect(futures, filename, options)
        finally:
            for future in futures.values():
                future.cancel()
