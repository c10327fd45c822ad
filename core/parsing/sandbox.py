"""Text extraction of untrusted files in worker processes with a wall-clock and a memory limit.

pdfminer can loop or allocate without bound on hostile PDFs and a thread cannot be killed, so
files are read by separate worker processes (``core.parsing.worker``) under an address-space
limit. The parent waits at most ``timeout_s`` for each answer; a worker that overruns, dies or
answers nonsense is killed and replaced, and only its own file is rejected. ``WorkerPool`` keeps
``size`` workers so a batch uses every core.
"""

from __future__ import annotations

import dataclasses
import json
import os
import queue
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from core import errors
from core.errors import ParseCrashed, ParseTimeout, ResumeRejected
from core.parsing.extraction import MAX_SPAN_CHARS, MAX_SPANS, Extraction, capped
from core.parsing.files import Kind
from core.parsing.ocr import OcrOptions, budget_s

_ROOT = Path(__file__).resolve().parents[2]
_STARTUP_S = 60.0


@dataclass(frozen=True)
class Limits:
    """Resource limits for extraction.

    ``timeout_s`` bounds reading a file; a worker that announces OCR of ``n`` pages gets
    ``budget_s(n, limits.ocr)`` more, enough for every page to use its own OCR time limit, plus
    the time it took so far (a mixed PDF's text pages are read again). ``max_chars`` is the
    text the parser keeps (``TALENTFLOW_MAX_TEXT_CHARS``): the readers stop accumulating past
    it and a reply carries at most one character more, so a huge text never crosses the pipe.
    """

    timeout_s: float
    memory_mb: int
    max_pages: int
    ocr: OcrOptions = field(default_factory=OcrOptions)
    max_chars: int = 100_000

    @property
    def max_reply_bytes(self) -> int:
        """The largest reply frame accepted: the text and the hidden spans, each character
        escaped as JSON at worst (12 bytes for a surrogate pair), and room for the rest."""
        hidden = MAX_SPANS * MAX_SPAN_CHARS
        return 12 * (self.max_chars + 1 + hidden) + 1024 * 1024


class _Worker:
    """One worker process and its pipes."""

    def __init__(self, memory_mb: int) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_ROOT), env.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "core.parsing.worker", str(memory_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=_ROOT,
        )
        if self._read(time.monotonic() + _STARTUP_S).get("status") != "ready":
            raise RuntimeError("extraction worker failed to start")

    def _read_exact(self, size: int, deadline: float) -> bytes:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        chunks, remaining = [], size
        while remaining:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise TimeoutError
            chunk = os.read(fd, remaining)
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def _read(self, deadline: float, max_bytes: int = 1024 * 1024) -> dict:
        (size,) = struct.unpack(">I", self._read_exact(4, deadline))
        if size > max_bytes:  # the worker reads hostile files: it is not trusted to stay small
            raise ValueError("reply too large")
        reply = json.loads(self._read_exact(size, deadline))
        if not isinstance(reply, dict):
            raise ValueError("malformed reply")
        return reply

    def request(self, kind: Kind, data: bytes, filename: str, limits: Limits) -> dict:
        """The worker's final reply; TimeoutError carries the seconds that were allowed."""
        assert self.process.stdin is not None
        header = {
            "kind": kind,
            "filename": filename,
            "max_pages": limits.max_pages,
            "ocr": dataclasses.asdict(limits.ocr),
            "max_chars": limits.max_chars,
            "size": len(data),
        }
        encoded = json.dumps(header).encode()
        self.process.stdin.write(struct.pack(">I", len(encoded)) + encoded + data)
        self.process.stdin.flush()
        allowed = limits.timeout_s
        started = time.monotonic()
        try:
            reply = self._read(started + allowed, limits.max_reply_bytes)
            if reply.get("status") == "ocr":
                # OCR, then (in a mixed PDF) the text pages read once more: no slower than so far
                elapsed = time.monotonic() - started
                allowed = 2 * elapsed + budget_s(_ocr_pages(reply, limits), limits.ocr)
                reply = self._read(started + allowed, limits.max_reply_bytes)
        except TimeoutError:
            raise TimeoutError(allowed) from None
        if reply.get("status") == "ocr":
            raise ValueError("a second OCR announcement")
        return reply

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(5)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


def _ocr_pages(reply: dict, limits: Limits) -> int:
    """The page count of an OCR announcement, which must be within the OCR page cap."""
    pages = reply.get("pages")
    if not isinstance(pages, int) or not 1 <= pages <= limits.ocr.max_pages:
        raise ValueError("malformed OCR announcement")
    return pages


def _to_outcome(reply: dict, filename: str, max_chars: int) -> Extraction:
    if reply.get("status") == "ok":
        return capped(Extraction(**reply["extraction"]), max_chars)
    error_type = getattr(errors, str(reply.get("type")), None)
    if not (isinstance(error_type, type) and issubclass(error_type, ResumeRejected)):
        error_type = ResumeRejected
    if error_type is ParseTimeout:
        error_type = ResumeRejected
    raise error_type(filename, str(reply.get("reason") or "rejected"))


class WorkerPool:
    """A fixed number of extraction workers, each replaced when it fails."""

    def __init__(self, size: int, limits: Limits) -> None:
        self.size = size
        self.limits = limits
        self._idle: queue.SimpleQueue[_Worker | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        for _ in range(size):
            self._idle.put(None)  # started lazily, on first use

    def _new_worker(self) -> _Worker:
        worker = _Worker(self.limits.memory_mb)
        with self._lock:
            self._all.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)

    def extract(self, kind: Kind, data: bytes, filename: str) -> Extraction:
        """Visible text of one file.

        Raises:
            ResumeRejected: the reader's rejection, ``ParseTimeout`` or ``ParseCrashed``.
        """
        worker = self._idle.get() or self._new_worker()
        healthy = False
        try:
            reply = worker.request(kind, data, filename, self.limits)
            healthy = True
        except TimeoutError as e:
            allowed = e.args[0] if e.args else self.limits.timeout_s
            raise ParseTimeout(filename, round(allowed, 1)) from None
        except (EOFError, BrokenPipeError, ValueError, struct.error):
            raise ParseCrashed(
                filename, "too complex: reading it exceeded the memory limit or crashed the reader"
            ) from None
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                self._retire(worker)
                self._idle.put(None)
        return _to_outcome(reply, filename, self.limits.max_chars)

    def extract_many(
        self,
        items: Iterable[tuple[Kind, bytes, str]],
        on_done: Callable[[int], None] | None = None,
    ) -> Iterator[Extraction | ResumeRejected]:
        """Extract many files concurrently; yields results (or rejections) in input order."""

        def one(item: tuple[Kind, bytes, str]) -> Extraction | ResumeRejected:
            try:
                return self.extract(*item)
            except ResumeRejected as e:
                return e

        with ThreadPoolExecutor(max_workers=self.size, thread_name_prefix="extract") as pool:
            for index, outcome in enumerate(pool.map(one, items)):
                if on_done is not None:
                    on_done(index)
                yield outcome

    def close(self) -> None:
        """Stop every worker; the pool starts new ones if it is used again."""
        with self._lock:
            workers, self._all = list(self._all), []
            while not self._idle.empty():
                self._idle.get_nowait()
            for _ in range(self.size):
                self._idle.put(None)
        for worker in workers:
            worker.kill()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
