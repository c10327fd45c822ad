"""The bias audit of a job: voluntary self-identification joined with stored scores or decisions.

Self-identification is imported from a CSV (``email,sex,race``; empty = unknown) into its own
table. The report follows NYC LL144 (see ``core/monitoring/bias.py``) and states its data source
and date.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Literal

from sqlmodel import col, select

from core.auth.policy import Action
from core.context import AppContext
from core.errors import InvalidInput
from core.monitoring.bias import AuditReport, Row, Subject, audit
from core.registry.names import version_name
from core.services import audit as audit_log
from core.services.export import safe_cell
from core.services.guard import authorize
from core.store.db import session_scope
from core.store.jobs import load_job
from core.store.models import (
    Candidate,
    Prediction,
    Score,
    SelfIdentification,
    ShortlistEntry,
    utcnow,
)

Basis = Literal["scores", "shortlisted", "approved"]


SYNTHETIC = "synthetic"  # the source of self-identification the demo made up


@dataclass
class JobAudit:
    """A report and where its data came from."""

    report: AuditReport
    job_title: str
    basis: Basis
    people: int
    with_self_id: int
    generated_at: str
    version: str = "current"
    synthetic: int = 0  # self-identifications made up by the demo, not anyone's answers


def import_self_identification(ctx: AppContext, data: bytes, *, actor: str) -> dict[str, int]:
    """Store self-identification by candidate e-mail; returns how many rows matched a candidate."""
    authorize(ctx, actor, Action.BIAS_AUDIT)
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    if not {"email", "sex", "race"} <= set(reader.fieldnames or []):
        raise InvalidInput("the CSV needs email, sex and race columns")
    matched = unmatched = 0
    with session_scope(ctx.engine) as session:
        by_email = {
            (c.email or "").lower(): c.id for c in session.exec(select(Candidate)) if c.email
        }
        for row in reader:
            candidate_id = by_email.get((row.get("email") or "").strip().lower())
            if candidate_id is None:
                unmatched += 1
                continue
            entry = session.exec(
                select(SelfIdentification).where(SelfIdentification.candidate_id == candidate_id)
            ).first() or SelfIdentification(candidate_id=candidate_id)
            entry.sex = (row.get("sex") or "").strip()[:60] or None
            entry.race = (row.get("race") or "").strip()[:120] or None
            entry.source, entry.recorded_at = "csv", utcnow()
            session.add(entry)
            matched += 1
    audit_log.record(
        ctx, actor, "bias.import", "self-identification", matched=matched, unmatched=unmatched
    )
    return {"matched": matched, "unmatched": unmatched}


def record_self_identification(
    ctx: AppContext, candidate_id: int, sex: str | None, race: str | None, *, actor: str
) -> None:
    """Store (or clear, with empty values) one candidate's self-identification, as entered by an
    admin from a form the candidate returned."""
    authorize(ctx, actor, Action.BIAS_AUDIT)
    with session_scope(ctx.engine) as session:
        if session.get(Candidate, candidate_id) is None:
            raise InvalidInput(f"no candidate {candidate_id}")
        entry = session.exec(
            select(SelfIdentification).where(SelfIdentification.candidate_id == candidate_id)
        ).first() or SelfIdentification(candidate_id=candidate_id)
        entry.sex = (sex or "").strip()[:60] or None
        entry.race = (race or "").strip()[:120] or None
        entry.source, entry.recorded_at = "admin", utcnow()
        session.add(entry)
    audit_log.record(ctx, actor, "bias.self_id", f"candidate {candidate_id}")


def logged_versions(ctx: AppContext, job_id: int, *, actor: str) -> list[str]:
    """The model versions that have scored this job (prediction log), oldest first."""
    authorize(ctx, actor, Action.BIAS_AUDIT)
    with session_scope(ctx.engine) as session:
        found = set(session.exec(select(Prediction.version).where(Prediction.job_id == job_id)))
    return sorted(found, key=lambda v: (v != "builtin", int(v) if v.isdigit() else 0))


def _scores(ctx: AppContext, job_id: int, version: str | None) -> dict[int, float]:
    """Candidate -> score: the stored scores, or a version's latest logged score per candidate."""
    with session_scope(ctx.engine) as session:
        if version is None:
            rows = session.exec(
                select(Score.candidate_id, Score.score).where(Score.job_id == job_id)
            )
            return dict(rows.all())
        logged = session.exec(
            select(Prediction.candidate_id, Prediction.score)
            .where(Prediction.job_id == job_id, Prediction.version == version)
            .order_by(col(Prediction.id))
        )
        return dict(logged.all())  # later rows win: the latest score per candidate


