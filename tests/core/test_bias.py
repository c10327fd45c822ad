"""The bias audit: the DCWP worked example, properties, the CLI contract."""

import json
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from core.monitoring.bias import Subject, audit

SEXES = ["Male", "Female", None, ""]
RACES = ["White", "Black", "Asian", "Hispanic", None]


def selection(sex, race, total, selected):
    return [Subject(sex, race, selected=i < selected) for i in range(total)]


def test_dcwp_worked_example_selection_rates():
    people = selection("Male", "White", 1000, 543) + selection("Female", "White", 1000, 447)
    report = audit(people)
    rows = {r.category: r for r in report.by_sex}
    assert report.kind == "selection"
    assert rows["Male"].rate == 0.543 and rows["Male"].impact_ratio == 1.0
    assert rows["Female"].rate == 0.447 and round(rows["Female"].impact_ratio, 2) == 0.82
    assert not any("Female impact ratio" in f for f in report.flags)  # 0.82 passes four-fifths


def test_scoring_rate_is_share_above_the_median():
    people = [Subject("Male", "White", score=s) for s in (0.9, 0.8, 0.7, 0.2)] + [
        Subject("Female", "White", score=s) for s in (0.6, 0.3, 0.1, 0.1)
    ]
    report = audit(people)
    assert report.kind == "scoring" and report.median_score == 0.45
    rows = {r.category: r for r in report.by_sex}
    assert rows["Male"].rate == 0.75 and rows["Female"].rate == 0.25
    assert rows["Female"].impact_ratio == round(0.25 / 0.75, 4)
    assert any("Female impact ratio 0.33" in f for f in report.flags)
    assert any(f.startswith("small sample") for f in report.flags)


def test_small_categories_and_unknowns_stay_out_of_ratios():
    people = (
        selection("Male", "White", 100, 50)
        + selection("Female", "Black", 100, 40)
        + selection("Female", "Asian", 1, 1)
        + selection(None, "White", 20, 20)
    )
    report = audit(people)
    asian = next(r for r in report.by_race if r.category == "Asian")
    assert asian.excluded and asian.impact_ratio is None
    assert report.unknown_count == 20
    assert sum(r.count for r in report.by_sex) == 201
    assert any("Asian excluded" in f for f in report.flags)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(SEXES), st.sampled_from(RACES), st.floats(0, 1)),
        min_size=1,
        max_size=200,
    )
)
def test_ratio_properties(rows):
    report = audit([Subject(sex, race, score=score) for sex, race, score in rows])
    for table in (report.by_sex, report.by_race, report.intersectional):
        ratios = [r.impact_ratio for r in table if r.impact_ratio is not None]
        assert all(0.0 <= x <= 1.0 for x in ratios)
        if ratios:
            assert max(ratios) == 1.0
        assert all(r.category not in {"", "None"} for r in table)
        for row in table:
            if row.excluded:
                assert row.impact_ratio is None


def test_cli_json_contract(tmp_path):
    data = tmp_path / "scores.csv"
    data.write_text("score,sex,race\n0.9,Male,White\n0.2,Female,Black\n0.5,,Asian\n")
    result = subprocess.run(
        [sys.executable, "-m", "core", "audit", "--input", str(data), "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) == {
        "kind",
        "median_score",
        "unknown_count",
        "by_sex",
        "by_race",
        "intersectional",
        "flags",
    }
    assert out["kind"] == "scoring" and out["unknown_count"] == 1
    assert set(out["by_sex"][0]) == {"category", "count", "rate", "impact_ratio", "excluded"}
    assert {r["category"] for r in out["intersectional"]} == {"Male / White", "Female / Black"}


def test_scoring_code_never_reads_demographics():
    import dataclasses
    import pathlib

    from core.scoring.model import CandidateDoc

    demographic = {"sex", "gender", "race", "ethnicity", "age", "birth"}
    assert not demographic & {f.name for f in dataclasses.fields(CandidateDoc)}
    root = pathlib.Path(__file__).resolve().parents[2] / "core"
    for path in [
        *(root / "scoring").rglob("*.py"),
        root / "services" / "ranking.py",
        root / "services" / "search.py",
        root / "index" / "indexer.py",
        *(root / "registry").rglob("*.py"),
        *(root / "training").rglob("*.py"),
        root / "services" / "training.py",
        root / "services" / "comparison.py",
        root / "services" / "models.py",
    ]:
        text = path.read_text(encoding="utf-8")
        for name in ("core.monitoring.bias", "bias_audit", "SelfIdentification"):
            assert name not in text, (path, name)


def test_job_audit_joins_self_identification_with_stored_scores(ctx, accounts):
    from core.parsing.files import IncomingFile
    from core.services import jobs as job_service
    from core.services.bias_audit import import_self_identification, job_audit, report_csv
    from core.services.ingest import ingest_files
    from core.services.ranking import rank_job
    from tests import factories

    ingest_files(
        ctx,
        [
            IncomingFile("a.txt", factories.RESUME.encode()),
            IncomingFile("b.txt", factories.resume_text("Bo Other", "bo@example.com").encode()),
        ],
        actor="cli",
    )
    job = job_service.create_job(ctx, "Backend Engineer\n\nRequirements\n- Python\n", actor="cli")
    rank_job(ctx, job.id, actor="cli")
    counts = import_self_identification(
        ctx,
        b"email,sex,race\njane.example@example.com,Female,Black\nghost@example.com,Male,\n",
        actor="ada@example.com",
    )
    assert counts == {"matched": 1, "unmatched": 1}
    result = job_audit(ctx, job.id, basis="scores", actor="ada@example.com")
    assert result.people == 2 and result.with_self_id == 1
    assert result.report.unknown_count == 1
    assert [r.category for r in result.report.by_sex] == ["Female"]
    text = report_csv(result)
    assert "self-identification for 1 of 2" in text and "generated" in text
    import pytest as _pytest

    from core.auth.policy import PermissionDenied

    with _pytest.raises(PermissionDenied):
        job_audit(ctx, job.id, basis="scores", actor="rita@example.com")
