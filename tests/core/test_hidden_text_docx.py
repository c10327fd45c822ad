"""Hidden text in DOCX files: run colour against highlight, shading, cell fill and pictures;
vanish and tiny runs; zero-width messages. Every document is generated with python-docx.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import docx
import numpy as np
import pytest
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import parse_xml
from docx.shared import Inches, Pt, RGBColor
from PIL import Image

from core.parsing.extraction import ZERO_WIDTH_REASON, strip_invisible
from core.parsing.readers import read_document
from tests import factories

SECRET = "kubernetes terraform"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _image(pixels: np.ndarray) -> Image.Image:
    return Image.fromarray(pixels.astype(np.uint8), "RGB")


def _docx(build: Callable[[docx.document.Document], None]) -> bytes:
    document = docx.Document()
    for line in factories.RESUME.splitlines():
        document.add_paragraph(line)
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _shade(element, fill: str, **theme: str) -> None:
    extra = " ".join(f'w:{k}="{v}"' for k, v in theme.items())
    element.append(
        parse_xml(f'<w:shd {W_NS} w:val="clear" w:color="auto" w:fill="{fill}" {extra}/>')
    )


def _cell_with(document, fill: str | None, colour: RGBColor | None, text: str = SECRET):
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    if fill:
        _shade(cell._tc.get_or_add_tcPr(), fill)
    run = cell.paragraphs[0].add_run(text)
    if colour is not None:
        run.font.color.rgb = colour
    return run


def docx_vanish(document) -> None:
    document.add_paragraph().add_run(SECRET).font.hidden = True


def docx_vanish_by_style(document) -> None:
    style = document.styles.add_style("Quiet", 1)
    style.font.hidden = True
    document.add_paragraph(SECRET, style="Quiet")


def docx_white(document) -> None:
    document.add_paragraph().add_run(SECRET).font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def docx_white_in_white_cell(document) -> None:
    _cell_with(document, "FFFFFF", RGBColor(0xFF, 0xFF, 0xFF))


def docx_theme_white(document) -> None:
    run = document.add_paragraph().add_run(SECRET)
    run._r.get_or_add_rPr().append(
        parse_xml(f'<w:color {W_NS} w:val="FFFFFF" w:themeColor="background1"/>')
    )


def docx_colour_of_shading(document) -> None:
    paragraph = document.add_paragraph()
    _shade(paragraph._p.get_or_add_pPr(), "1F4E79")
    paragraph.add_run(SECRET).font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)


def _floating_picture(document, rgb: tuple[int, int, int], paragraph=None) -> None:
    """A full-width picture anchored behind the text, as Word banners are."""
    run = (paragraph or document.paragraphs[0]).add_run()
    picture = io.BytesIO()
    _image(np.full((20, 200, 3), rgb)).save(picture, format="PNG")
    inline = run.add_picture(picture, width=Inches(6))._inline
    anchor = parse_xml(
        '<wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
        'wordprocessingDrawing" behindDoc="1" simplePos="0" relativeHeight="0" locked="0" '
        'layoutInCell="1" allowOverlap="1" distT="0" distB="0" distL="0" distR="0">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page"><wp:posOffset>0'
        '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="page"><wp:posOffset>0'
        '</wp:posOffset></wp:positionV><wp:extent cx="5486400" cy="548640"/><wp:wrapNone/>'
        '<wp:docPr id="9" name="Banner"/></wp:anchor>'
    )
    anchor.append(inline.graphic)
    inline.getparent().replace(inline, anchor)


def docx_white_over_white_picture(document) -> None:
    _floating_picture(document, (255, 255, 255))
    docx_white(document)


def docx_white_in_unshaded_cell(document) -> None:
    _cell_with(document, None, RGBColor(0xFF, 0xFF, 0xFF))


def docx_tiny(document) -> None:
    document.add_paragraph().add_run(SECRET).font.size = Pt(1)


DOCX_ATTACKS = [
    (docx_vanish, "hidden (vanish) in Word"),
    (docx_vanish_by_style, "hidden (vanish) in Word"),
    (docx_white, "same colour as the background"),
    (docx_white_in_white_cell, "same colour as the background"),
    (docx_white_in_unshaded_cell, "same colour as the background"),
    (docx_white_over_white_picture, "same colour as the background"),
    (docx_theme_white, "same colour as the background"),
    (docx_colour_of_shading, "same colour as the background"),
    (docx_tiny, "tiny text"),
]


@pytest.mark.parametrize(
    ("build", "reason"), DOCX_ATTACKS, ids=[b.__name__ for b, _ in DOCX_ATTACKS]
)
def test_docx_attack_is_caught(build, reason):
    result = read_document("docx", _docx(build), "cv.docx", 50)
    assert "terraform" not in result.text.lower()
    assert "Jane Example" in result.text
    assert result.hidden_reasons == [reason]
    assert result.hidden_spans == [{"text": SECRET, "reason": reason, "page": 1}]


def docx_white_in_dark_cell(document) -> None:
    _cell_with(document, "1F4E79", RGBColor(0xFF, 0xFF, 0xFF), "Kubernetes")


def docx_white_on_run_shading(document) -> None:
    run = document.add_paragraph().add_run("Kubernetes")
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    _shade(run._r.get_or_add_rPr(), "C00000")


def docx_white_on_highlight(document) -> None:
    run = document.add_paragraph().add_run("Kubernetes")
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    run.font.highlight_color = WD_COLOR_INDEX.DARK_BLUE


def docx_theme_white_on_theme_fill(document) -> None:
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    _shade(cell._tc.get_or_add_tcPr(), "4472C4", themeFill="accent1")
    run = cell.paragraphs[0].add_run("Kubernetes")
    run._r.get_or_add_rPr().append(
        parse_xml(f'<w:color {W_NS} w:val="FFFFFF" w:themeColor="background1"/>')
    )


def docx_white_over_dark_picture(document) -> None:
    _floating_picture(document, (31, 78, 121))
    document.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    document.paragraphs[0].add_run(" Kubernetes").font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def docx_white_over_header_banner(document) -> None:
    _floating_picture(document, (120, 30, 60), document.sections[0].header.paragraphs[0])
    document.add_paragraph().add_run("Kubernetes").font.color.rgb = RGBColor(255, 255, 255)


def docx_white_in_table_style_header(document) -> None:
    table = document.add_table(rows=2, cols=1)
    table.style = "Medium Shading 1 Accent 1"
    table.cell(0, 0).paragraphs[0].add_run("Kubernetes").font.color.rgb = RGBColor(255, 255, 255)


def docx_zero_width_leftovers(document) -> None:
    document.add_paragraph("\ufeffKuber\u200bnetes, Ter\u00adraform\u200b \u2060")


DOCX_DESIGNS = [
    docx_white_in_dark_cell,
    docx_white_on_run_shading,
    docx_white_on_highlight,
    docx_theme_white_on_theme_fill,
    docx_white_over_dark_picture,
    docx_white_over_header_banner,
    docx_white_in_table_style_header,
    docx_zero_width_leftovers,
]


@pytest.mark.parametrize("build", DOCX_DESIGNS, ids=[b.__name__ for b in DOCX_DESIGNS])
def test_docx_design_is_not_flagged(build):
    result = read_document("docx", _docx(build), "cv.docx", 50)
    assert result.hidden_reasons == []
    assert "Kubernetes" in result.text


def _stego(message: str) -> str:
    """The binary zero-width encoding used by text steganography tools (0 = ZWSP, 1 = ZWNJ)."""
    bits = "".join(f"{b:08b}" for b in message.encode())
    return "".join("\u200b" if bit == "0" else "\u200c" for bit in bits)


def test_zero_width_message_in_a_docx_is_flagged():
    def build(document) -> None:
        document.add_paragraph(f"Skills: Python{_stego('kubernetes')}")

    result = read_document("docx", _docx(build), "cv.docx", 50)
    assert result.hidden_reasons == [ZERO_WIDTH_REASON]
    assert "Skills: Python" in result.text


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("Jane\u200b Example, Py\u200bthon", None),
        ("\ufeffSummary\u00ad\u200d\u2060 line", None),
        (f"Python{_stego('kubernetes')} developer", "80 invisible characters"),
        ("Python" + "".join(chr(0xE0000 + ord(c)) for c in "hire me") + " dev", "hire me"),
        ("Flag \U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", None),
    ],
    ids=["split-word", "editor-leftovers", "zero-width-message", "tag-characters", "emoji-flag"],
)
def test_invisible_characters_flag_only_when_they_hide_words(text, hidden):
    cleaned, spans = strip_invisible(text)
    assert "\u200b" not in cleaned and "\u200c" not in cleaned
    if hidden is None:
        assert spans == []
    else:
        assert len(spans) == 1 and spans[0]["reason"] == ZERO_WIDTH_REASON
        assert spans[0]["text"].startswith(hidden)
