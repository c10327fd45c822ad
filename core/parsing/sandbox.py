"""Text extraction of untrusted files in child processes with a wall-clock and a memory limit.

pdfminer can loop or allocate without bound on hostile PDFs and a thread cannot be killed, so
every file is read in a process of its own, forked from a fork server that already imported the
readers (a fork costs milliseconds). The parent waits at most ``timeout`` seconds, then kills it.
``extract_many`` keeps ``workers`` such processes busy so a batch uses every core.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection

from core.errors import ParseCrashed, ParseTimeout, ResumeRejected
from core.parsing.extraction import Extraction
from core.parsing.files import Kind

_CONTEXT = mp.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["core.parsing.readers"])


@dataclass(frozen=True)
class Limits:
    """Resource limits for one extraction."""

    timeout_s: float
    memory_mb: int
    max_pages: int


def _child(conn: Connection, kind: Kind, data: bytes, filename: str, limits: Limits) -> None:
    limit = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from core.parsing.readers import read_document

    try:
        result: Extraction | ResumeRejected = read_document(kind, data, filename, limits.max_pages)
    except ResumeRejected as e:
        result = e
    except MemoryError:
        result = ParseCrashed(filename, "too complex: reading it exceeded the memory limit")
    conn.send(result)
    conn.close()


def extract_isolated(kind: Kind, data: bytes, filename: str, limits: Limits) -> Extraction:
    """Read one file in a child process under ``limits``.

    Raises:
        ResumeRejected: the reader's own rejection, ``ParseTimeout`` or ``ParseCrashed``.
    """
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(
        target=_child, args=(sender, kind, data, filename, limits), daemon=True
    )
    process.start()
    sender.close()
    try:
        if not receiver.poll(limits.timeout_s):
            raise ParseTimeout(filename, limits.timeout_s)
        try:
            result = receiver.recv()
        except EOFError:
            raise ParseCrashed(
                filename, "too complex: reading it exceeded the memory limit or crashed"
            ) from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()
    if isinstance(result, ResumeRejected):
        raise result
    return result


Outcome = Extraction | ResumeRejected


def extract_many(
    items: Iterable[tuple[Kind, bytes, str]],
    limits: Limits,
    workers: int,
    on_done: Callable[[int], None] | None = None,
) -> Iterator[Outcome]:
    """Extract many files, ``workers`` at a time; yields results (or rejections) in input order."""

    def one(item: tuple[Kind, bytes, str]) -> Outcome:
        kind, data, filename = item
        try:
            return extract_isolated(kind, data, filename, limits)
        except ResumeRejected as e:
            return e

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="extract") as pool:
        for index, outcome in enumerate(pool.map(one, items)):
            if on_done is not None:
                on_done(index)
            yield outcome
