"""Files -> parsed resumes: admission checks, sandboxed extraction on every core, then NLP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from core.config import Settings
from core.errors import ResumeRejected
from core.parsing.extraction import Extraction
from core.parsing.files import IncomingFile, Kind, sniff_kind
from core.parsing.parser import parse_text
from core.parsing.profile import ParsedResume, ParseResult
from core.parsing.sandbox import WorkerPool

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ParsedFile:
    """A file that became a profile."""

    file: IncomingFile
    kind: Kind
    extraction: Extraction
    resume: ParsedResume


def parse_one(
    file: IncomingFile,
    kind: Kind,
    extraction: Extraction,
    settings: Settings,
    today: dt.date | None = None,
) -> ParsedFile:
    """Build the profile of an extracted file (pure, in this process)."""
    resume = parse_text(
        extraction.text,
        hidden_reasons=extraction.hidden_reasons,
        today=today,
        max_chars=settings.max_text_chars,
        low_confidence=settings.low_confidence,
        ocr=extraction.ocr,
        filename=file.name,
    )
    return ParsedFile(file, kind, extraction, resume)


def parse_stream(
    files: Sequence[IncomingFile | ResumeRejected],
    pool: WorkerPool,
    settings: Settings,
    on_progress: Progress | None = None,
) -> Iterator[ParsedFile | ResumeRejected]:
    """Parse every file, yielding each outcome in input order as soon as it is ready (so a
    caller can store it at once); a bad file becomes its rejection and never affects the others.
    """
    admitted: list[Kind | ResumeRejected] = []
    for file in files:
        if isinstance(file, ResumeRejected):
            admitted.append(file)
            continue
        try:
            admitted.append(sniff_kind(file.name, file.data, settings.max_upload_bytes))
        except ResumeRejected as e:
            admitted.append(e)
    items = [
        (kind, file.data, file.name)
        for kind, file in zip(admitted, files, strict=True)
        if isinstance(file, IncomingFile) and not isinstance(kind, ResumeRejected)
    ]
    extracted = pool.extract_many(items)
    for done, (kind, file) in enumerate(zip(admitted, files, strict=True), start=1):
        if isinstance(kind, ResumeRejected):
            outcome: ParsedFile | ResumeRejected = kind
        else:
            assert isinstance(file, IncomingFile)
            result = next(extracted)
            outcome = (
                result
                if isinstance(result, ResumeRejected)
                else parse_one(file, kind, result, settings)
            )
        yield outcome  # the caller stores it before progress is reported
        if on_progress is not None:
            on_progress(done, len(files), outcome_name(outcome))


def parse_batch(
    files: Sequence[IncomingFile | ResumeRejected],
    pool: WorkerPool,
    settings: Settings,
    on_progress: Progress | None = None,
) -> list[ParsedFile | ResumeRejected]:
    """Parse every file; a bad file becomes its rejection and never affects the others."""
    return list(parse_stream(files, pool, settings, on_progress))


def outcome_name(outcome: ParsedFile | ResumeRejected) -> str:
    """The file name an outcome is about."""
    return outcome.filename if isinstance(outcome, ResumeRejected) else outcome.file.name


def to_result(outcome: ParsedFile | ResumeRejected) -> ParseResult:
    """The CLI's JSON shape for one outcome."""
    if isinstance(outcome, ResumeRejected):
        return ParseResult(file=outcome.filename, status="rejected", reason=outcome.reason)
    return ParseResult(
        file=outcome.file.name,
        status="parsed",
        profile=outcome.resume.profile,
        confidence=outcome.resume.confidence,
        warnings=outcome.resume.warnings,
    )
