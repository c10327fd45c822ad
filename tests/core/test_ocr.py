"""OCR of scanned PDFs: through the sandboxed workers, with per-page limits, without tesseract."""

import io
import os
import shutil
import stat
import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image

from core.config import Settings
from core.errors import EmptyText, ResumeRejected, TooManyPages
from core.parsing import ocr
from core.parsing.files import IncomingFile
from core.parsing.ocr import OcrOptions
from core.parsing.pipeline import parse_batch
from core.parsing.readers import read_document
from core.parsing.sandbox import Limits, WorkerPool
from tests import factories

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract-ocr is not installed"
)
REFERENCES = "REFERENCES\nDr Alice Keeping, Globex Corporation, alice.keeping@example.com\n"


def page_image(pdf: bytes, dpi: int = 200) -> Image.Image:
    """The first page of a PDF as a grayscale image, as a scanner would deliver it."""
    document = pdfium.PdfDocument(pdf)
    try:
        return document[0].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        document.close()


def image_pdf(*images: Image.Image, dpi: int = 200) -> bytes:
    """An image-only PDF, one page per image."""
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=list(images[1:]))
    return out.getvalue()


def scanned_resume() -> bytes:
    return image_pdf(page_image(factories.make_pdf()))


def mixed_pdf(white: str = "") -> bytes:
    """Page 1 text, page 2 a scanned resume, page 3 text (with white text if given)."""
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "COVER LETTER\nI am applying for the backend role at your company.")
    pdf.add_page()
    pdf.image(page_image(factories.make_pdf()), x=0, y=0, w=210, h=297)
    pdf.add_page()
    pdf.multi_cell(0, 6, REFERENCES)
    if white:
        pdf.set_text_color(255, 255, 255)
        pdf.multi_cell(0, 6, white)
    return bytes(pdf.output())


def fake_tesseract(folder: Path, script: str) -> None:
    """A ``tesseract`` program that runs ``script`` (argument 2 is the output file's base)."""
    folder.mkdir(exist_ok=True)
    program = folder / "tesseract"
    program.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)


@needs_tesseract
def test_scanned_resume_is_read_through_the_workers_and_flagged(pool, settings):
    [parsed] = parse_batch([IncomingFile("scan.pdf", scanned_resume())], pool, settings)
    assert not isinstance(parsed, ResumeRejected), parsed
    assert parsed.extraction.ocr is True
    assert "Acme Payments Ltd" in parsed.extraction.text
    assert parsed.resume.profile.name == "Jane Example"
    assert parsed.resume.profile.email == "jane.example@example.com"
    assert "ocr" in parsed.resume.warnings
    assert parsed.resume.profile.ocr is True


@needs_tesseract
def test_mixed_pdf_reads_each_page_its_own_way_in_page_order(pool):
    result = pool.extract("pdf", mixed_pdf(white="kubernetes terraform"), "mixed.pdf")
    assert result.ocr is True
    assert result.pages == 3
    text = result.text
    assert text.index("COVER LETTER") < text.index("Acme Payments") < text.index("REFERENCES")
    assert "alice.keeping@example.com" in text  # read from the text layer, exactly
    assert "terraform" not in text
    assert [span["page"] for span in result.hidden_spans] == [3]


@needs_tesseract
def test_image_with_a_few_characters_of_text_layer_is_read_by_ocr():
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(page_image(factories.make_pdf()), x=0, y=0, w=210, h=297)
    pdf.set_font("Helvetica", size=8)
    pdf.text(x=190, y=290, text="Page 1")
    result = read_document("pdf", bytes(pdf.output()), "photo.pdf", 50)
    assert result.ocr is True
    assert "Globex Corporation" in result.text


def test_text_pdf_is_not_read_by_ocr():
    result = read_document("pdf", factories.make_pdf(), "cv.pdf", 50)
    assert result.ocr is False


def test_only_pages_that_show_something_without_text_need_ocr():
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, factories.RESUME)
    pdf.add_page()  # blank: nothing to read
    pdf.add_page()
    pdf.image(Image.new("L", (400, 400), 128), x=10, y=10, w=100)
    document = pdfium.PdfDocument(bytes(pdf.output()))
    try:
        assert ocr.pages_needing_ocr(document) == [2]
    finally:
        document.close()


def test_a_huge_page_is_rendered_below_the_pixel_cap():
    document = pdfium.PdfDocument.new()
    try:
        document.new_page(14400, 14400)  # 200 x 200 inches, the largest page PDF allows
        image, dpi = ocr.render_page(document, 0)
    finally:
        document.close()
    assert image.width * image.height <= ocr.MAX_PIXELS
    assert dpi < ocr.DPI


