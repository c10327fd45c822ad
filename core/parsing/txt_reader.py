"""Plain text -> text, with the encoding detected by charset-normalizer.

With a cap on the text (``max_chars``) only the bytes that can hold it are decoded: a 10 MB file
of one repeated word costs what its first few hundred kilobytes cost.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from core.errors import UnsupportedFile
from core.parsing.extraction import Extraction, finish, reading_budget, strip_invisible

BYTES_PER_CHAR = 4  # the most UTF-8 (or any encoding charset-normalizer detects) spends on one


def read_txt(data: bytes, filename: str, max_chars: int | None = None) -> Extraction:
    """Decode a text file (UTF-8 first, then the best detected encoding); with ``max_chars``,
    only the first bytes that can hold twice that many characters are read.

    Raises:
        UnsupportedFile: the bytes are not text in any known encoding.
    """
    budget = reading_budget(max_chars)
    whole = budget is None or len(data) <= BYTES_PER_CHAR * budget
    head = data if whole or budget is None else data[: BYTES_PER_CHAR * budget]
    try:
        # incremental: a multi-byte character cut at the end of the head is not an error
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=whole)
    except UnicodeDecodeError:
        best = from_bytes(head).best()
        if best is None:
            raise UnsupportedFile(filename, "not a text file: the encoding is unknown") from None
        text = str(best)
    if budget is not None:
        text = text[:budget]
    text, spans = strip_invisible(text.replace("\r\n", "\n").replace("\r", "\n"))
    return finish(text, 1, spans)
