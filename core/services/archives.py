"""Expand uploaded .zip files into their resume files, refusing zip bombs and nested archives."""

from __future__ import annotations

import io
import zipfile
import zlib

from core.errors import CorruptFile, FileTooLarge, ResumeRejected, UnsafeFile, UnsupportedFile
from core.parsing.files import ALLOWED_EXTENSIONS, IncomingFile, extension_of, safe_filename

MAX_RATIO = 200


def expand_zip(
    upload: IncomingFile, *, max_files: int, max_file_bytes: int, max_total_bytes: int
) -> list[IncomingFile | ResumeRejected]:
    """The files inside a zip, each either readable or already rejected with its reason.

    Folders, hidden files and ``__MACOSX`` metadata are skipped; nested zips are not opened.

    Raises:
        CorruptFile: not a readable zip.
        UnsafeFile: too many entries or too much declared data in total.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as e:
        raise CorruptFile(upload.name, "corrupt: not a readable zip archive") from e
    out: list[IncomingFile | ResumeRejected] = []
    with archive:
        entries = [
            info
            for info in archive.infolist()
            if not info.is_dir()
            and not info.filename.startswith("__MACOSX/")
            and not safe_filename(info.filename).startswith(".")
        ]
        if len(entries) > max_files:
            raise UnsafeFile(
                upload.name, f"too many files: {len(entries)}, the limit is {max_files}"
            )
        total = sum(info.file_size for info in entries)
        if total > max_total_bytes:
            raise UnsafeFile(
                upload.name, f"unsafe: the zip would expand to {total / 1e6:.0f} MB (zip bomb?)"
            )
        for info in entries:
            name = f"{safe_filename(upload.name)}/{safe_filename(info.filename)}"
            if extension_of(info.filename) not in ALLOWED_EXTENSIONS:
                out.append(UnsupportedFile(name, "not a resume format: only PDF, DOCX and TXT"))
            elif info.file_size > max_file_bytes:
                out.append(FileTooLarge(name, f"too large: {info.file_size / 1e6:.1f} MB"))
            elif info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                out.append(UnsafeFile(name, "unsafe: compressed like a zip bomb"))
            else:
                try:
                    out.append(IncomingFile(name, archive.read(info)))
                except (
                    zipfile.BadZipFile,
                    OSError,
                    ValueError,
                    NotImplementedError,
                    zlib.error,
                    EOFError,
                ):
                    out.append(CorruptFile(name, "corrupt: the zip entry is damaged or encrypted"))
    return out
