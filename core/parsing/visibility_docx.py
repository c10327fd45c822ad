"""Which Word runs a person can see: ``w:vanish``, tiny size, and colour against what is behind.

A run's colour, size and vanish flag come from the run, then its character style, then the
paragraph style (each with its ``basedOn`` chain), then the document defaults. What lies behind a
run is the first of: its highlight, its shading, the paragraph's shading, the shading of each
enclosing table cell and table (innermost first), the page colour, white paper. Theme colours
(``w:themeColor``, ``w:themeFill`` with tint and shade) are read from the document's theme.
"auto" text is never hidden: Word draws it black or white, whichever contrasts. The colour rule
itself (ΔE below ``HIDDEN_DELTA_E``) is in ``visibility.py``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import numpy as np
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from PIL import Image

from core.parsing.visibility import (
    MIN_FONT_SIZE,
    RGB,
    WHITE,
    hex_to_rgb,
    hidden_by_colour,
    mix,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
V = "{urn:schemas-microsoft-com:vml}"
EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
SCHEME_SLOTS = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
VANISH = "hidden (vanish) in Word"
SAME_COLOUR = "same colour as the background"
TINY = "tiny text"
OFF = {"0", "false", "off", "none"}
THEME_SLOTS = {
    "dark1": "dk1",
    "light1": "lt1",
    "dark2": "dk2",
    "light2": "lt2",
    "text1": "dk1",
    "background1": "lt1",
    "text2": "dk2",
    "background2": "lt2",
    "hyperlink": "hlink",
    "followedHyperlink": "folHlink",
}
HIGHLIGHTS = {
    "black": "000000",
    "blue": "0000FF",
    "cyan": "00FFFF",
    "green": "00FF00",
    "magenta": "FF00FF",
    "red": "FF0000",
    "yellow": "FFFF00",
    "white": "FFFFFF",
    "darkBlue": "000080",
    "darkCyan": "008080",
    "darkGreen": "008000",
    "darkMagenta": "800080",
    "darkRed": "800000",
    "darkYellow": "808000",
    "darkGray": "808080",
    "lightGray": "C0C0C0",
}

Element = Any


class WordLook:
    """The styles, theme and page colour of one document, to judge its runs."""

    def __init__(self, document: Document) -> None:
        styles = document.styles.element
        self._styles: dict[str, Element] = {
            s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId")
        }
        default = [
            s
            for s in styles.iter(f"{W}style")
            if s.get(f"{W}type") == "paragraph" and s.get(f"{W}default") in ("1", "true")
        ]
        self._default_paragraph = default[0].get(f"{W}styleId") if default else None
        self._defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self._theme = _theme_colours(document)
        page = document.element.find(f"{W}background")
        self._page = self.colour(page, "color", "themeColor") if page is not None else None
        self._backdrops: list[RGB | None] | None = None
        self._stories: list[tuple[Element, Any]] = [(document.element, document.part)]
        for section in document.sections:
            for story in (section.header, section.first_page_header, section.footer):
                if not story.is_linked_to_previous:
                    self._stories.append((story._element, story.part))

    def colour(self, element: Element, attr: str, theme_attr: str) -> RGB | None:
        """An element's colour attribute (hex or theme), or None for "auto" or no colour."""
        theme = element.get(f"{W}{theme_attr}")
        if theme and THEME_SLOTS.get(theme, theme) in self._theme:
            base = self._theme[THEME_SLOTS.get(theme, theme)]
            prefix = "theme" if theme_attr == "themeColor" else theme_attr
            tint, shade = element.get(f"{W}{prefix}Tint"), element.get(f"{W}{prefix}Shade")
            if tint and (t := hex_to_byte(tint)) is not None:
                base = mix(WHITE, base, t)
            if shade and (s := hex_to_byte(shade)) is not None:
                base = mix((0.0, 0.0, 0.0), base, s)
            return base
        value = element.get(f"{W}{attr}")
        return hex_to_rgb(value) if value else None

    def _chain(self, style_id: str | None) -> list[Element]:
        found: list[Element] = []
        while style_id and style_id in self._styles and len(found) < 20:
            style = self._styles[style_id]
            found.append(style)
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return found

    def run_property(self, run: Run, paragraph: Paragraph, tag: str) -> Element | None:
        """The effective ``w:rPr`` child ``tag`` of a run, following Word's inheritance."""
        r_pr = run._r.find(f"{W}rPr")
        places: list[Element] = [r_pr] if r_pr is not None else []
        if r_pr is not None and (r_style := r_pr.find(f"{W}rStyle")) is not None:
            places += [s.find(f"{W}rPr") for s in self._chain(r_style.get(f"{W}val"))]
        places += [
            s.find(f"{W}rPr")
            for s in self._chain(_paragraph_style(paragraph) or self._default_paragraph)
        ]
        places.append(self._defaults)
        for place in places:
            if place is not None and (found := place.find(f"{W}{tag}")) is not None:
                return found
        return None

    def paragraph_shading(self, paragraph: Paragraph) -> Element | None:
        """The paragraph's own shading, else its style's."""
        p_pr = paragraph._p.find(f"{W}pPr")
        places = [p_pr] if p_pr is not None else []
        places += [
            s.find(f"{W}pPr")
            for s in self._chain(_paragraph_style(paragraph) or self._default_paragraph)
        ]
        for place in places:
            if place is not None and (found := place.find(f"{W}shd")) is not None:
                return found
        return None

    def shading(self, shd: Element | None) -> RGB | None:
        """The colour a ``w:shd`` paints, or None when it is transparent."""
        if shd is None or shd.get(f"{W}val") == "nil":
            return None
        pattern = shd.get(f"{W}val") or "clear"
        fill = self.colour(shd, "fill", "themeFill")
        ink = self.colour(shd, "color", "themeColor") or (0.0, 0.0, 0.0)
        if pattern == "solid":
            return ink
        if pattern.startswith("pct") and pattern[3:].isdigit():
            return mix(fill or WHITE, ink, int(pattern[3:]) / 100)
        return fill

    def background(self, run: Run, paragraph: Paragraph) -> RGB | None:
        """What lies behind a run: highlight, shading, cell and table fills, page, paper.

        None when a table style may paint the cell (its conditional shading is not resolved).
        """
        highlight = self.run_property(run, paragraph, "highlight")
        if highlight is not None and highlight.get(f"{W}val") in HIGHLIGHTS:
            return hex_to_rgb(HIGHLIGHTS[highlight.get(f"{W}val")]) or WHITE
        layers = [self.run_property(run, paragraph, "shd"), self.paragraph_shading(paragraph)]
        for layer in layers:
            if (painted := self.shading(layer)) is not None:
                return painted
        for ancestor in paragraph._p.iterancestors(f"{W}tc", f"{W}tbl"):
            props = ancestor.find(f"{W}tcPr" if ancestor.tag == f"{W}tc" else f"{W}tblPr")
            shd = props.find(f"{W}shd") if props is not None else None
            if (painted := self.shading(shd)) is not None:
                return painted
            if ancestor.tag == f"{W}tbl" and self._style_paints(props):
                return None
        return self._page or WHITE

    def _style_paints(self, table_props: Element | None) -> bool:
        """Whether a table's style shades any cell in a colour other than white."""
        style = table_props.find(f"{W}tblStyle") if table_props is not None else None
        chain = self._chain(style.get(f"{W}val")) if style is not None else []
        return any(
            (painted := self.shading(shd)) is not None and painted != WHITE
            for s in chain
            for shd in s.iter(f"{W}shd")
        )

    def backdrops(self) -> list[RGB | None]:
        """Colours of the floating pictures and shapes text may sit on (None: unknown).

        Gathered over the body and every header and footer: a banner picture in the header lies
        under the first lines of the body. Without layout, any of them may be under any run.
        """
        if self._backdrops is None:
            self._backdrops = [
                colour
                for root, part in self._stories
                for colour in self._find_backdrops(root, part)
            ]
        return self._backdrops

    def _find_backdrops(self, root: Element, part: Any) -> Iterator[RGB | None]:
        for anchor in root.iter(f"{WP}anchor"):
            if anchor.get("behindDoc") in ("1", "true") or anchor.find(f"{WP}wrapNone") is not None:
                yield self._drawing_colour(anchor, part)
        for shape in root.iter(f"{V}rect", f"{V}roundrect", f"{V}shape", f"{V}oval"):
            if shape.get("filled") not in ("f", "false"):
                yield hex_to_rgb((shape.get("fillcolor") or "").lstrip("#")[:6])

    def _drawing_colour(self, anchor: Element, part: Any) -> RGB | None:
        blip = anchor.find(f".//{A}blip")
        if blip is not None:
            return picture_colour(part, blip.get(EMBED) or "")
        fill = anchor.find(f".//{A}solidFill")
        if fill is None or len(fill) == 0:
            return None
        colour = fill[0]
        if colour.tag == f"{A}schemeClr":
            slot = colour.get("val") or ""
            return self._theme.get(SCHEME_SLOTS.get(slot, slot))
        return hex_to_rgb(colour.get("val") or "")

    def reason(self, run: Run, paragraph: Paragraph) -> str | None:
        """Why a run is hidden from a reader, or None if it is visible."""
        vanish = self.run_property(run, paragraph, "vanish")
        if vanish is not None and vanish.get(f"{W}val", "true") not in OFF:
            return VANISH
        size = self.run_property(run, paragraph, "sz")
        half_points = size.get(f"{W}val") if size is not None else None
        if half_points and half_points.isdigit() and int(half_points) / 2 < MIN_FONT_SIZE:
            return TINY
        color = self.run_property(run, paragraph, "color")
        ink = self.colour(color, "val", "themeColor") if color is not None else None
        if ink is None:
            return None
        background = self.background(run, paragraph)
        if background is None or not hidden_by_colour([ink], background):
            return None
        if any(b is None or not hidden_by_colour([ink], b) for b in self.backdrops()):
            return None  # it may sit on a picture or shape that shows it
        return SAME_COLOUR


