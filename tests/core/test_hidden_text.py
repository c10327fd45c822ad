"""Hidden text judged by what a person sees: generated attacks are caught, designed resumes are not.

Every document here is generated: PDFs with fpdf2, DOCX with python-docx. The slow test at the end
measures the flag rate on the public resume sets beside the repository.
"""

from __future__ import annotations

import importlib.util
import io
from collections.abc import Callable
from pathlib import Path

import docx
import numpy as np
import pytest
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import parse_xml
from docx.shared import Inches, Pt, RGBColor
from fpdf import FPDF
from fpdf.enums import TextMode
from fpdf.pattern import LinearGradient
from PIL import Image

from core.parsing import visibility_pdf
from core.parsing.extraction import ZERO_WIDTH_REASON, strip_invisible
from core.parsing.files import IncomingFile
from core.parsing.readers import read_document
from core.parsing.visibility import HIDDEN_DELTA_E, delta_e
from core.services import candidates
from core.services.ingest import ingest_files
from tests import factories

SECRET = "kubernetes terraform"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _pdf(draw: Callable[[FPDF], None], text: str = factories.RESUME) -> bytes:
    """A resume on one page, then ``draw`` adds what the case is about."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.set_y(60)
    for line in text.splitlines():
        pdf.multi_cell(0, 5, line or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    draw(pdf)
    return bytes(pdf.output())


def _image(pixels: np.ndarray) -> Image.Image:
    return Image.fromarray(pixels.astype(np.uint8), "RGB")


def _noise(seed: int = 7) -> Image.Image:
    """A photo-like image: smooth dark-to-mid tones with grain."""
    rng = np.random.default_rng(seed)
    base = np.linspace(40, 150, 200)[None, :, None] + rng.normal(0, 25, (80, 200, 3))
    return _image(np.clip(base, 0, 255))


def _white_text(pdf: FPDF, x: float, y: float, text: str = SECRET, rgb: tuple = (255,) * 3) -> None:
    pdf.set_text_color(*rgb)
    pdf.set_font("Helvetica", "B", 16)
    pdf.text(x=x, y=y, text=text)
    pdf.set_font("Helvetica", size=10)
    pdf.set_text_color(0, 0, 0)


def white_on_white(pdf: FPDF) -> None:
    _white_text(pdf, 20, 280)


def near_white_on_white(pdf: FPDF) -> None:
    _white_text(pdf, 20, 280, rgb=(250, 250, 250))


def white_on_white_image(pdf: FPDF) -> None:
    pdf.image(_image(np.full((40, 200, 3), 255)), x=15, y=265, w=150, h=25)
    _white_text(pdf, 20, 280)


def black_on_black_shape(pdf: FPDF) -> None:
    pdf.set_fill_color(0, 0, 0)
    pdf.rect(15, 268, 150, 18, style="F")
    _white_text(pdf, 20, 280, rgb=(0, 0, 0))


def under_a_shape(pdf: FPDF) -> None:
    _white_text(pdf, 20, 280, rgb=(0, 0, 0))
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(15, 268, 150, 18, style="F")


def under_an_image(pdf: FPDF) -> None:
    _white_text(pdf, 20, 280, rgb=(0, 0, 0))
    pdf.image(_image(np.full((40, 200, 3), 255)), x=15, y=265, w=150, h=25)


def tiny(pdf: FPDF) -> None:
    pdf.set_font("Helvetica", size=2)
    pdf.text(x=20, y=280, text=SECRET)


def off_page(pdf: FPDF) -> None:
    pdf.text(x=-400, y=100, text=SECRET)


def _mode(mode: TextMode) -> Callable[[FPDF], None]:
    def draw(pdf: FPDF) -> None:
        pdf.text_mode = mode
        pdf.text(x=20, y=280, text=SECRET)
        pdf.text_mode = TextMode.FILL

    return draw


PDF_ATTACKS = [
    (white_on_white, "same colour as the background"),
    (near_white_on_white, "same colour as the background"),
    (white_on_white_image, "same colour as the background"),
    (black_on_black_shape, "same colour as the background"),
    (under_a_shape, "covered by a shape"),
    (under_an_image, "covered by a shape"),
    (tiny, "tiny text"),
    (off_page, "outside the page"),
    (_mode(TextMode.INVISIBLE), "invisible render mode"),
    (_mode(TextMode.CLIP), "invisible render mode"),
]


@pytest.mark.parametrize(("draw", "reason"), PDF_ATTACKS, ids=[d.__name__ for d, _ in PDF_ATTACKS])
def test_pdf_attack_is_caught(draw, reason):
    result = read_document("pdf", _pdf(draw), "cv.pdf", 50)
    assert "terraform" not in result.text.lower()
    assert "Acme Payments Ltd" in result.text
    assert result.hidden_reasons == [reason]
    assert result.hidden_spans == [{"text": SECRET, "reason": reason, "page": 1}]
    assert result.hidden_text == SECRET


def name_on_banner(pdf: FPDF) -> None:
    pdf.set_fill_color(31, 78, 121)
    pdf.rect(0, 0, 210, 40, style="F")
    _white_text(pdf, 20, 25, "Jane Example Kubernetes")


def name_on_light_banner(pdf: FPDF) -> None:
    pdf.set_fill_color(255, 196, 0)
    pdf.rect(0, 0, 210, 40, style="F")
    _white_text(pdf, 20, 25, "Jane Example Kubernetes")


def dark_sidebar(pdf: FPDF) -> None:
    pdf.set_fill_color(40, 44, 52)
    pdf.rect(150, 0, 60, 297, style="F")
    pdf.set_text_color(220, 220, 220)
    for i, skill in enumerate(["Kubernetes", "Terraform", "Python"]):
        pdf.text(x=155, y=30 + 8 * i, text=skill)


def over_a_photo(pdf: FPDF) -> None:
    pdf.image(_noise(), x=0, y=0, w=210, h=45)
    _white_text(pdf, 20, 25, "Jane Example Kubernetes")


def over_a_gradient(pdf: FPDF) -> None:
    gradient = LinearGradient(0, 0, 210, 0, [(20, 60, 120), (120, 40, 140)])
    with pdf.use_pattern(gradient):
        pdf.rect(0, 0, 210, 45, style="F")
    _white_text(pdf, 20, 25, "Jane Example Kubernetes")


def over_a_gradient_image(pdf: FPDF) -> None:
    ramp = np.linspace(10, 200, 300)[None, :, None].repeat(60, axis=0).repeat(3, axis=2)
    pdf.image(_image(ramp), x=0, y=0, w=210, h=45)
    _white_text(pdf, 20, 25, "Jane Example Kubernetes", rgb=(250, 250, 250))


def coloured_headings(pdf: FPDF) -> None:
    for i, (rgb, text) in enumerate([((200, 30, 30), "EXPERIENCE"), ((30, 90, 200), "SKILLS")]):
        pdf.set_text_color(*rgb)
        pdf.text(x=20, y=20 + 8 * i, text=text)
    pdf.set_text_color(170, 170, 170)
    pdf.text(x=20, y=40, text="2019 - 2024 Kubernetes")


def icons_on_circles(pdf: FPDF) -> None:
    pdf.set_fill_color(0, 120, 160)
    pdf.ellipse(18, 14, 8, 8, style="F")
    pdf.set_font("zapfdingbats", size=10)
    pdf.set_text_color(255, 255, 255)
    pdf.text(x=19.5, y=20, text="(")
    pdf.set_font("Helvetica", size=10)
    pdf.set_text_color(0, 0, 0)
    pdf.text(x=30, y=20, text="+44 20 7946 0958 Kubernetes")


def translucent_highlight(pdf: FPDF) -> None:
    pdf.text(x=20, y=280, text="Kubernetes")
    with pdf.local_context(fill_opacity=0.3):
        pdf.set_fill_color(255, 230, 0)
        pdf.rect(18, 275, 40, 8, style="F")


PDF_DESIGNS = [
    name_on_banner,
    name_on_light_banner,
    dark_sidebar,
    over_a_photo,
    over_a_gradient,
    over_a_gradient_image,
    coloured_headings,
    icons_on_circles,
    translucent_highlight,
]


@pytest.mark.parametrize("draw", PDF_DESIGNS, ids=[d.__name__ for d in PDF_DESIGNS])
def test_pdf_design_is_not_flagged(draw):
    result = read_document("pdf", _pdf(draw), "cv.pdf", 50)
    assert result.hidden_reasons == []
    assert result.hidden_spans == []
    assert "Kubernetes" in result.text


def test_a_stray_hidden_initial_is_left_out_without_a_flag():
    result = read_document("pdf", _pdf(lambda pdf: _white_text(pdf, 20, 280, "QZ")), "cv.pdf", 50)
    assert "QZ" not in result.text
    assert result.hidden_reasons == [] and result.hidden_spans == []


def test_plain_pdf_is_never_rendered(monkeypatch):
    rendered: list[int] = []
    original = visibility_pdf.PageRenderer.render

    def counting(self, index, page):
        rendered.append(index)
        return original(self, index, page)

    monkeypatch.setattr(visibility_pdf.PageRenderer, "render", counting)
    read_document("pdf", _pdf(coloured_headings), "cv.pdf", 50)
    assert rendered == []
    read_document("pdf", _pdf(white_on_white), "cv.pdf", 50)
    assert rendered == [0]


def test_hidden_spans_keep_page_and_order():
    def draw(pdf: FPDF) -> None:
        white_on_white(pdf)
        pdf.add_page()
        tiny(pdf)

    result = read_document("pdf", _pdf(draw), "cv.pdf", 50)
    assert result.hidden_spans == [
        {"text": SECRET, "reason": "same colour as the background", "page": 1},
        {"text": SECRET, "reason": "tiny text", "page": 2},
    ]
    assert result.hidden_reasons == ["same colour as the background", "tiny text"]


def test_colour_rule_threshold_separates_white_from_light_grey():
    assert delta_e((1, 1, 1), (250 / 255,) * 3) < HIDDEN_DELTA_E
    assert delta_e((1, 1, 1), (0.82,) * 3) > 2 * HIDDEN_DELTA_E
    assert delta_e((1, 1, 1), (1.0, 196 / 255, 0.0)) > 2 * HIDDEN_DELTA_E


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


def test_zero_width_message_in_a_docx_is_flagged():
    def build(document) -> None:
        document.add_paragraph(f"Skills: Python{_stego('kubernetes')}")

    result = read_document("docx", _docx(build), "cv.docx", 50)
    assert result.hidden_reasons == [ZERO_WIDTH_REASON]
    assert "Skills: Python" in result.text


def test_ingest_stores_every_hidden_span_and_flags_only_the_attack(ctx):
    outcomes = ingest_files(
        ctx,
        [
            IncomingFile("stuffed.pdf", _pdf(under_a_shape)),
            IncomingFile(
                "designed.pdf",
                _pdf(over_a_photo, factories.resume_text("Ann Other", "ann@example.com")),
            ),
        ],
    )
    stuffed, designed = (candidates.candidate_detail(ctx, o.candidate_id) for o in outcomes)
    assert stuffed.current.hidden_reasons == [
        {"text": SECRET, "reason": "covered by a shape", "page": 1}
    ]
    assert stuffed.current.hidden_text == SECRET
    assert "hidden_text" in stuffed.candidate.warnings
    assert designed.current.hidden_reasons == [] and designed.current.hidden_text == ""
    assert "hidden_text" not in designed.candidate.warnings


def _measure_module():
    path = Path(__file__).resolve().parents[2] / "scripts" / "measure_hidden_text.py"
    spec = importlib.util.spec_from_file_location("measure_hidden_text", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_public_resumes_are_rarely_flagged(shared_data):
    measure = _measure_module()
    paths = (
        measure.design_files("resume_templates")
        + measure.design_files("resume_layouts")
        + measure.category_files(200)
    )
    report = measure.measure(paths)
    assert report["read"] >= 200
    assert report["flag_rate"] <= 0.005, report["flagged_files"]
