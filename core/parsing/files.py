"""Admission of untrusted files: safe display names, extension allow-list, magic bytes, size cap."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from core.errors import EmptyText, FileTooLarge, UnsupportedFile

Kind = Literal["pdf", "docx", "txt"]

ALLOWED_EXTENSIONS: dict[str, Kind] = {".pdf": "pdf", ".docx": "docx", ".txt": "txt"}
_MAX_NAME = 120
_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


@dataclass(frozen=True)
class IncomingFile:
    """A file as received: the user's name for it (display text only) and its bytes."""

    name: str
    data: bytes


def safe_filename(name: str) -> str:
    """A display-safe file name: no directories, control characters or NULs, at most 120 characters.

    The name is only ever shown to people; stored files are named by their content hash.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_CHARS.sub("_", name).strip(" .")
    if not name:
        return "unnamed"
    if len(name) > _MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:10] if dot else ""
        keep = _MAX_NAME - len(ext) - 2
        name = f"{(stem or name)[:keep]}…" + (f".{ext}" if ext else "")
    return name


def extension_of(name: str) -> str:
    """The lower-cased extension of a file name, with its dot ('' if none)."""
    base = safe_filename(name)
    return "." + base.rsplit(".", 1)[1].lower() if "." in base else ""


def sniff_kind(filename: str, data: bytes, max_bytes: int) -> Kind:
    """Decide the format from extension *and* content, or raise ``ResumeRejected``.

    Args:
        filename: The user's file name (display text only).
        data: The file's bytes.
        max_bytes: The size cap.
    """
    kind = ALLOWED_EXTENSIONS.get(extension_of(filename))
    if kind is None:
        raise UnsupportedFile(filename, "not a resume format: only PDF, DOCX and TXT are accepted")
    if len(data) > max_bytes:
        raise FileTooLarge(
            filename, f"too large: {len(data) / 1e6:.1f} MB, the limit is {max_bytes / 1e6:.1f} MB"
        )
    if not data:
        raise EmptyText(filename, "empty file: it contains no bytes")
    if kind == "pdf" and b"%PDF-" not in data[:1024]:
        raise UnsupportedFile(filename, "not a PDF: the file has a .pdf name but other content")
    if kind == "docx" and not data.startswith(b"PK\x03\x04"):
        raise UnsupportedFile(filename, "not a DOCX: the file has a .docx name but other content")
    if kind == "txt" and (data.startswith((b"%PDF-", b"PK\x03\x04")) or _looks_binary(data)):
        raise UnsupportedFile(filename, "not a text file: the content is binary")
    return kind


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 with a byte-order mark legitimately holds NULs
    return b"\x00" in head