def picture_colour(part: Any, rel_id: str) -> RGB | None:
    """The average colour of an embedded picture, or None if it cannot be read."""
    try:
        blob = part.related_parts[rel_id].blob
        with Image.open(io.BytesIO(blob)) as image:
            image.draft("RGB", (64, 64))
            pixels = np.asarray(image.convert("RGB").resize((16, 16)), dtype=np.float64)
    except (KeyError, AttributeError, OSError, ValueError, Image.DecompressionBombError):
        return None
    mean = pixels.reshape(-1, 3).mean(axis=0) / 255
    return (float(mean[0]), float(mean[1]), float(mean[2]))


def hex_to_byte(value: str) -> float | None:
    """A theme tint or shade (``"BF"``) as a share in [0, 1]."""
    try:
        return int(value, 16) / 255
    except ValueError:
        return None


def _paragraph_style(paragraph: Paragraph) -> str | None:
    p_style = paragraph._p.find(f"{W}pPr/{W}pStyle")
    return p_style.get(f"{W}val") if p_style is not None else None


def _theme_colours(document: Document) -> dict[str, RGB]:
    """Theme slot (``dk1``, ``accent1``…) -> colour, from the document's theme part."""
    colours: dict[str, RGB] = {}
    for rel in document.part.rels.values():
        if rel.reltype != RELATIONSHIP_TYPE.THEME or rel.is_external:
            continue
        scheme = parse_xml(rel.target_part.blob).find(f".//{A}clrScheme")
        for slot in scheme if scheme is not None else []:
            for colour in slot:
                value = colour.get("val") if colour.tag == f"{A}srgbClr" else colour.get("lastClr")
                rgb = hex_to_rgb(value or "")
                if rgb is not None:
                    colours[slot.tag.removeprefix(A)] = rgb
    return colours
