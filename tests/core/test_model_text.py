"""Scoring versions and their background work in words: names, headline figures, outcomes."""

from core.registry.names import BUILTIN, version_name
from core.services.model_text import headline, metric_label, outcome_text, work_label
from core.work.admin_jobs import ACTIVATE, LEXICAL, REGISTER, TRAIN


def test_versions_are_named_in_words():
    assert version_name(BUILTIN) == "built-in default"
    assert version_name("3") == "version 3"


def test_metrics_are_named_for_people():
    assert metric_label("test_ndcg_at_10") == "test nDCG@10"
    assert metric_label("jobs_all_ndcg_at_5") == "jobs all nDCG@5"
    assert metric_label("demo_precision_at_10") == "demo precision@10"


def test_the_headline_is_the_first_figure_a_version_has():
    assert headline({"demo_all_ndcg_at_10": 0.412, "test_auc": 0.9}) == (
        "demo nDCG@10 (in-sample) 0.41"
    )
    assert headline({"test_ndcg_at_10": 0.5, "demo_all_ndcg_at_10": 0.4}) == "test nDCG@10 0.50"
    assert headline({}) == headline(None) == "not measured"


def test_a_registration_says_which_version_and_how_it_measured():
    assert outcome_text(LEXICAL, {"version": "3"}, metrics={"test_ndcg_at_10": 0.41}) == (
        "Registered version 3 (lexical fit): test nDCG@10 0.41."
    )
    assert outcome_text(REGISTER, {"version": "1"}) == (
        "Registered version 1 (built-in configuration): not measured."
    )
    assert outcome_text(TRAIN, {"version": "4"}, metrics={"test_ndcg_at_10": 0.7}).startswith(
        "Registered version 4 (fine-tuned)"
    )


def test_an_activation_names_the_new_and_the_old_champion():
    assert outcome_text(ACTIVATE, {"version": "3", "jobs": 2}, previous="2") == (
        "Version 3 is now the champion (was version 2); 2 open jobs rescored."
    )
    assert outcome_text(ACTIVATE, {"version": "1", "jobs": 0}, previous=BUILTIN) == (
        "Version 1 is now the champion (was built-in default)."
    )


def test_an_outcome_without_a_version_and_an_unknown_job_still_read():
    assert outcome_text(REGISTER, {}) == "Registering the built-in configuration: done."
    assert outcome_text("tidy index", None) == "Tidy index: done."
    assert work_label("tidy index") == "Tidy index"
