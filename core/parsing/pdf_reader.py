"""PDF -> visible text with pdfplumber: hidden-text filtering and two-column reading order.

What counts as hidden is described in ``visibility_pdf.py`` and docs/hidden-text.md.

Runs inside the extraction sandbox (see ``sandbox.py``): it may hang or blow up on hostile input.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from functools import partial
from typing import Any

import pdfplumber
from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.page import ALL_ATTRS, Page
from pdfplumber.utils.exceptions import PdfminerException

from core.errors import CorruptFile, EncryptedFile, TooManyPages
from core.parsing.extraction import INVISIBLE_RUN, Extraction, finish, span, strip_invisible
from core.parsing.visibility import MIN_FONT_SIZE
from core.parsing.visibility_pdf import DRAW_ORDER, PageRenderer, judge

INVISIBLE_RENDER_MODES = {3, 7}
TINY = "tiny text"
OUTSIDE = "outside the page"
INVISIBLE_MODE = "invisible render mode"

logging.getLogger("pdfminer").setLevel(logging.ERROR)

Char = dict[str, Any]


def _stamp(objs: list[Any], start: int, **attrs: Any) -> None:
    for obj in objs[start:]:
        obj.draw_order = next(DRAW_ORDER)
        for name, value in attrs.items():
            setattr(obj, name, value)


def _install_hooks() -> None:
    """Record the text render mode (``Tr``) and the drawing order on every object.

    pdfminer knows the render mode while drawing a string but does not keep it on the character,
    and invisible text (modes 3 and 7) is the classic way to hide keywords in a resume. The order
    in which text, shapes and images are drawn tells what lies under and over each glyph.
    """
    if getattr(PDFTextDevice, "_talentflow_hooked", False):
        return
    render_string = PDFTextDevice.render_string
    paint_path = PDFLayoutAnalyzer.paint_path
    render_image = PDFLayoutAnalyzer.render_image

    def hooked_string(self: Any, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
        item = getattr(self, "cur_item", None)
        start = len(item._objs) if item is not None else 0
        render_string(self, textstate, seq, ncs, graphicstate)
        if item is not None:
            _stamp(item._objs, start, render_mode=textstate.render)

    def hooked_path(self: Any, *args: Any) -> None:
        start = len(self.cur_item._objs)
        paint_path(self, *args)
        _stamp(self.cur_item._objs, start)

    def hooked_image(self: Any, *args: Any) -> None:
        start = len(self.cur_item._objs)
        render_image(self, *args)
        _stamp(self.cur_item._objs, start)

    PDFTextDevice.render_string = hooked_string  # type: ignore[method-assign]
    PDFLayoutAnalyzer.paint_path = hooked_path  # type: ignore[method-assign,assignment]
    PDFLayoutAnalyzer.render_image = hooked_image  # type: ignore[method-assign,assignment]
    PDFTextDevice._talentflow_hooked = True  # type: ignore[attr-defined]
    ALL_ATTRS.update({"render_mode", "draw_order"})


_install_hooks()


def quick_reason(char: Char, page: Page) -> str | None:
    """Why a glyph is hidden without looking at the page: render mode, size or position."""
    if char.get("render_mode") in INVISIBLE_RENDER_MODES:
        return INVISIBLE_MODE
    if float(char.get("size") or 0) < MIN_FONT_SIZE:
        return TINY
    x0, top, x1, bottom = page.cropbox
    if char["x1"] <= x0 or char["x0"] >= x1 or char["bottom"] <= top or char["top"] >= bottom:
        return OUTSIDE
    return None


def _draws_nothing(char: Char) -> bool:
    return not char["text"].strip() or INVISIBLE_RUN.fullmatch(char["text"]) is not None


def hidden_glyphs(page: Page, index: int, renderer: PageRenderer) -> dict[int, str]:
    """Reason by position in ``page.chars`` for every glyph a reader cannot see."""
    chars = page.chars
    reasons: dict[int, str] = {}
    rest: list[int] = []
    for i, char in enumerate(chars):
        if _draws_nothing(char):
            continue  # blanks show nothing; invisible characters have a rule of their own
        why = quick_reason(char, page)
        if why:
            reasons[i] = why
        else:
            rest.append(i)
    for j, why in judge(renderer, index, page, [chars[i] for i in rest]):
        reasons[rest[j]] = why
    return reasons


def hidden_runs(chars: list[Char], reasons: dict[int, str], page: int) -> list[dict[str, Any]]:
    """Contiguous runs of hidden glyphs with one reason; blanks between them join a run."""
    spans: list[dict[str, Any]] = []
    run: list[Char] = []
    reason = ""

    def close() -> None:
        text = INVISIBLE_RUN.sub("", pdfplumber.utils.extract_text(run)).strip() if run else ""
        if text:
            spans.append(span(text, reason, page))

    for i, char in enumerate(chars):
        why = reasons.get(i)
        if why is None and run and _draws_nothing(char):
            run.append(char)
            continue
        if why != reason or why is None:
            close()
            run, reason = [], why or ""
        if why is not None:
            run.append(char)
    close()
    return spans


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
        page.filter(partial(region, part=part)).extract_text() or ""
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
            renderer = PageRenderer(data)
            try:
                return _read_pages(pdf.pages, renderer)
            finally:
                renderer.close()
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


def _kept(hidden_ids: set[int], obj: Char) -> bool:
    return id(obj) not in hidden_ids


def _read_pages(pages: Iterable[Page], renderer: PageRenderer) -> Extraction:
    texts: list[str] = []
    spans: list[dict[str, Any]] = []
    page_chars: list[int] = []
    count = 0
    for index, page in enumerate(pages):
        count += 1
        reasons = hidden_glyphs(page, index, renderer)
        chars = page.chars
        spans += hidden_runs(chars, reasons, index + 1)
        hidden_ids = {id(chars[i]) for i in reasons}
        shown = page.filter(partial(_kept, hidden_ids)) if hidden_ids else page
        # a soft hyphen in a PDF is a drawn hyphen (TeX maps its hyphen glyph to U+00AD)
        page_text = _page_text(shown).replace("\u00ad", "-")
        text, invisible = strip_invisible(page_text, index + 1)
        texts.append(text)
        page_chars.append(sum(not c.isspace() for c in text))
        spans += invisible
        page.flush_cache()
    return finish("\n".join(texts), count, spans, page_chars)
