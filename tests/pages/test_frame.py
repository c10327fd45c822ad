"""The escaping helper of pages/_frame.py: untrusted text shown through Streamlit's Markdown
reads as typed, and nothing in it becomes a link, an image, formatting, a colour, maths or an
icon (tests/browser/test_hostile_sweep.py checks the same in Chromium, page by page)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, strategies

from core.scoring.model import COMPONENTS
from pages._frame import (
    MARKDOWN_SPECIALS,
    WORD_JOINER,
    column_header,
    component_label,
    field_label,
    md,
    warning_label,
)

J = WORD_JOINER


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Jane Example", "Jane Example"),
        (
            "![t](http://127.0.0.1:9/track.png)",
            r"\!\[t\]\(http\:" + J + r"//127\.0\.0\.1\:9/track\.png\)",
        ),
        ("[click](javascript:alert(1))", r"\[click\]\(javascript\:alert\(1\)\)"),
        ("<img src=x onerror=alert(1)>", r"\<img src\=x onerror\=alert\(1\)\>"),
        ("**bold** _it_ ~~s~~", r"\*\*bold\*\* \_it\_ \~\~s\~\~"),
        (":red[x]", r"\:red\[x\]"),
        ("$\\LaTeX$", r"\$\\LaTeX\$"),
        # autolinks are found after escapes are undone: a joiner breaks each
        ("HTTPS://WWW.EXAMPLE.COM", r"HTTPS\:" + J + "//WWW" + J + r"\.EXAMPLE\.COM"),
        ("www.example.com", "www" + J + r"\.example\.com"),
        ("joe@example.com", "joe@" + J + r"example\.com"),
        # icon and emoji shortcodes, likewise
        (":smile: :material/home:", r"\:smile" + J + r"\: \:material" + J + r"/home\:"),
        # entities and setext headings
        ("&lt;b&gt;", r"\&lt;b\&gt;"),
        ("a\n===", "a\n" + r"\=\=\="),
    ],
)
def test_md_escapes_every_construct(text, escaped):
    assert md(text) == escaped


def unescape(markdown: str) -> str:
    """What a reader sees of escaped text: backslash escapes undone, joiners invisible."""
    return re.sub(r"\\(.)", r"\1", markdown, flags=re.DOTALL).replace(WORD_JOINER, "")


@given(strategies.text().filter(lambda t: WORD_JOINER not in t))
def test_md_shows_any_text_as_typed(text):
    assert unescape(md(text)) == text


@given(strategies.text())
def test_md_leaves_no_special_character_unescaped(text):
    out = iter(md(text))
    for c in out:
        if c == "\\":
            assert next(out) in MARKDOWN_SPECIALS
        else:
            assert c not in MARKDOWN_SPECIALS


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("hidden_text", "text a reader cannot see"),
        ("missing:contact", "no e-mail or phone found"),
        ("missing:name", "no name found"),
        ("duplicate:email", "same e-mail as another candidate"),
        ("duplicate:phone", "same phone as another candidate"),
        ("duplicate:linkedin_url", "same linkedin url as another candidate"),
        ("low_confidence:years_experience", "check the years of experience"),
        ("language:de", "written in German"),
        ("language:xx", "written in another language"),
        ("ocr", "read from a scan"),
        ("odd_layout", "odd layout"),
        ("odd_layout:two_columns", "odd layout: two columns"),
        ("language:", "language"),
        ("", ""),
    ],
)
def test_warnings_read_as_words(code, words):
    assert warning_label(code) == words


@given(strategies.text())
def test_any_warning_code_reads_without_underscores_or_crashing(code):
    assert "_" not in warning_label(code)


def test_fields_and_components_have_human_names():
    assert field_label("years_experience") == "years of experience"
    assert column_header("impact_ratio") == "Impact ratio"
    assert column_header("min_years") == "Minimum years"
    assert column_header("institution") == "Institution"
    assert field_label("must") == "must have" and field_label("nice") == "nice to have"
    assert field_label("some_new_field") == "some new field"
    assert [component_label(c) for c in COMPONENTS] == [
        "Requirements met",
        "Skills",
        "Role fit",
        "Experience",
        "Education",
        "Word overlap",
        "Meaning",
        "Summary fit",
    ]
    assert component_label("future_part") == "Future part"
