"""Files -> parsed resumes: admission checks, sandboxed extraction on every core, then NLP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
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


def parse_batch(
    files: Sequence[IncomingFile | ResumeRejected],
    pool: WorkerPool,
    settings: Settings,
    on_progress: Progress | None = None,
) -> list[ParsedFile | ResumeRejected]:
    """Parse every file; a bad file becomes its rejection and never affects the others."""
    outcomes: list[ParsedFile | ResumeRejected | None] = [None] * len(files)
    todo: list[tuple[int, Kind, IncomingFile]] = []
    for index, file in enumerate(files):
        if isinstance(file, ResumeRejected):
            outcomes[index] = file
            continue
        try:
            todo.append((index, sniff_kind(file.name, file.data, settings.max_upload_bytes), file))
        except ResumeRejected as e:
            outcomes[index] = e
    done = len(files) - len(todo)
    items = [(kind, file.data, file.name) for _, kind, file in todo]
    for (index, kind, file), result in zip(todo, pool.extract_many(items), strict=True):
        if isinstance(result, ResumeRejected):
            outcomes[index] = result
        else:
            outcomes[index] = parse_one(file, kind, result, settings)
        done += 1
        if on_progress is not None:
            on_progress(done, len(files), file.name)
    return [o for o in outcomes if o is not None]


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
