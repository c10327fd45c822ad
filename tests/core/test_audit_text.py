"""Audit events in words: known actions by their meaning, unknown ones by their words, details
as one line with no dict or quote in it."""

from hypothesis import given, strategies

from core.services.audit_text import action_label, details_text


def test_known_actions_read_as_what_happened():
    assert action_label("shortlist.add") == "Added to shortlist"
    assert action_label("user.password_reset") == "Reset a password"
    assert action_label("model.promote") == "Promoted a scoring version"


def test_an_unknown_action_reads_as_its_words():
    assert action_label("report.print_all") == "Report print all"
    assert action_label("") == ""


def test_details_read_as_words():
    assert details_text({"score": 0.8234, "basis": "scores"}) == "score 0.82 · basis scores"
    assert details_text({"format": "xlsx", "candidates": 3}) == "format Excel · candidates 3"
    assert details_text({"blind": True, "schools": False}) == "blind yes · schools no"
    assert details_text({"before": ["New", "Screen"], "after": []}) == (
        "before New, Screen · after none"
    )
    assert details_text({"email_hash": None, "trained_versions": ["2"]}) == (
        "versions trained on them 2"
    )
    assert details_text({"from": "recruiter", "to": "hiring_manager"}) == (
        "from recruiter · to hiring manager"
    )
    assert details_text({}) == details_text(None) == ""


@given(
    strategies.dictionaries(
        strategies.from_regex(r"[a-z_]{1,12}", fullmatch=True),
        strategies.none()
        | strategies.booleans()
        | strategies.integers()
        | strategies.floats(allow_nan=False)
        | strategies.lists(strategies.integers(), max_size=3)
        | strategies.dictionaries(
            strategies.from_regex(r"[a-z_]{1,8}", fullmatch=True), strategies.integers()
        ),
    )
)
def test_details_never_show_python_syntax(details):
    text = details_text(details)
    assert not set(text) & set("{}[]'_")
