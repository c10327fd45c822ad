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
from core.errors import InvalidInput
from core.monitoring.bias import AuditReport, Subject, audit
from core.services import audit as audit_log
from core.services.context import AppContext
from core.services.export import safe_cell
from core.services.guard import authorize
from core.services.jobs import get_job
from core.store.db import session_scope
from core.store.models import Candidate, Score, SelfIdentification, ShortlistEntry, utcnow

Basis = Literal["scores", "shortlisted", "approved"]


@dataclass
class JobAudit:
    """A report and where its data came from."""

    report: AuditReport
    job_title: str
    basis: Basis
    people: int
    with_self_id: int
    generated_at: str


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


def job_audit(ctx: AppContext, job_id: int, *, basis: Basis, actor: str) -> JobAudit:
    """The LL144 report for a job's scored candidates (scores, or shortlist/approval decisions)."""
    authorize(ctx, actor, Action.BIAS_AUDIT)
    job = get_job(ctx, job_id)
    with session_scope(ctx.engine) as session:
        scores = list(session.exec(select(Score).where(Score.job_id == job_id)))
        ids = [s.candidate_id for s in scores]
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
    for score in scores:
        identity = identities.get(score.candidate_id)
        sex, race = (identity.sex, identity.race) if identity else (None, None)
        if basis == "scores":
            subjects.append(Subject(sex, race, score=score.score))
        else:
            entry = entries.get(score.candidate_id)
            chosen = entry is not None and (basis == "shortlisted" or entry.status == "approve")
            subjects.append(Subject(sex, race, selected=chosen))
    audit_log.record(ctx, actor, "bias.audit", f"job {job_id}", basis=basis, people=len(subjects))
    return JobAudit(
        report=audit(subjects),
        job_title=job.title,
        basis=basis,
        people=len(subjects),
        with_self_id=len(identities),
        generated_at=utcnow().strftime("%Y-%m-%d %H:%M UTC"),
    )


def report_csv(result: JobAudit) -> str:
    """The report as CSV, with its data source and date in the first lines."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(f"Bias audit of '{result.job_title}' ({result.basis})")])
    writer.writerow(
        [
            safe_cell(
                f"Data: TalentFlow stored scores and decisions; voluntary "
                f"self-identification for {result.with_self_id} of {result.people}; "
                f"generated {result.generated_at}"
            )
        ]
    )
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
