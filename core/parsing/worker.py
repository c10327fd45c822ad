"""The extraction worker process: reads files from the parent, answers with their visible text.

Started by ``sandbox.WorkerPool`` as ``python -m core.parsing.worker MEMORY_MB``. Frames on
stdin/stdout are a 4-byte big-endian length followed by a JSON header (requests carry the file
bytes after it). Replies are JSON, never pickle: the parent does not trust this process, which
reads hostile files. Before OCR the worker sends one interim ``{"status": "ocr", "pages": n}``
frame; the final reply follows it.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import resource
import struct
import sys
from collections.abc import Callable
from typing import BinaryIO

from core.errors import ResumeRejected


def read_exact(stream: BinaryIO, size: int) -> bytes:
    """Exactly ``size`` bytes, or EOFError."""
    chunks, remaining = [], size
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def write_frame(stream: BinaryIO, payload: bytes) -> None:
    """One length-prefixed frame."""
    stream.write(struct.pack(">I", len(payload)) + payload)
    stream.flush()


def handle(header: dict, data: bytes, notify: Callable[[dict], None] | None = None) -> dict:
    """Extract one file and describe the outcome as JSON-ready data.

    ``notify`` sends an interim message to the parent: ``{"status": "ocr", "pages": n}`` just
    before OCR starts, so that the parent allows OCR its own time budget.
    """
    from core.parsing.ocr import OcrOptions
    from core.parsing.readers import read_document

    def on_ocr(pages: int) -> None:
        if notify is not None:
            notify({"status": "ocr", "pages": pages})

    try:
        result = read_document(
            header["kind"],
            data,
            header["filename"],
            header["max_pages"],
            OcrOptions(**header.get("ocr", {})),
            on_ocr,
            header.get("max_chars"),
        )
    except ResumeRejected as e:
        return {"status": "rejected", "type": type(e).__name__, "reason": e.reason}
    except MemoryError:
        return {
            "status": "rejected",
            "type": "ParseCrashed",
            "reason": "too complex: reading it exceeded the memory limit",
        }
    return {"status": "ok", "extraction": dataclasses.asdict(result)}


def serve(memory_mb: int) -> None:
    """Answer requests until stdin closes."""
    logging.disable(logging.WARNING)  # pdfminer's debug calls cost ~6% of extraction time
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # a library's print() must not corrupt the protocol
    source = sys.stdin.buffer
    import core.parsing.readers  # noqa: F401  (pay the import once, before the first file)

    write_frame(out, b'{"status": "ready"}')
    while True:
        try:
            (size,) = struct.unpack(">I", read_exact(source, 4))
            header = json.loads(read_exact(source, size))
            data = read_exact(source, header["size"])
        except EOFError:
            return
        reply = handle(header, data, lambda message: write_frame(out, json.dumps(message).encode()))
        write_frame(out, json.dumps(reply).encode())


if __name__ == "__main__":
    serve(int(sys.argv[1]))
