"""Expand uploaded .zip files into their resume files, refusing zip bombs and nested archives.

Nothing the zip's directory declares is trusted. The declared sizes are checked first only to
refuse an honest bomb without reading it; then every entry is read through a stream, one
``READ_PIECE`` at a time, with running counters for the entry (its size and its ratio to its
compressed size), for the zip and for the whole upload (``Budget``, shared by every file and
zip of one upload), and reading stops as soon as one of them crosses its limit. An entry over a
limit is rejected with the reason; the other entries and files of the upload go on, except that
once the zip's or the upload's total is crossed the rest of that zip (or upload) is rejected
unread.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from core.errors import CorruptFile, FileTooLarge, ResumeRejected, UnsafeFile, UnsupportedFile
from core.parsing.files import ALLOWED_EXTENSIONS, IncomingFile, extension_of, safe_filename

MAX_RATIO = 200  # expanded bytes per compressed byte of one entry
MB = 1024 * 1024  # the settings' MB
READ_PIECE = MB  # bytes decompressed at a time: what one step may overshoot a limit by
_ZIP_ERRORS = (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, zlib.error, EOFError)


@dataclass
class Budget:
    """What one upload may still amount to once its zips are expanded: bytes and files.

    Shared by every file and zip of one upload and counted down as entries are read, so that
    several zips in one upload cannot add up to more than one upload may hold.
    """

    bytes_left: int
    files_left: int
    limit_mb: float
    limit_files: int
    crossed: str | None = None  # once the total is crossed, the rest of the upload is not read

    def full(self) -> str | None:
        """Why no further file fits (checked before one is read), or None."""
        if self.crossed:
            return self.crossed
        if self.files_left <= 0:
            return (
                f"too many files in one upload (the limit is {self.limit_files}): "
                "this file and the rest were not read, upload them separately"
            )
        return None

    def take(self, size: int) -> str | None:
        """Count a file of ``size`` bytes; or why it does not fit (then nothing is counted)."""
        if size > self.bytes_left:
            self.crossed = (
                f"the upload as a whole expands to more than {self.limit_mb:g} MB: "
                "this file and the rest were not read, upload them separately"
            )
            return self.crossed
        self.files_left -= 1
        self.bytes_left -= size
        return None


def _entries(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The entries that are files of their own: no folders, hidden files or macOS metadata."""
    return [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and not info.filename.startswith("__MACOSX/")
        and not safe_filename(info.filename).startswith(".")
    ]


def count_files(upload: IncomingFile, max_files: int) -> int:
    """How many outcomes an upload makes: one for a file, one per entry for a zip (one for a
    zip that is unreadable or has more than ``max_files`` entries, as it is rejected whole).
    Reads only the zip's directory."""
    if extension_of(upload.name) != ".zip":
        return 1
    try:
        with zipfile.ZipFile(io.BytesIO(upload.data)) as archive:
            entries = len(_entries(archive))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return 1
    return entries if 0 < entries <= max_files else 1


def expand_zip(
    upload: IncomingFile,
    *,
    max_files: int,
    max_file_bytes: int,
    max_total_bytes: int,
    budget: Budget | None = None,
) -> Iterator[IncomingFile | ResumeRejected]:
    """The files inside a zip, each either read or already rejected with its reason, one at a
    time (so a caller can store each before the next is read).

    Folders, hidden files and ``__MACOSX`` metadata are skipped; nested zips are not opened.

    Raises:
        CorruptFile: not a readable zip (before anything is yielded).
        UnsafeFile: too many entries or too much declared data in total (likewise).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as e:
        raise CorruptFile(upload.name, "corrupt: not a readable zip archive") from e
    entries = _entries(archive)
    if len(entries) > max_files:
        archive.close()
        raise UnsafeFile(upload.name, f"too many files: {len(entries)}, the limit is {max_files}")
    declared = sum(info.file_size for info in entries)
    if declared > max_total_bytes:
        archive.close()
        raise UnsafeFile(
            upload.name, f"unsafe: the zip would expand to {declared / 1e6:.0f} MB (zip bomb?)"
        )
    budget = budget or Budget(max_total_bytes, max_files, max_total_bytes / MB, max_files)
    return _expand(archive, entries, upload, max_file_bytes, max_total_bytes, budget)


def _expand(
    archive: zipfile.ZipFile,
    entries: list[zipfile.ZipInfo],
    upload: IncomingFile,
    max_file_bytes: int,
    max_total_bytes: int,
    budget: Budget,
) -> Iterator[IncomingFile | ResumeRejected]:
    zip_left = max_total_bytes
    stopped: str | None = None  # once a total is crossed, why the rest is not read
    with archive:
        for info in entries:
            name = f"{safe_filename(upload.name)}/{safe_filename(info.filename)}"
            early = _declared_rejection(info, name, max_file_bytes)
            stopped = stopped or (None if early else budget.full())
            if stopped or early:
                yield early or UnsafeFile(name, stopped or "")
                continue
            # a lying directory cannot take more than the whole zip's bytes of compressed input
            compressed = max(1, min(info.compress_size, len(upload.data)))
            cap = min(max_file_bytes, MAX_RATIO * compressed, zip_left, budget.bytes_left) + 1
            data = _read(archive, info, cap)
            if data is None:
                yield CorruptFile(name, "corrupt: the zip entry is damaged or encrypted")
            elif len(data) > max_file_bytes:
                yield FileTooLarge(name, f"too large: over {_mb(max_file_bytes)} MB once expanded")
            elif len(data) > MAX_RATIO * compressed:
                yield UnsafeFile(name, "unsafe: compressed like a zip bomb")
            elif len(data) > zip_left:
                stopped = (
                    f"unsafe: the zip expands to more than {_mb(max_total_bytes)} MB "
                    "(zip bomb?): this file and the rest of the zip were not read"
                )
                yield UnsafeFile(name, stopped)
            elif (over := budget.take(len(data))) is not None:
                stopped = over
                yield UnsafeFile(name, over)
            else:
                zip_left -= len(data)
                yield IncomingFile(name, data)


def _mb(size: int) -> str:
    """A limit in the MB the settings are written in."""
    return f"{size / MB:.1f}".removesuffix(".0")


def _declared_rejection(
    info: zipfile.ZipInfo, name: str, max_file_bytes: int
) -> ResumeRejected | None:
    """What the directory alone tells against an entry (an honest one is refused unread)."""
    if extension_of(info.filename) not in ALLOWED_EXTENSIONS:
        return UnsupportedFile(name, "not a resume format: only PDF, DOCX and TXT")
    if info.file_size > max_file_bytes:
        return FileTooLarge(name, f"too large: {info.file_size / 1e6:.1f} MB")
    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
        return UnsafeFile(name, "unsafe: compressed like a zip bomb")
    return None


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes | None:
    """An entry's bytes, read a piece at a time and no further than ``cap`` bytes (the caller
    then sees which limit it crossed); None when the entry is damaged or encrypted."""
    data = bytearray()
    try:
        with archive.open(info) as stream:
            while len(data) < cap:
                piece = stream.read(min(READ_PIECE, cap - len(data)))
                if not piece:
                    break
                data += piece
    except _ZIP_ERRORS:
        return None
    return bytes(data)
