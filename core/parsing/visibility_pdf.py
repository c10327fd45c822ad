"""Which PDF glyphs a person can see, judged from the rendered page where the vectors cannot tell.

Two steps keep this cheap. First a vector test on pdfplumber's objects marks a glyph *suspect*
when its colour is close to what is drawn under it (the last filled shape below it, or white
paper), when an image is under it, when its colour is a pattern, or when a filled shape or an
image is drawn after it over its box. Only pages with a suspect glyph are rendered, at
``RENDER_DPI``, twice with pypdfium2: as printed, and with every text object switched to the
invisible render mode (the page with no text). A suspect glyph is visible when, inside the core
of its box, the two renders differ by at least ``HIDDEN_DELTA_E`` (the glyph changed what a
reader sees). Otherwise it is hidden: "same colour as the background" when its own colour
matches the text-free pixels, else "covered by a shape" (it would show, but something opaque was
drawn over it). If a page cannot be rendered or mapped, suspects stay visible: no render, no
accusation.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pypdfium2  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

from core.parsing.visibility import (
    HIDDEN_DELTA_E,
    SUSPECT_DELTA_E,
    WHITE,
    FloatArray,
    pdf_color_to_rgb,
    to_lab,
)

RENDER_DPI = 72
CHUNK = 256
SAME_COLOUR = "same colour as the background"
COVERED = "covered by a shape"
DRAW_ORDER = itertools.count()

Char = dict[str, Any]


@dataclass(frozen=True)
class Renders:
    """A page rendered with and without its text (8-bit RGB), and how to map points to pixels."""

    printed: npt.NDArray[np.uint8]
    bare: npt.NDArray[np.uint8]
    origin: tuple[float, float]
    scale: float


def ink(char: Char) -> tuple[float, float, float] | None:
    """The colour a glyph paints with: its stroke colour in stroke-only modes, else its fill."""
    stroke_only = char.get("render_mode") in (1, 5)
    return pdf_color_to_rgb(char.get("stroking_color" if stroke_only else "non_stroking_color"))


def core_box(char: Char) -> tuple[float, float, float, float]:
    """The middle of a glyph's box, where its strokes are and its neighbours' are not."""
    width, height = char["x1"] - char["x0"], char["bottom"] - char["top"]
    return (
        char["x0"] + 0.15 * width,
        char["top"] + 0.25 * height,
        char["x1"] - 0.15 * width,
        char["bottom"] - 0.2 * height,
    )


def _shapes(page: Any) -> tuple[FloatArray, list[tuple[float, float, float] | None], FloatArray]:
    """Boxes, colours (None for images and patterns) and draw order of what can hide text."""
    boxes: list[tuple[float, float, float, float]] = []
    colours: list[tuple[float, float, float] | None] = []
    orders: list[float] = []
    filled = [o for o in itertools.chain(page.rects, page.curves) if o.get("fill")]
    for obj in itertools.chain(filled, page.images):
        boxes.append((obj["x0"], obj["top"], obj["x1"], obj["bottom"]))
        is_image = obj.get("object_type") == "image"
        colours.append(None if is_image else pdf_color_to_rgb(obj.get("non_stroking_color")))
        orders.append(float(obj.get("draw_order", -1)))
    return np.array(boxes, dtype=np.float64).reshape(-1, 4), colours, np.array(orders)


def _rgb_array(colours: Sequence[tuple[float, float, float] | None]) -> FloatArray:
    """Colours as an (n, 3) array, NaN where a colour is unknown."""
    nan = (np.nan, np.nan, np.nan)
    return np.array([c if c is not None else nan for c in colours], dtype=np.float64).reshape(-1, 3)


def _layers(
    cores: FloatArray, char_orders: FloatArray, boxes: FloatArray, orders: FloatArray
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.intp]]:
    """Per glyph: whether a shape is drawn over it, and the last shape under it (-1: none)."""
    overlap = (
        (boxes[None, :, 0] < cores[:, None, 2])
        & (boxes[None, :, 2] > cores[:, None, 0])
        & (boxes[None, :, 1] < cores[:, None, 3])
        & (boxes[None, :, 3] > cores[:, None, 1])
    )
    later = orders[None, :] > char_orders[:, None]
    covered = np.asarray((overlap & later & (char_orders[:, None] >= 0)).any(axis=1))
    below = np.where(overlap & ~later, orders[None, :], -2.0)
    under = np.where(below.max(axis=1) > -2, below.argmax(axis=1), -1)
    return covered, under


def suspects(page: Any, chars: Sequence[Char]) -> dict[int, bool]:
    """Glyphs whose visibility needs the rendered page, each with whether a shape is over it."""
    if not chars:
        return {}
    boxes, colours, orders = _shapes(page)
    cores = np.array([core_box(c) for c in chars], dtype=np.float64)
    char_orders = np.array([float(c.get("draw_order", -1)) for c in chars])
    covered = np.zeros(len(chars), dtype=bool)
    backgrounds = np.tile(np.array(WHITE), (len(chars), 1))
    if len(orders):
        shape_rgb = _rgb_array(colours)
        for start in range(0, len(chars), CHUNK):  # bounds memory on pages with many shapes
            part = slice(start, start + CHUNK)
            covered[part], under = _layers(cores[part], char_orders[part], boxes, orders)
            backgrounds[part][under >= 0] = shape_rgb[under[under >= 0]]
    inks = to_lab(_rgb_array([ink(c) for c in chars]))
    distance = np.linalg.norm(inks - to_lab(backgrounds), axis=1)
    close = ~(distance >= SUSPECT_DELTA_E)  # NaN (a pattern or an image) counts as close
    return {int(i): bool(covered[i]) for i in np.flatnonzero(close | covered)}


class PageRenderer:
    """Renders pages of one PDF on demand; the document is opened only if a page needs it."""

    def __init__(self, data: bytes, dpi: int = RENDER_DPI) -> None:
        self._data = data
        self._scale = dpi / 72
        self._doc: pypdfium2.PdfDocument | None = None

    def render(self, index: int, page: Any) -> Renders | None:
        """The page printed and without text, or None when it cannot be rendered or mapped."""
        try:
            if self._doc is None:
                self._doc = pypdfium2.PdfDocument(self._data)
            pdf_page = self._doc[index]
        except (pypdfium2.PdfiumError, IndexError):
            return None
        try:
            printed = pdf_page.render(scale=self._scale).to_numpy()
            for obj in pdf_page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=8):
                pdfium_c.FPDFTextObj_SetTextRenderMode(
                    obj.raw, pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
                )
            bare = pdf_page.render(scale=self._scale).to_numpy()
        except pypdfium2.PdfiumError:
            return None
        finally:
            pdf_page.close()
        height, width = printed.shape[:2]
        x0, top, x1, bottom = (float(v) for v in page.cropbox)
        scale_x, scale_y = width / (x1 - x0), height / (bottom - top)
        if printed.ndim != 3 or abs(scale_x - scale_y) > 0.02 * scale_x:
            return None  # a rotation or box the two libraries disagree on: do not guess
        return Renders(
            printed=printed[..., :3], bare=bare[..., :3], origin=(x0, top), scale=scale_x
        )

    def close(self) -> None:
        """Release the pdfium document."""
        if self._doc is not None:
            self._doc.close()
            self._doc = None


def pixel_box(renders: Renders, char: Char) -> tuple[slice, slice] | None:
    """The rows and columns of the rendered page under a glyph's core box."""
    x0, top, x1, bottom = core_box(char)
    ox, oy = renders.origin
    s = renders.scale
    height, width = renders.bare.shape[:2]
    col0, col1 = int((x0 - ox) * s), int(np.ceil((x1 - ox) * s))
    row0, row1 = int((top - oy) * s), int(np.ceil((bottom - oy) * s))
    col0, row0 = max(col0, 0), max(row0, 0)
    col1, row1 = min(max(col1, col0 + 1), width), min(max(row1, row0 + 1), height)
    if col0 >= col1 or row0 >= row1:
        return None
    return slice(row0, row1), slice(col0, col1)


