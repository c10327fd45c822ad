"""The ranking evaluation (``python -m core eval``): metrics, graders, baselines, one tiny run."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from core.evaluation.matching_baselines import Bm25Pool, tfidf_scores
from core.evaluation.matching_sets import (
    EvalSet,
    Split,
    categories_of,
    google_jobs,
    load_category_map,
    split_of,
)
from core.evaluation.metrics import bootstrap_interval, pairwise_accuracy
from core.evaluation.onet_titles import TitleMap, normalise_title
from core.parsing.files import IncomingFile


def test_pairwise_accuracy_counts_correct_pairs_and_half_ties():
    gains = [2, 1, 0, 0]
    assert pairwise_accuracy([4, 3, 2, 1], gains) == 1.0
    assert pairwise_accuracy([1, 2, 3, 4], gains) == 0.0
    assert pairwise_accuracy([1, 1, 1, 1], gains) == 0.5
    # 5 pairs with different gains; (2 vs 1) is the only one ordered wrongly
    assert pairwise_accuracy([3, 4, 2, 1], gains) == pytest.approx(4 / 5)
    assert pairwise_accuracy([1, 2], [1, 1]) is None


def test_bootstrap_interval_is_deterministic_and_brackets_the_mean():
    values = [0.1, 0.9, 0.5, 0.4, 0.7, 0.2]
    low, high = bootstrap_interval(values)
    assert low < sum(values) / len(values) < high
    assert bootstrap_interval(values) == (low, high)
    assert bootstrap_interval([0.3] * 5) == pytest.approx((0.3, 0.3))
    assert bootstrap_interval([]) == (0.0, 0.0)


@pytest.fixture
def onet(tmp_path: Path) -> Path:
    """A tiny O*NET: two software occupations, one other, one engineer outside the group."""
    (tmp_path / "Occupation Data.txt").write_text(
        "O*NET-SOC Code\tTitle\tDescription\n"
        "15-1252.00\tSoftware Developers\t.\n"
        "15-1254.00\tWeb Developers\t.\n"
        "15-1211.00\tComputer Systems Analysts\t.\n"
        "17-2061.00\tComputer Hardware Engineers\t.\n",
        encoding="utf-8",
    )
    (tmp_path / "Alternate Titles.txt").write_text(
        "O*NET-SOC Code\tAlternate Title\tShort Title\tSource(s)\n"
        "15-1252.00\tSoftware Engineer\tn/a\t08\n"
        "15-1252.00\tJava Developer\tn/a\t08\n"
        "15-1254.00\tFront End Developer\tn/a\t08\n"
        "15-1211.00\tSystems Analyst\tn/a\t08\n"
        "17-2061.00\tHardware Engineer\tn/a\t08\n"
        "17-2061.00\tEngineer\tn/a\t08\n",
        encoding="utf-8",
    )
    return tmp_path


def test_titles_map_exactly_or_by_the_longest_contained_title(onet: Path):
    titles = TitleMap.load(onet)
    assert normalise_title("R&D  Engineer!") == "r and d engineer"
    assert titles.code("Software Developers") == "15-1252.00"
    assert titles.code("Senior Java Developer, Google Cloud") == "15-1252.00"
    assert titles.code("Senior Hardware Engineer") == "17-2061.00"  # longer than "Engineer"
    assert titles.code("Chef") is None


def test_onet_grade_same_occupation_minor_group_or_nothing(onet: Path):
    titles = TitleMap.load(onet)
    job = "Software Engineer, Cloud"
    assert titles.gain(job, ["Sr. Java Developer", "Intern"]) == 2
    assert titles.gain(job, ["Front End Developer"]) == 1  # 15-1254: minor group 15-12 too
    assert titles.gain(job, ["Systems Analyst"]) == 1
    assert titles.gain(job, ["Hardware Engineer", "Chef"]) == 0
    assert titles.gain("Chef", ["Software Engineer"]) == 0


def test_real_onet_maps_google_titles(shared_data: Path):
    titles = TitleMap.load(shared_data / "onet")
    assert titles.code("Software Engineer, Google Cloud") == "15-1252.00"
    assert titles.gain("Network Engineer", ["Network Engineer"]) == 2


def test_category_map_loads_and_every_mapped_category_has_a_job(shared_data: Path):
    rules = load_category_map()
    assert {"ACCOUNTANT", "HR", "DESIGNER", "SALES", "ADVOCATE"} <= set(rules)
    assert "CHEF" not in rules and "FITNESS" not in rules
    for own in rules.values():
        for _, pattern in own:
            assert pattern == "*" or re.compile(pattern)
    jobs = google_jobs(shared_data)
    with open(shared_data / "resumes_by_category" / "labels.csv", encoding="utf-8") as f:
        categories = {r["Category"] for r in csv.DictReader(f)}
    for name in rules:
        assert name in categories
        assert any(name in categories_of(row, rules) for row in jobs), name


def test_splits_are_stable_and_about_sixty_forty():
    keys = [str(i) for i in range(2000)]
    share = sum(split_of(k) == "validation" for k in keys) / len(keys)
    assert 0.35 < share < 0.45
    assert [split_of(k) for k in keys[:50]] == [split_of(k) for k in keys[:50]]


POOL = [
    "Pastry chef. Baking, desserts, kitchen management, menu planning.",
    "Backend engineer: Python, Django, PostgreSQL, REST APIs, Docker, Kubernetes.",
    "Accountant: ledgers, tax returns, audits, accounts payable, Excel.",
]
QUERY = "We hire a backend engineer with Python, Django and PostgreSQL, building REST APIs."


def test_tfidf_and_bm25_rank_the_matching_resume_first():
    for scores in (tfidf_scores(QUERY, POOL), Bm25Pool(POOL).scores(QUERY)):
        assert max(range(3), key=lambda i: scores[i]) == 1
    assert Bm25Pool(POOL).scores("the and of") == [0.0, 0.0, 0.0]


def test_headline_metrics_read_talentflow_on_validation_or_all():
    from core.evaluation.matching import headline_metrics

    own = {"ndcg_at_10": 0.5, "precision_at_10": 0.4, "pairwise_accuracy": 0.7}
    other = {"ndcg_at_10": 0.9, "precision_at_10": 0.9, "pairwise_accuracy": 0.9}
    results = {
        "sets": {
            "category": {
                "splits": {
                    "train": {"methods": {"talentflow": other}},
                    "validation": {"methods": {"talentflow": own, "bm25": other}},
                }
            },
            "demo": {
                "splits": {"all": {"methods": {"talentflow": own}}},
                "stuffed_resume_rank_for_backend_job": 12,
            },
        }
    }
    metrics = headline_metrics(results)
    assert metrics["category_validation_ndcg_at_10"] == 0.5
    assert metrics["category_validation_pairwise_accuracy"] == 0.7
    assert metrics["demo_all_precision_at_10"] == 0.4
    assert metrics["demo_stuffed_resume_rank"] == 12.0
    assert not any(k.startswith("category_train") for k in metrics)


def test_tiny_run_ranks_every_method_and_reuses_the_parsed_workspace(
    shared_data: Path, tmp_path: Path
):
    from core.evaluation.matching import evaluate_set
    from core.evaluation.matching_report import format_results
    from core.scoring.model import COMPONENTS

    folder = shared_data / "resumes_by_category"
    with open(folder / "labels.csv", encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: r["ID"])
    picked = [r for r in rows if r["Category"] == "ACCOUNTANT"][:3]
    picked += [r for r in rows if r["Category"] == "CHEF"][:3]
    files = [IncomingFile(Path(r["path"]).name, (folder / r["path"]).read_bytes()) for r in picked]
    query = "Accountant\n\nResponsibilities\nPrepare tax returns, reconcile ledgers, audits."
    gains = {("acc", Path(r["path"]).name): 1.0 for r in picked[:3]}
    data = EvalSet("tiny", {"all": Split(files, {"acc": query}, gains)})
    cache = tmp_path / "cache"
    with open(tmp_path / "features.jsonl", "w", encoding="utf-8") as out:
        result = evaluate_set(data, cache=cache, features=out)
    split = result["splits"]["all"]
    expected = {"tfidf", "bm25", "minilm", "talentflow"}
    expected |= {f"{kind}_{c}" for c in COMPONENTS for kind in ("only", "without")}
    assert set(split["methods"]) == expected
    assert split["queries"] == 1 and split["documents"] == 6
    assert split["methods"]["tfidf"]["ndcg_at_10"] > 0.8
    lines = [json.loads(line) for line in (tmp_path / "features.jsonl").read_text().splitlines()]
    assert len(lines) == 6 and set(lines[0]["breakdown"]) == set(COMPONENTS)
    assert {line["set"] for line in lines} == {"tiny"}
    (parsed,) = cache.iterdir()
    stamp = (parsed / "ready").stat().st_mtime_ns
    again = evaluate_set(data, cache=cache)
    assert (parsed / "ready").stat().st_mtime_ns == stamp  # not parsed again
    assert again["splits"]["all"]["methods"]["tfidf"] == split["methods"]["tfidf"]
    assert "tiny / all" in format_results({"sets": {"tiny": again}})
