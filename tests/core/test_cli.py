"""The command-line contract: ``parse --json`` and ``ingest --json``."""

import json
import subprocess
import sys
from pathlib import Path

from tests import factories

# The contract, spelled out (not imported) so that a change to the code cannot silently change it.
PROFILE_KEYS = set(
    [
        "name",
        "display_name",
        "email",
        "phone",
        "location",
        "links",
        "headline",
        "years_experience",
        "skills",
        "experience",
        "education",
        "certifications",
        "ocr",
    ]
)


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {"TALENTFLOW_HOME": str(home), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "core", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_parse_json_contract(tmp_path, _workspace):
    good = tmp_path / "jane.pdf"
    good.write_bytes(factories.make_pdf())
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf at all")
    missing = tmp_path / "missing.txt"
    result = run_cli("parse", str(good), str(bad), str(missing), "--json", home=_workspace)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert [o["file"] for o in out] == [str(good), str(bad), str(missing)]
    assert [o["status"] for o in out] == ["parsed", "rejected", "rejected"]
    parsed = out[0]
    assert set(parsed) == {"file", "status", "reason", "profile", "confidence", "warnings"}
    assert parsed["reason"] is None
    assert set(parsed["profile"]) == PROFILE_KEYS
    assert parsed["profile"]["name"] == "Jane Example"
    assert parsed["profile"]["display_name"] == "Jane Example"
    assert parsed["profile"]["ocr"] is False
    assert set(parsed["profile"]["experience"][0]) == {
        "title",
        "company",
        "location",
        "start",
        "end",
    }
    assert set(parsed["profile"]["education"][0]) == {"degree", "institution", "year"}
    assert all(0 <= v <= 1 for v in parsed["confidence"].values())
    assert out[1]["profile"] is None and "not a PDF" in out[1]["reason"]
    assert not (_workspace / "talentflow.db").exists()  # parse needs no database


def test_ingest_json_summary(tmp_path, _workspace):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(factories.make_pdf())
    (folder / "b.zip").write_bytes(
        factories.zip_of({"c.txt": factories.resume_text("Cy Three", "cy@example.com").encode()})
    )
    first = run_cli("ingest", str(folder), "--json", home=_workspace)
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["counts"] == {"parsed": 2}
    again = json.loads(run_cli("ingest", str(folder), "--json", home=_workspace).stdout)
    assert again["counts"] == {"duplicate": 2}
    assert (_workspace / "talentflow.db").exists()


def test_rank_json_contract(tmp_path, _workspace):
    folder = tmp_path / "resumes"
    folder.mkdir()
    (folder / "a-backend.txt").write_bytes(factories.RESUME.encode())
    (folder / "b-copy.pdf").write_bytes(factories.make_pdf())  # same person, other file
    (folder / "c-other.txt").write_bytes(
        factories.resume_text("Ann Other", "ann@example.com").replace("Kafka", "Excel").encode()
    )
    (folder / "d-broken.pdf").write_bytes(b"not a pdf")
    job = tmp_path / "job.txt"
    job.write_text("Backend Engineer\n\nRequirements\n- Python and Kafka\n- 5+ years\n")
    result = run_cli("rank", "--job", str(job), "--resumes", str(folder), "--json", home=_workspace)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {r["file"] for r in rows} == {"a-backend.txt", "b-copy.pdf", "c-other.txt"}
    assert all(set(r) == {"file", "score", "breakdown", "warnings", "duplicate_of"} for r in rows)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert {r["file"]: r["duplicate_of"] for r in rows}["b-copy.pdf"] == "a-backend.txt"
    components = {
        "requirements",
        "skills",
        "role",
        "experience",
        "education",
        "lexical",
        "semantic",
        "summary",
    }
    assert set(rows[0]["breakdown"]) == components
    assert "d-broken.pdf" in result.stderr
    assert not (_workspace / "talentflow.db").exists()  # standalone: a temporary workspace


def test_search_json_contract(tmp_path, _workspace):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(factories.RESUME.encode())
    assert run_cli("ingest", str(folder), home=_workspace).returncode == 0
    result = run_cli("search", "kafka backend engineer", "--top", "3", "--json", home=_workspace)
    assert result.returncode == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert set(row) == {"candidate_id", "name", "file", "score", "snippet"}
    assert row["name"] == "Jane Example" and row["file"] == "a.txt"


def test_explain_json_contract(tmp_path, _workspace):
    resume = tmp_path / "cv.txt"
    resume.write_bytes(factories.RESUME.encode())
    job = tmp_path / "job.txt"
    job.write_text("Backend Engineer\n\nRequirements\n- Python and Kafka\n- 5+ years\n")
    result = run_cli(
        "explain", "--job", str(job), "--resume", str(resume), "--json", home=_workspace
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) == {"score", "evidence", "explanation", "writer"}
    assert out["writer"] == "template" and 0 <= out["score"] <= 1
    required, optional = {"requirement", "matched", "source"}, {"kind", "status", "level"}
    assert all(required <= set(e) <= required | optional for e in out["evidence"])
    assert all(e["matched"] == (e["status"] == "met") for e in out["evidence"])
    assert {"Python", "Kafka"} <= {e["requirement"] for e in out["evidence"] if e["matched"]}


def test_users_cli_creates_an_admin(_workspace):
    result = run_cli(
        "users",
        "create",
        "ada@example.com",
        "--role",
        "admin",
        "--password",
        "correct horse battery",
        home=_workspace,
    )
    assert result.returncode == 0, result.stderr
    listed = run_cli("users", "list", home=_workspace).stdout
    assert "ada@example.com" in listed and "admin" in listed
    again = run_cli(
        "users", "create", "ada@example.com", "--password", "correct horse battery", home=_workspace
    )
    assert again.returncode == 2 and "already exists" in again.stderr


def test_models_train_promote_compare_and_drift(_workspace):
    def json_of(*args: str) -> dict:
        result = run_cli(*args, "--json", home=_workspace)
        assert result.returncode == 0, result.stderr[-2000:]
        return json.loads(result.stdout)  # stdout holds the JSON alone

    demo = run_cli("demo", home=_workspace)
    assert demo.returncode == 0 and "password" not in demo.stdout + demo.stderr
    accounts = _workspace / "demo-accounts.txt"
    if accounts.exists():  # written when the workspace had no accounts yet
        assert accounts.stat().st_mode & 0o777 == 0o600 and "password:" in accounts.read_text()
    demo_versions = json_of("models", "list")  # the demo's champion and challenger
    assert (demo_versions["champion"], demo_versions["challenger"]) == ("1", "2")
    assert [v["version"] for v in demo_versions["versions"]] == ["2", "1"]
    trained = json_of("train", "--epochs", "1", "--max-seq-length", "32", "--no-eval")
    assert trained["version"] == "3" and trained["config"]["fine_tuned"] is True
    assert {"test_spearman", "test_base_spearman"} <= set(trained["metrics"])
    promoted = json_of("models", "promote", "3")
    assert promoted["champion"] == "3" and promoted["state"] == "done" and promoted["jobs"] == 5
    listed = json_of("models", "list")
    assert listed["champion"] == "3" and listed["versions"][0]["aliases"] == ["champion"]
    compared = json_of("models", "compare", "1", "3", "--job", "1")
    assert set(compared) >= {"spearman", "kendall", "overlap_at_5", "overlap_at_10", "movers"}
    assert compared["candidates"] == 34
    drift = json_of("drift")
    assert drift["version"] == "3" and drift["reference_at"] is not None


def test_erase_and_export_person_contracts(tmp_path):
    home = tmp_path / "home"
    resume = tmp_path / "jane.txt"
    resume.write_text(factories.RESUME, encoding="utf-8")
    assert run_cli("ingest", str(resume), home=home).returncode == 0
    exported = run_cli("export-person", "--email", "jane.example@example.com", home=home)
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["candidates"][0]["email"] == "jane.example@example.com"
    zipped = tmp_path / "jane.zip"
    archived = run_cli(
        "export-person", "--email", "jane.example@example.com", "--archive", str(zipped), home=home
    )
    assert archived.returncode == 0 and archived.stdout == "", archived.stderr
    assert (zipped.stat().st_mode & 0o777) == 0o600 and zipped.read_bytes()[:2] == b"PK"
    erased = run_cli("erase", "--email", "jane.example@example.com", "--json", home=home)
    assert erased.returncode == 0, erased.stderr
    report = json.loads(erased.stdout)
    assert set(report) == {"erased_candidates", "files", "index_points"}
    assert report["erased_candidates"] == 1 and report["files"] == 1
    again = run_cli("erase", "--email", "jane.example@example.com", "--json", home=home)
    assert again.returncode == 1 and "no candidate" in again.stderr


def test_retention_dry_run_contract(tmp_path):
    home = tmp_path / "home"
    resume = tmp_path / "jane.txt"
    resume.write_text(factories.RESUME, encoding="utf-8")
    assert run_cli("ingest", str(resume), home=home).returncode == 0
    listed = run_cli("retention", "--dry-run", "--months", "1", "--json", home=home)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == {"months": 1.0, "dry_run": True, "candidates": []}
    assert run_cli("retention", "--dry-run", home=home).returncode == 1  # no period configured
