"""Plain text -> text, with the encoding detected by charset-normalizer."""

from __future__ import annotations

from charset_normalizer import from_bytes

from core.errors import UnsupportedFile
from core.parsing.extraction import Extraction, finish, strip_invisible


def read_txt(data: bytes, filename: str) -> Extraction:
    """Decode a text file (UTF-8 first, then the best detected encoding).

    Raises:
        UnsupportedFile: the bytes are not text in any known encoding.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise UnsupportedFile(filename, "not a text file: the encoding is unknown") from None
        text = str(best)
    text, spans = strip_invisible(text.replace("\r\n", "\n").replace("\r", "\n"))
    return finish(text, 1, spans)
