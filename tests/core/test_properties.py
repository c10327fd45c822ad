"""Properties over arbitrary input: parsing raises only TalentFlow's own errors."""

import contextlib
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import ResumeRejected
from core.parsing.files import sniff_kind
from core.parsing.parser import parse_text
from core.parsing.readers import read_document
from tests import factories

SAMPLES = {"a.pdf": factories.make_pdf(), "a.docx": factories.make_docx()}


def mutate(data: bytes, cuts: list[tuple[int, bytes]]) -> bytes:
    out = bytearray(data)
    for position, noise in cuts:
        index = position % max(len(out), 1)
        out[index : index + len(noise)] = noise
    return bytes(out)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(["a.pdf", "a.docx", "a.txt"]),
    data=st.binary(max_size=3000),
)
def test_arbitrary_bytes_raise_only_our_errors(name, data):
    try:
        kind = sniff_kind(name, data, 10_000_000)
        read_document(kind, data, name, 50)
    except ResumeRejected:
        pass


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(sorted(SAMPLES)),
    cuts=st.lists(st.tuples(st.integers(0, 10**6), st.binary(min_size=1, max_size=40)), max_size=4),
)
def test_damaged_documents_raise_only_our_errors(name, cuts):
    damaged = mutate(SAMPLES[name], cuts)
    with contextlib.suppress(ResumeRejected):
        read_document(sniff_kind(name, damaged, 10_000_000), damaged, name, 50)


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=2000))
def test_parse_text_accepts_any_text(text):
    result = parse_text(text, today=dt.date(2026, 1, 1))
    assert all(0.0 <= v <= 1.0 for v in result.confidence.values())
    assert result.profile.years_experience is None or result.profile.years_experience >= 0
