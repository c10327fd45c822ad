"""PDF -> visible text with pdfplumber: hidden-text filtering and two-column reading order.

Runs inside the extraction sandbox (see ``sandbox.py``): it may hang or blow up on hostile input.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from typing import Any

import pdfplumber
from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.page import ALL_ATTRS, Page
from pdfplumber.utils.exceptions import PdfminerException

from core.errors import CorruptFile, EncryptedFile, TooManyPages
from core.parsing.extraction import Extraction, strip_zero_width

MIN_FONT_SIZE = 4.0
WHITE_LUMINANCE = 0.92
INVISIBLE_RENDER_MODES = {3, 7}

logging.getLogger("pdfminer").setLevel(logging.ERROR)

Char = dict[str, Any]


def _install_render_mode_hook() -> None:
    """Record the PDF text render mode (``Tr``) on every character.

    pdfminer knows the render mode while drawing a string but does not keep it on the character,
    and invisible text (modes 3 and 7) is the classic way to hide keywords in a resume.
    """
    if getattr(PDFTextDevice, "_talentflow_hooked", False):
        return
    original = PDFTextDevice.render_string

    def render_string(self: Any, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
        item = getattr(self, "cur_item", None)
        start = len(item._objs) if item is not None else 0
        original(self, textstate, seq, ncs, graphicstate)
        if item is not None:
            for obj in item._objs[start:]:
                obj.render_mode = textstate.render

    PDFTextDevice.render_string = render_string  # type: ignore[method-assign]
    PDFTextDevice._talentflow_hooked = True  # type: ignore[attr-defined]
    ALL_ATTRS.add("render_mode")


_install_render_mode_hook()


def luminance(color: Any) -> float | None:
    """Perceived lightness in [0, 1] of a pdfminer colour tuple (gray, RGB or CMYK)."""
    if not isinstance(color, tuple) or not color:
        return None
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):
        return None  # a pattern colour: not judged
    if len(values) == 1:
        return values[0]
    if len(values) == 3:
        r, g, b = values
        return 0.299 * r + 0.587 * g + 0.114 * b
    if len(values) == 4:
        c, m, y, k = values
        return (1 - k) * (0.299 * (1 - c) + 0.587 * (1 - m) + 0.114 * (1 - y))
    return None


def _dark_fills(page: Page) -> list[tuple[float, float, float, float]]:
    boxes = []
    for rect in page.rects:
        lum = luminance(rect.get("non_stroking_color"))
        if rect.get("fill") and lum is not None and lum < 0.6:
            boxes.append((rect["x0"], rect["top"], rect["x1"], rect["bottom"]))
    return boxes


def hidden_reason(
    char: Char, page: Page, dark: list[tuple[float, float, float, float]]
) -> str | None:
    """Why a character is invisible to a reader, or None if it is visible."""
    if char.get("render_mode") in INVISIBLE_RENDER_MODES:
        return "invisible render mode"
    if float(char.get("size") or 0) < MIN_FONT_SIZE and char["text"].strip():
        return "tiny text"
    x0, top, x1, bottom = page.bbox
    if char["x1"] <= x0 or char["x0"] >= x1 or char["bottom"] <= top or char["top"] >= bottom:
        return "text outside the page"
    lum = luminance(char.get("non_stroking_color"))
    if lum is not None and lum >= WHITE_LUMINANCE and char["text"].strip():
        cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        on_dark = any(a <= cx <= c and b <= cy <= d for a, b, c, d in dark)
        if not on_dark:
            return "white or near-white text"
    return None


def find_gutter(words: list[Char], width: float) -> float | None:
    """The x of a column gutter, if the words form two columns below a full-width header."""
    if len(words) < 30:
        return None
    lines = {round(w["top"]) for w in words}
    best: tuple[int, float] | None = None
    for step in range(int(width * 0.25), int(width * 0.75), 2):
        x = float(step)
        crossing = sum(1 for w in words if w["x0"] - 1 < x < w["x1"] + 1)
        left = sum(1 for w in words if w["x1"] <= x)
        right = len(words) - left - crossing
        if min(left, right) < max(10, len(words) * 0.05):
            continue
        if crossing <= max(2, len(lines) * 0.08) and (best is None or crossing < best[0]):
            best = (crossing, x)
    return best[1] if best else None


def _page_text(page: Page) -> str:
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
    gutter = find_gutter(words, float(page.width))
    if gutter is None:
        return page.extract_text() or ""
    crossing = [w for w in words if w["x0"] - 1 < gutter < w["x1"] + 1]
    header_bottom = max((w["bottom"] for w in crossing), default=0.0)

    def region(obj: Char, part: str) -> bool:
        if obj.get("object_type") != "char":
            return False
        cy = (obj["top"] + obj["bottom"]) / 2
        if part == "header":
            return cy <= header_bottom
        cx = (obj["x0"] + obj["x1"]) / 2
        return cy > header_bottom and (cx < gutter if part == "left" else cx >= gutter)

    parts = [
        page.filter(lambda obj, part=part: region(obj, part)).extract_text() or ""
        for part in ("header", "left", "right")
    ]
    return "\n".join(p for p in parts if p)


def read_pdf(data: bytes, filename: str, max_pages: int) -> Extraction:
    """Visible text of a PDF; hidden characters are set aside with the reason they were hidden.

    Raises:
        EncryptedFile, TooManyPages, CorruptFile.
    """
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > max_pages:
                raise TooManyPages(
                    filename, f"too many pages: {len(pdf.pages)}, the limit is {max_pages}"
                )
            return _read_pages(pdf.pages)
    except PdfminerException as e:
        cause = e.args[0] if e.args else e
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise EncryptedFile(filename, "encrypted: the PDF is password protected") from e
        raise CorruptFile(
            filename, f"corrupt: the PDF could not be read ({type(cause).__name__})"
        ) from e
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise EncryptedFile(filename, "encrypted: the PDF is password protected") from e
    except TooManyPages:
        raise
    except RecursionError as e:
        raise CorruptFile(filename, "corrupt: the PDF's structure is circular") from e
    except Exception as e:  # pdfminer raises dozens of types on malformed input
        raise CorruptFile(
            filename, f"corrupt: the PDF could not be read ({type(e).__name__})"
        ) from e


def _read_pages(pages: Iterable[Page]) -> Extraction:
    texts: list[str] = []
    hidden: list[str] = []
    reasons: set[str] = set()
    count = 0
    for page in pages:
        count += 1
        dark = _dark_fills(page)
        hidden_ids: set[int] = set()
        hidden_chars: list[str] = []
        for char in page.chars:
            why = hidden_reason(char, page, dark)
            if why:
                reasons.add(why)
                hidden_ids.add(id(char))
                hidden_chars.append(char["text"])
        shown = page.filter(lambda obj, ids=hidden_ids: id(obj) not in ids) if hidden_ids else page
        texts.append(_page_text(shown))
        if hidden_chars:
            hidden.append("".join(hidden_chars))
        page.flush_cache()
    reason_list = sorted(reasons)
    text = strip_zero_width("\n".join(texts), reason_list)
    return Extraction(
        text=text, pages=count, hidden_text="\n".join(hidden), hidden_reasons=reason_list
    )
