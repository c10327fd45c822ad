"""Hostile files: each is rejected with a reason, in time, without losing the others."""

import time

import pytest

from core.parsing.files import IncomingFile
from core.parsing.sandbox import Limits, WorkerPool
from core.services.ingest import ingest_files
from tests import factories

TIMEOUT_S = 8


@pytest.fixture(scope="module")
def strict_pool():
    with WorkerPool(2, Limits(timeout_s=TIMEOUT_S, memory_mb=768, max_pages=50)) as pool:
        yield pool


@pytest.fixture(scope="module")
def corpus():
    return factories.bad_corpus()


def test_every_bad_file_is_rejected_with_a_reason_and_good_files_survive(ctx, strict_pool, corpus):
    ctx.pool = strict_pool
    good = [
        IncomingFile("good-1.pdf", factories.make_pdf()),
        IncomingFile(
            "good-2.docx",
            factories.make_docx(factories.resume_text("Ann Other", "ann@example.com")),
        ),
    ]
    uploads = [good[0]] + [IncomingFile(n, d) for n, d in corpus.items()] + [good[1]]
    started = time.monotonic()
    outcomes = ingest_files(ctx, uploads, actor="cli")
    elapsed = time.monotonic() - started

    assert len(outcomes) == len(uploads)
    assert outcomes[0].status == "parsed" and outcomes[-1].status == "parsed"
    rejected = outcomes[1:-1]
    assert all(o.status == "rejected" for o in rejected), [(o.file, o.status) for o in rejected]
    assert all(o.reason and len(o.reason) > 5 for o in rejected)
    for outcome in rejected:
        assert "/" not in outcome.file and "\x00" not in outcome.file and len(outcome.file) <= 120
    # each hostile file is bounded by its own timeout; the batch runs two at a time
    assert elapsed < TIMEOUT_S * len(corpus) / 2 + 30


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("truncated.pdf", "corrupt"),
        ("encrypted.pdf", "encrypted"),
        ("not-a-pdf.pdf", "not a PDF"),
        ("scanned.pdf", "scanned"),
        ("bomb.docx", "zip bomb"),
        ("xxe.docx", "DTD"),
        ("empty.txt", "empty"),
        ("huge.txt", "too large"),
        ("resume.exe", "not a resume format"),
    ],
)
def test_reasons_are_specific(strict_pool, ctx, corpus, name, words):
    ctx.pool = strict_pool
    [outcome] = ingest_files(ctx, [IncomingFile(name, corpus[name])], actor="cli")
    assert outcome.status == "rejected"
    assert words in outcome.reason


def test_pdf_bomb_is_stopped_by_a_limit(strict_pool, corpus):
    started = time.monotonic()
    with pytest.raises(Exception) as caught:
        strict_pool.extract("pdf", corpus["bomb.pdf"], "bomb.pdf")
    assert type(caught.value).__name__ in {
        "ParseTimeout",
        "ParseCrashed",
        "CorruptFile",
        "EmptyText",
    }
    assert time.monotonic() - started < TIMEOUT_S + 5


def test_a_timeout_kills_only_that_file(corpus):
    with WorkerPool(1, Limits(timeout_s=0.05, memory_mb=768, max_pages=50)) as pool:
        with pytest.raises(Exception) as caught:
            pool.extract("pdf", corpus["bomb.pdf"], "slow.pdf")
        assert type(caught.value).__name__ == "ParseTimeout"
        assert "timed out" in caught.value.reason
    with WorkerPool(1, Limits(timeout_s=20, memory_mb=768, max_pages=50)) as pool:
        assert "Jane Example" in pool.extract("pdf", factories.make_pdf(), "ok.pdf").text
