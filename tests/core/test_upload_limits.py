"""Bounded uploads: zips are counted while they are read, text is capped while it is read, a
resume is embedded as a bounded number of chunks, and each user has an hourly file allowance."""

from __future__ import annotations

import datetime as dt
import math
import random
import struct
import tomllib
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from sqlmodel import select

from core.config import Settings
from core.context import build_context
from core.index.chunks import MAX_CHUNKS, chunk_sections
from core.parsing.files import IncomingFile
from core.parsing.txt_reader import read_txt
from core.services.archives import expand_zip
from core.services.ingest import RECEIVED, UploadLimitReached, expand_uploads, ingest_files
from core.services.queued_ingest import stage_uploads
from core.store.db import session_scope
from core.store.models import AuditEvent, Resume, utcnow
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
KB = 1024


def compressible(size: int, seed: int) -> bytes:
    """Resume-like text that deflates well, but less than the ratio cap (200) allows."""
    rng = random.Random(seed)
    phrase = "Experienced backend engineer with Python and Kafka. " * 50
    out = "".join(f"{phrase}{rng.randrange(10**6)} engineer\n" for _ in range(size // 2500 + 1))
    return out[:size].encode()


def lie_in_directory(
    archive: bytes, entry: str, *, file_size: int | None = None, compress_size: int | None = None
) -> bytes:
    """The zip with the central directory's record of ``entry`` claiming other sizes."""
    record = archive.index(b"PK\x01\x02")
    while True:
        name_length = struct.unpack_from("<H", archive, record + 28)[0]
        if archive[record + 46 : record + 46 + name_length].decode() == entry:
            break
        record = archive.index(b"PK\x01\x02", record + 4)
    patched = bytearray(archive)
    if compress_size is not None:
        struct.pack_into("<I", patched, record + 20, compress_size)
    if file_size is not None:
        struct.pack_into("<I", patched, record + 24, file_size)
    return bytes(patched)


@pytest.fixture
def bytes_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every piece of expanded data a zip entry stream hands out, by size."""
    pieces: list[int] = []
    original = zipfile.ZipExtFile.read

    def counting(self: zipfile.ZipExtFile, n: int = -1) -> bytes:
        data = original(self, n)
        pieces.append(len(data))
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting)
    return pieces


def test_a_zip_directory_that_understates_an_entry_gets_nothing_past_it(bytes_read):
    resume = factories.resume_text().encode()
    honest = factories.zip_of({"ann.txt": resume, "big.txt": compressible(3_000_000, 1)})
    lying = lie_in_directory(honest, "big.txt", file_size=2_000)  # 3 MB declared as 2 kB

    results = list(
        expand_zip(
            IncomingFile("cv.zip", lying),
            max_files=10,
            max_file_bytes=1_000_000,
            max_total_bytes=2_000_000,
        )
    )

    assert isinstance(results[0], IncomingFile) and results[0].data == resume
    assert results[1].filename == "cv.zip/big.txt"
    assert "damaged" in results[1].reason  # more data than declared: it fails its checksum
    assert sum(bytes_read) <= len(resume) + 2_000  # never more than the directory declared


def test_the_ratio_is_checked_on_the_bytes_actually_expanded(bytes_read):
    zeros = b"0" * 3_000_000  # deflates about 1000 times
    honest = factories.zip_of({"zeros.txt": zeros, "ann.txt": factories.resume_text().encode()})
    # a larger compressed size makes the declared ratio look harmless (3 MB / 1 MB)
    lying = lie_in_directory(honest, "zeros.txt", compress_size=1_000_000)

    zeros_out, ann = expand_zip(
        IncomingFile("cv.zip", lying), max_files=10, max_file_bytes=10**7, max_total_bytes=10**8
    )

    assert zeros_out.reason == "unsafe: compressed like a zip bomb"
    # the entry was read no further than the ratio allows for the zip's own size
    assert sum(bytes_read) <= 200 * len(lying) + 1 + len(factories.resume_text())
    assert isinstance(ann, IncomingFile)


def test_compressible_zips_are_stopped_while_streaming_by_the_upload_total(ctx, bytes_read):
    """The known attack, scaled down: zips of compressible text files, each file under the ratio
    cap and each zip under its own cap, whose total crosses the upload's cap."""
    entry = 300 * KB
    zips = [
        IncomingFile(
            f"part{z}.zip",
            factories.zip_of({f"cv{i}.txt": compressible(entry, 10 * z + i) for i in range(4)}),
        )
        for z in range(3)
    ]
    assert all(len(z.data) < entry * 4 / 50 for z in zips)  # highly compressible
    ctx.settings = ctx.settings.model_copy(update={"max_batch_mb": 1.0})  # 1 MiB
    later = IncomingFile("ann.txt", factories.resume_text("Ann Other", "ann@example.com").encode())

    staged, rejected = stage_uploads(ctx, [*zips, later], actor="cli")

    assert len(staged) == 3  # 3 x 300 kB fit in 1 MiB, the fourth entry crosses it
    assert len(rejected) == 12 - 3 + 1
    first = rejected[0]
    assert first.file == "part0.zip/cv3.txt"
    assert "the upload as a whole expands to more than 1 MB" in (first.reason or "")
    assert all("were not read" in (o.reason or "") for o in rejected)
    # refused while streaming: no more than the cap (and one byte) was ever expanded
    assert sum(bytes_read) <= 1024 * KB + 1 < 12 * entry


def test_a_file_over_its_own_limit_fails_alone_and_the_zip_goes_on(ctx):
    archive = factories.zip_of(
        {
            "big.txt": compressible(2_000_000, 3),
            "ann.txt": factories.resume_text("Ann Other", "ann@example.com").encode(),
        }
    )
    ctx.settings = ctx.settings.model_copy(update={"max_upload_mb": 1.0})
    big, ann = list(expand_uploads([IncomingFile("cv.zip", archive)], ctx))
    assert big.reason == "too large: 2.0 MB"
    assert isinstance(ann, IncomingFile)


def test_text_is_capped_while_it_is_read():
    data = b"python " * 1_500_000  # 10.5 MB of one word
    tracemalloc.start()
    try:
        result = read_txt(data, "word.txt", max_chars=100_000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert 100_000 < len(result.text) <= 200_002
    assert peak < 3_000_000  # decoding the whole file would hold over 10 MB of text


def test_a_long_text_is_cut_stored_short_and_the_profile_says_so(ctx):
    text = factories.resume_text().encode() + b"python " * 1_400_000  # 9.8 MB
    extraction = ctx.pool.extract("txt", text, "long.txt")
    assert len(extraction.text) == ctx.pool.limits.max_chars + 1  # one more: the parser sees it

    [outcome] = ingest_files(ctx, [IncomingFile("long.txt", text)], actor="cli")

    assert outcome.status == "parsed"
    assert "truncated" in outcome.warnings
    with session_scope(ctx.engine) as session:
        [resume] = session.exec(select(Resume)).all()
    assert len(resume.text) <= ctx.settings.max_text_chars


def test_a_resume_is_embedded_as_at_most_max_chunks():
    words = {"experience": "led the team " * 200_000, "skills": "Python\n" * 5}
    chunks = chunk_sections(words, lambda text: len(text.split()))
    assert len(chunks) == MAX_CHUNKS == 64
    assert [c.position for c in chunks] == list(range(MAX_CHUNKS))
    assert {c.section for c in chunks} == {"experience"}  # section order: the rest is not read


def four_files(tag: str) -> list[IncomingFile]:
    return [
        IncomingFile(
            f"{tag}{i}.txt", factories.resume_text(f"P{tag}{i}", f"{tag}{i}@x.org").encode()
        )
        for i in range(4)
    ]


def test_the_hourly_upload_limit_refuses_with_when_to_come_back(ctx, accounts):
    ctx.settings = ctx.settings.model_copy(update={"upload_files_per_hour": 5})
    recruiter, admin = accounts["recruiter"], accounts["admin"]
    before = utcnow()
    staged, _ = stage_uploads(ctx, four_files("a"), actor=recruiter)
    assert len(staged) == 4

    with pytest.raises(UploadLimitReached) as refused:
        stage_uploads(ctx, four_files("b"), actor=recruiter)
    message = str(refused.value)
    assert "4 files uploaded in the last hour and this upload holds 4" in message
    assert "the limit is 5 files an hour per user" in message
    retry = refused.value.retry_at
    assert retry is not None and before + dt.timedelta(hours=1) <= retry
    assert f"You may upload again at {retry:%H:%M} UTC (in 60 minutes)" in message

    # counted in the database: another process (a new context on the same workspace) agrees
    other = build_context(ctx.settings)
    try:
        with pytest.raises(UploadLimitReached):
            ingest_files(other, four_files("c"), actor=recruiter)
    finally:
        other.close()
    # one more file still fits; admins have their own allowance; the command line is not counted
    assert len(stage_uploads(ctx, four_files("d")[:1], actor=recruiter)[0]) == 1
    assert len(stage_uploads(ctx, four_files("e"), actor=admin)[0]) == 4
    assert len(stage_uploads(ctx, four_files("f") * 2, actor="cli")[0]) == 8


def test_an_hour_later_the_allowance_is_back(ctx, accounts):
    ctx.settings = ctx.settings.model_copy(update={"upload_files_per_hour": 5})
    recruiter = accounts["recruiter"]
    stage_uploads(ctx, four_files("a"), actor=recruiter)
    with session_scope(ctx.engine) as session:  # as if the upload had been an hour ago
        for event in session.exec(select(AuditEvent).where(AuditEvent.action == RECEIVED)):
            event.at = utcnow() - dt.timedelta(minutes=61)
            session.add(event)
    assert len(stage_uploads(ctx, four_files("b"), actor=recruiter)[0]) == 4


def test_a_zip_counts_its_files_and_an_upload_over_the_limit_is_refused_whole(ctx, accounts):
    ctx.settings = ctx.settings.model_copy(update={"upload_files_per_hour": 5})
    archive = factories.zip_of({f.name: f.data for f in four_files("z") + four_files("y")})
    with pytest.raises(UploadLimitReached) as refused:
        stage_uploads(ctx, [IncomingFile("cvs.zip", archive)], actor=accounts["recruiter"])
    assert str(refused.value) == (
        "this upload holds 8 files, more than the 5 a user may upload in an hour: "
        "upload fewer files at a time"
    )


def test_streamlit_refuses_what_the_app_would_refuse():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    fields = Settings.model_fields
    largest = max(fields["max_zip_mb"].default, fields["max_upload_mb"].default)
    assert config["server"]["maxUploadSize"] == math.ceil(largest)