def rendered_reason(renders: Renders, char: Char, under_shape: bool) -> str | None:
    """Why a suspect glyph is hidden on the rendered page, or None if a reader sees it.

    A glyph whose colour stands out from the text-free page yet changes no pixel is only called
    covered when a shape or image is drawn over it; otherwise the evidence disagrees (say, a box
    pdfminer placed wrongly) and nobody is accused.
    """
    box = pixel_box(renders, char)
    if box is None:
        return None
    printed_rgb, bare_rgb = renders.printed[box], renders.bare[box]
    if int(np.abs(printed_rgb.astype(np.int16) - bare_rgb).max()) > 64:
        return None  # a large change in one channel is always visible; skip the colour maths
    printed, bare = to_lab(printed_rgb / 255.0), to_lab(bare_rgb / 255.0)
    if float(np.linalg.norm(printed - bare, axis=-1).max()) >= HIDDEN_DELTA_E:
        return None
    char_ink = ink(char)
    if char_ink is None:
        return SAME_COLOUR
    behind = np.median(bare.reshape(-1, 3), axis=0)
    ink_lab = to_lab(np.array(char_ink, dtype=np.float64))
    if float(np.linalg.norm(ink_lab - behind)) < HIDDEN_DELTA_E:
        return SAME_COLOUR
    return COVERED if under_shape else None


def judge(
    renderer: PageRenderer, index: int, page: Any, chars: Sequence[Char]
) -> Iterator[tuple[int, str]]:
    """``(char index, reason)`` for every hidden glyph among the suspects of one page."""
    candidates = suspects(page, chars)
    if not candidates:
        return
    renders = renderer.render(index, page)
    if renders is None:
        return
    for i, under_shape in candidates.items():
        why = rendered_reason(renders, chars[i], under_shape)
        if why is not None:
            yield i, why
