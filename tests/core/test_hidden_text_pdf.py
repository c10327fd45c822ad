"""Hidden text in PDFs judged by what a person sees: generated attacks are caught, designed
resumes are not, and the flag rate on the public resume sets stays low (slow test).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from fpdf import FPDF
from fpdf.enums import TextMode
from fpdf.pattern import LinearGradient
from PIL import Image

from core.parsing import visibility_pdf
from core.parsing.files import IncomingFile
from core.parsing.readers import read_document
from core.parsing.visibility import HIDDEN_DELTA_E, delta_e
from core.services import candidates
from core.services.ingest import ingest_files
from tests import factories

SECRET = "kubernetes terraform"


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
        actor="cli",
    )
    stuffed, designed = (
        candidates.candidate_detail(ctx, o.candidate_id, actor="cli") for o in outcomes
    )
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