def test_without_tesseract_a_scan_is_rejected_naming_the_package(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # the worker inherits a PATH without tesseract
    limits = Limits(timeout_s=20, memory_mb=768, max_pages=50)
    with WorkerPool(1, limits) as pool, pytest.raises(EmptyText) as caught:
        pool.extract("pdf", scanned_resume(), "scan.pdf")
    assert "install the tesseract-ocr package" in caught.value.reason
    assert "scanned" in caught.value.reason


def test_ocr_result_and_flag_cross_the_worker_boundary_after_the_deadline_grows(
    tmp_path, monkeypatch, settings
):
    text_file = tmp_path / "resume.txt"
    text_file.write_text(factories.RESUME, encoding="utf-8")
    fake_tesseract(tmp_path / "bin", f'sleep 2.5\ncp "{text_file}" "$2.txt"\n')
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    # reading takes longer than timeout_s: only the OCR budget lets it finish
    with WorkerPool(1, Limits(timeout_s=1.5, memory_mb=768, max_pages=50)) as pool:
        [parsed] = parse_batch([IncomingFile("scan.pdf", scanned_resume())], pool, settings)
    assert not isinstance(parsed, ResumeRejected), parsed
    assert parsed.extraction.ocr is True
    assert parsed.resume.profile.name == "Jane Example"
    assert "ocr" in parsed.resume.warnings


def test_a_page_over_its_ocr_time_limit_is_rejected_and_the_worker_goes_on(tmp_path, monkeypatch):
    fake_tesseract(tmp_path / "bin", "exec sleep 60\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    limits = Limits(timeout_s=20, memory_mb=768, max_pages=50, ocr=OcrOptions(page_timeout_s=1))
    with WorkerPool(1, limits) as pool:
        started = time.monotonic()
        with pytest.raises(ResumeRejected) as caught:
            pool.extract("pdf", scanned_resume(), "slow-scan.pdf")
        assert time.monotonic() - started < 10
        assert "timed out" in caught.value.reason
        assert "Jane Example" in pool.extract("pdf", factories.make_pdf(), "ok.pdf").text


def test_more_scanned_pages_than_the_cap_are_rejected():
    scan = image_pdf(page_image(factories.make_pdf()), page_image(factories.make_pdf()))
    with pytest.raises(TooManyPages) as caught:
        read_document("pdf", scan, "scan.pdf", 50, OcrOptions(max_pages=1))
    assert "too many scanned pages: 2" in caught.value.reason


def test_ocr_turned_off_rejects_a_scan_saying_so():
    with pytest.raises(EmptyText) as caught:
        read_document("pdf", scanned_resume(), "scan.pdf", 50, OcrOptions(max_pages=0))
    assert "OCR is turned off" in caught.value.reason


@pytest.mark.parametrize(
    ("raw", "tidied"),
    [
        ("jane.example @example.com | London", "jane.example@example.com | London"),
        ("alfred. pennyworth@ email.co.uk", "alfred.pennyworth@email.co.uk"),
        ("Worked at Acme. jane@example.com", "Worked at Acme. jane@example.com"),
        ("Python @ Google", "Python @ Google"),
        ("linkedin. com/in/jane-example", "linkedin.com/in/jane-example"),
        ("I like Go. Rust/C are fine", "I like Go. Rust/C are fine"),
        ("\ufb01nance o\ufb03ce\x0c", "finance office"),
    ],
)
def test_ocr_text_is_tidied(raw, tidied):
    assert ocr.tidy(raw) == tidied


def test_heading_bars_are_removed_but_dark_banners_kept():
    pixels = np.full((1000, 1000), 255, np.uint8)
    pixels[100:400, 50:950] = 0  # a dark banner (white text on it must survive)
    pixels[600:610, 50:950] = 90  # a gray heading bar, 10 px thick
    pixels[50:900, 980:983] = 0  # a vertical rule
    pixels[700:730, 100:130] = 0  # a letter-sized blob
    out = np.asarray(ocr.remove_rules(Image.fromarray(pixels), 300))
    assert (out[100:400, 50:950] == 0).all()
    assert (out[600:610, 50:950] == 255).all()
    assert (out[50:900, 980:983] == 255).all()
    assert (out[700:730, 100:130] == 0).all()


def test_settings_defaults_are_the_ocr_defaults():
    settings, options = Settings(), OcrOptions()
    assert settings.ocr_max_pages == options.max_pages
    assert settings.ocr_page_timeout_s == options.page_timeout_s
    assert settings.ocr_languages == options.languages


def test_a_pdf_with_text_on_every_page_is_not_checked_for_ocr(monkeypatch):
    from core.parsing import ocr, readers

    def unexpected(*args, **kwargs):
        raise AssertionError("text pages need no OCR check")

    monkeypatch.setattr(ocr, "pages_needing_ocr", unexpected)
    result = readers.read_document("pdf", factories.make_pdf(), "cv.pdf", 50)
    assert "Jane Example" in result.text and not result.ocr
    assert result.page_chars and min(result.page_chars) >= ocr.MIN_PAGE_CHARS
