"""Format readers, run in-process: visible text, hidden text, layouts, unsafe archives."""

import pytest

from core.errors import CorruptFile, EmptyText, EncryptedFile, TooManyPages, UnsafeFile
from core.parsing.readers import read_document
from tests import factories


def test_pdf_text_is_extracted():
    result = read_document("pdf", factories.make_pdf(), "cv.pdf", 50)
    assert "Jane Example" in result.text
    assert "Acme Payments Ltd" in result.text
    assert result.pages == 1
    assert result.hidden_reasons == []


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"white": "kubernetes terraform"}, "same colour as the background"),
        ({"tiny": "kubernetes terraform"}, "tiny text"),
        ({"invisible": "kubernetes terraform"}, "invisible render mode"),
        ({"off_page": "kubernetes terraform"}, "outside the page"),
    ],
)
def test_pdf_hidden_text_is_excluded(kwargs, reason):
    result = read_document("pdf", factories.make_pdf(**kwargs), "cv.pdf", 50)
    assert "terraform" not in result.text.lower()
    assert "terraform" in result.hidden_text.lower()
    assert reason in result.hidden_reasons


def test_zero_width_leftovers_are_removed_silently():
    text = factories.RESUME.replace("Python", "Py\u200bthon").replace("SUMMARY", "\ufeffSUMMARY")
    result = read_document("txt", text.encode(), "cv.txt", 50)
    assert "\u200b" not in result.text and "\ufeff" not in result.text
    assert "Python" in result.text
    assert result.hidden_reasons == []


def test_zero_width_run_hiding_a_message_is_reported():
    message = "".join("\u200b" if bit == "0" else "\u200c" for bit in f"{ord('k'):08b}" * 4)
    text = factories.RESUME.replace("Python", f"Python{message}", 1)
    result = read_document("txt", text.encode(), "cv.txt", 50)
    assert "\u200c" not in result.text
    assert result.hidden_reasons == ["zero-width characters hiding words"]


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"vanish": "terraform ansible"}, "hidden (vanish) in Word"),
        ({"white": "terraform ansible"}, "same colour as the background"),
        ({"tiny": "terraform ansible"}, "tiny text"),
    ],
)
def test_docx_hidden_runs_are_excluded(kwargs, reason):
    result = read_document("docx", factories.make_docx(**kwargs), "cv.docx", 50)
    assert "terraform" not in result.text.lower()
    assert "Jane Example" in result.text
    assert reason in result.hidden_reasons


def test_two_column_pdf_reads_column_by_column(shared_data):
    path = shared_data / "resume_layouts/resume_matcher/two-column.pdf"
    text = read_document("pdf", path.read_bytes(), "two-column.pdf", 50).text
    summary = text.index("Senior Software Engineer with 5+ years")
    assert "native infrastructure" in text[summary : summary + 300]
    assert "UC Berkeley" not in text[summary : summary + 300]


def test_txt_in_latin1_is_decoded():
    data = "Jos\xe9 Garc\xeda\nIngeniero de software con experiencia en Python".encode("latin-1")
    assert "José García" in read_document("txt", data, "cv.txt", 50).text


@pytest.mark.parametrize(
    ("kind", "data", "error"),
    [
        ("pdf", factories.encrypted_pdf(), EncryptedFile),
        ("pdf", factories.make_pdf()[:400], CorruptFile),
        ("pdf", factories.circular_pdf(), (CorruptFile, EmptyText)),
        ("pdf", factories.scanned_pdf(), EmptyText),
        ("pdf", factories.make_pdf(pages=3), TooManyPages),
        ("docx", factories.docx_with_dtd(), UnsafeFile),
        ("docx", b"PK\x03\x04 broken", CorruptFile),
    ],
)
def test_bad_documents_are_rejected(kind, data, error):
    with pytest.raises(error):
        read_document(kind, data, "bad", 2)


def test_docx_zip_bomb_is_refused_before_inflating():
    with pytest.raises(UnsafeFile) as caught:
        read_document("docx", factories.docx_zip_bomb(), "bomb.docx", 50)
    assert "zip bomb" in caught.value.reason


def test_scanned_pdf_says_why():
    with pytest.raises(EmptyText) as caught:
        read_document("pdf", factories.scanned_pdf(), "scan.pdf", 50)
    assert "scanned" in caught.value.reason
