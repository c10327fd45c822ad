import pytest

from core.errors import EmptyText, FileTooLarge, UnsupportedFile
from core.parsing.files import safe_filename, sniff_kind


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\x\\cv.docx", "cv.docx"),
        ("evil\x00name.pdf", "evil_name.pdf"),
        ("", "unnamed"),
        ("...", "unnamed"),
    ],
)
def test_safe_filename_strips_paths_and_control_characters(raw, expected):
    assert safe_filename(raw) == expected


def test_safe_filename_caps_length_and_keeps_extension():
    name = safe_filename("a" * 300 + ".pdf")
    assert len(name) <= 120
    assert name.endswith(".pdf")


def test_sniff_accepts_each_format():
    assert sniff_kind("a.pdf", b"%PDF-1.7 ...", 100) == "pdf"
    assert sniff_kind("a.DOCX", b"PK\x03\x04rest", 100) == "docx"
    assert sniff_kind("a.txt", "héllo".encode(), 100) == "txt"
    assert sniff_kind("a.txt", "hi".encode("utf-16"), 100) == "txt"


@pytest.mark.parametrize(
    ("name", "data", "error", "words"),
    [
        ("a.exe", b"MZ", UnsupportedFile, "not a resume format"),
        ("a.pdf", b"MZ not a pdf", UnsupportedFile, "not a PDF"),
        ("a.docx", b"%PDF-1.4", UnsupportedFile, "not a DOCX"),
        ("a.txt", b"\x00\x01\x02", UnsupportedFile, "binary"),
        ("a.txt", b"", EmptyText, "empty"),
        ("a.pdf", b"%PDF-" + b"x" * 200, FileTooLarge, "too large"),
    ],
)
def test_sniff_rejects_with_a_plain_reason(name, data, error, words):
    with pytest.raises(error) as caught:
        sniff_kind(name, data, 100)
    assert words in caught.value.reason
