"""The job history in sentences: each edited field of a revision says what it was and is."""

import datetime as dt

from core.services.job_history import describe_changes
from core.store.public import JobRevisionPublic


def revision(number: int, **changes) -> JobRevisionPublic:
    fields = {
        "job_id": 1,
        "revision": number,
        "title": "Backend Engineer",
        "description": "We build things.",
        "requirements": {
            "must_have": ["Python", "Java"],
            "nice_to_have": ["Go"],
            "min_years": 3.0,
            "degree": None,
            "location": "London",
        },
        "weights": {"lexical": 0.1, "semantic": 0.3},
        "status": "open",
        "edited_by": "rita@example.com",
        "created_at": dt.datetime(2026, 1, 1),
    }
    requirements = changes.pop("requirements", {})
    fields["requirements"] = {**fields["requirements"], **requirements}
    return JobRevisionPublic(**{**fields, **changes})


def test_each_changed_field_is_one_sentence():
    older = revision(1)
    newer = revision(
        2,
        title="Senior Backend Engineer",
        requirements={
            "must_have": ["Python", "Kafka"],
            "min_years": 5.0,
            "degree": "master",
            "location": None,
        },
    )
    assert describe_changes(older, newer) == [
        "Title: Backend Engineer → Senior Backend Engineer",
        "Must have: added Kafka; removed Java",
        "Minimum years: 3 → 5",
        "Degree: none → master's",
        "Location: London → none",
    ]


def test_description_status_and_weights_are_said_in_words():
    older = revision(1)
    newer = revision(
        2, description="We build more.", status="closed", weights={"lexical": 0.25, "semantic": 0.3}
    )
    assert describe_changes(older, newer) == [
        "Status: open → closed",
        "Description: edited",
        "Weights: word overlap 0.10 → 0.25",
    ]


def test_a_list_only_added_to_or_only_removed_from():
    older = revision(1)
    assert describe_changes(older, revision(2, requirements={"nice_to_have": ["Go", "Rust"]})) == [
        "Nice to have: added Rust"
    ]
    assert describe_changes(older, revision(2, requirements={"nice_to_have": []})) == [
        "Nice to have: removed Go"
    ]


def test_identical_revisions_and_half_a_year_are_handled():
    assert describe_changes(revision(1), revision(2)) == []
    assert describe_changes(revision(1), revision(2, requirements={"min_years": 3.5})) == [
        "Minimum years: 3 → 3.5"
    ]
    assert describe_changes(revision(1, requirements={}), revision(2, requirements={})) == []