def job_audit(
    ctx: AppContext, job_id: int, *, basis: Basis, actor: str, version: str | None = None
) -> JobAudit:
    """The LL144 report for a job's scored candidates (scores, or shortlist/approval decisions),
    from the stored scores or from one model version's logged scores."""
    authorize(ctx, actor, Action.BIAS_AUDIT)
    job = load_job(ctx.engine, job_id)
    scores = _scores(ctx, job_id, version)
    with session_scope(ctx.engine) as session:
        ids = list(scores)
        identities = {
            i.candidate_id: i
            for i in session.exec(
                select(SelfIdentification).where(col(SelfIdentification.candidate_id).in_(ids))
            )
        }
        entries = {
            e.candidate_id: e
            for e in session.exec(select(ShortlistEntry).where(ShortlistEntry.job_id == job_id))
        }
    subjects = []
    for candidate_id, score in scores.items():
        identity = identities.get(candidate_id)
        sex, race = (identity.sex, identity.race) if identity else (None, None)
        if basis == "scores":
            subjects.append(Subject(sex, race, score=score))
        else:
            entry = entries.get(candidate_id)
            chosen = entry is not None and (basis == "shortlisted" or entry.status == "approve")
            subjects.append(Subject(sex, race, selected=chosen))
    audit_log.record(
        ctx,
        actor,
        "bias.audit",
        f"job {job_id}",
        basis=basis,
        people=len(subjects),
        version=version,
    )
    return JobAudit(
        report=audit(subjects),
        job_title=job.title,
        basis=basis,
        people=len(subjects),
        with_self_id=len(identities),
        synthetic=sum(i.source == SYNTHETIC for i in identities.values()),
        generated_at=utcnow().strftime("%Y-%m-%d %H:%M UTC"),
        version=version_name(version) if version else "current",
    )


def report_csv(result: JobAudit) -> str:
    """The report as CSV, with its data source and date in the first lines."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [safe_cell(f"Bias audit of '{result.job_title}' ({result.basis}, {result.version} scores)")]
    )
    writer.writerow([safe_cell(_source_line(result))])
    writer.writerow(["table", "category", "count", "rate", "impact_ratio", "excluded"])
    report = result.report
    for name, rows in (
        ("sex", report.by_sex),
        ("race/ethnicity", report.by_race),
        ("intersectional", report.intersectional),
    ):
        for r in rows:
            writer.writerow(
                [
                    name,
                    safe_cell(r.category),
                    r.count,
                    r.rate,
                    "" if r.impact_ratio is None else r.impact_ratio,
                    r.excluded,
                ]
            )
    writer.writerow([])
    writer.writerow(["unknown", report.unknown_count])
    for flag in report.flags:
        writer.writerow(["flag", safe_cell(flag)])
    return out.getvalue()


def _source_line(result: JobAudit) -> str:
    synthetic = (
        f" ({result.synthetic} of them synthetic demo data, not real answers)"
        if result.synthetic
        else ""
    )
    return (
        f"Data: TalentFlow stored scores and decisions ({result.version} scores); voluntary "
        f"self-identification for {result.with_self_id} of {result.people} candidates"
        f"{synthetic}; generated {result.generated_at}."
    )


def report_html(result: JobAudit) -> str:
    """The report as a self-contained printable page (every value escaped)."""
    from html import escape

    report = result.report

    def table(name: str, rows: list[Row]) -> str:
        body = "".join(
            "<tr>"
            f"<td>{escape(r.category)}</td><td>{r.count}</td><td>{r.rate:.3f}</td>"
            f"<td>{'excluded (under 2%)' if r.excluded else escape(str(r.impact_ratio))}</td>"
            f"<td>{'below 0.8' if r.impact_ratio is not None and r.impact_ratio < 0.8 else ''}</td>"
            "</tr>"
            for r in rows
        )
        return (
            f"<h2>{escape(name)}</h2><table><thead><tr><th>Category</th><th>Count</th>"
            "<th>Rate</th><th>Impact ratio</th><th>Four-fifths</th></tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )

    method = (
        "Scoring rate = share of the category scoring above the median of the whole sample"
        if report.kind == "scoring"
        else "Selection rate = selected / members of the category"
    )
    flags = "".join(f"<li>{escape(f)}</li>" for f in report.flags) or "<li>none</li>"
    median = "" if report.median_score is None else f" Median score: {report.median_score}."
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>Bias audit: {escape(result.job_title)}</title><style>"
        "body{font-family:sans-serif;margin:2em;color:#111}table{border-collapse:collapse;"
        "margin-bottom:1.5em}th,td{border:1px solid #999;padding:4px 10px;text-align:left}"
        "@media print{body{margin:0}h2{break-after:avoid}table{break-inside:avoid}}"
        "</style></head><body>"
        f"<h1>Bias audit: {escape(result.job_title)}</h1>"
        f"<p>Outcome: {escape(result.basis)}. {escape(_source_line(result))}</p>"
        f"<p>Method (NYC Local Law 144, DCWP rules): {method}; impact ratio = rate / highest "
        "rate. Categories under 2% of the sample are excluded from ratios; unknown categories "
        f"never enter a ratio. Unknown: {report.unknown_count}.{median}</p>"
        + table("Sex", report.by_sex)
        + table("Race/ethnicity", report.by_race)
        + table("Intersectional", report.intersectional)
        + f"<h2>Flags</h2><ul>{flags}</ul></body></html>"
    )
