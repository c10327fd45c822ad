"""Drift monitoring of the champion: the prediction log and incoming resumes against the
reference captured when the version was promoted.

Per day: score count and mean, PSI and KL of the score distribution, PSI of the incoming resumes'
skill mix, cosine distance of their embedding centroid. The last ``window_days`` together are
checked against the thresholds; a breach with enough data (and, for scores, a significant
two-sample KS test, since PSI of a few dozen scores is inflated by noise alone) raises an alert
(once per version and metric until acknowledged), shown to admins and POSTed to the webhook if
one is configured.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

import numpy as np
from scipy.stats import ks_2samp
from sqlmodel import col, select

from core.auth.policy import Action
from core.context import AppContext
from core.monitoring.drift import (
    centroid,
    centroid_distance,
    kl_divergence,
    proportions,
    psi,
    skill_mix,
    skill_shift,
)
from core.registry.loading import ScoringModel
from core.services import audit as audit_log
from core.services.guard import authorize
from core.store.db import session_scope
from core.store.models import (
    Candidate,
    ChunkVector,
    DriftAlert,
    DriftReference,
    DriftSettings,
    Prediction,
    Resume,
    Score,
    as_utc,
    utcnow,
)
from core.store.public import DriftAlertPublic

log = logging.getLogger(__name__)
METRICS = ("psi", "kl", "skills", "centroid")
MIN_SCORES = 30  # fewer scores in a window say nothing about their distribution
MIN_RESUMES = 10
SIGNIFICANCE = 0.01  # a score breach also needs a two-sample KS test below this p-value


@dataclass(frozen=True)
class Thresholds:
    psi: float
    kl: float
    skills: float
    centroid: float


@dataclass
class Window:
    """One period's figures (None where there was no data)."""

    start: dt.datetime
    scores: int = 0
    mean_score: float | None = None
    resumes: int = 0
    psi: float | None = None
    kl: float | None = None
    p_value: float | None = None  # two-sample KS test against the reference scores
    skills: float | None = None
    centroid: float | None = None


@dataclass
class DriftReport:
    """The champion's drift: daily series, the current window, breaches."""

    version: str
    reference_at: dt.datetime | None
    reference_scores: list[float] = field(default_factory=list)
    current_scores: list[float] = field(default_factory=list)
    days: list[Window] = field(default_factory=list)
    current: Window | None = None
    thresholds: Thresholds | None = None
    breaches: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _vectors(ctx: AppContext, resume_ids: list[int], model: str, dimension: int) -> np.ndarray:
    with session_scope(ctx.engine) as session:
        rows = list(
            session.exec(
                select(ChunkVector.vector).where(
                    col(ChunkVector.resume_id).in_(resume_ids), ChunkVector.model == model
                )
            )
        )
    if not rows:
        return np.zeros((0, dimension), dtype=np.float32)
    return np.frombuffer(b"".join(rows), dtype=np.float32).reshape(len(rows), dimension)


def capture_reference(ctx: AppContext, model: ScoringModel) -> DriftReference:
    """Store what the data looks like now under ``model``: its current scores, the skill mix of
    the candidate pool and the centroid of their resume embeddings."""
    with session_scope(ctx.engine) as session:
        scores = list(session.exec(select(Score.score).where(Score.version == model.version)))
        pool = list(session.exec(select(Candidate.skills, Candidate.current_resume_id)))
    resume_ids = [r for _, r in pool if r]
    vectors = _vectors(ctx, resume_ids, model.encoder.model_version, model.encoder.dimension)
    reference = DriftReference(
        version=model.version,
        scores=[float(s) for s in scores],
        skills=skill_mix(s for s, _ in pool),
        centroid=centroid(vectors).tobytes(),
        model=model.encoder.model_version,
    )
    with session_scope(ctx.engine) as session:
        session.add(reference)
        session.flush()
        session.refresh(reference)
        session.expunge(reference)
    return reference


def thresholds(ctx: AppContext, *, actor: str) -> Thresholds:
    """The thresholds an admin set last, else the configured defaults."""
    authorize(ctx, actor, Action.MONITOR_DRIFT)
    return _thresholds(ctx)


def _thresholds(ctx: AppContext) -> Thresholds:
    with session_scope(ctx.engine) as session:
        row = session.exec(select(DriftSettings).order_by(col(DriftSettings.id).desc())).first()
    if row is not None:
        return Thresholds(row.psi, row.kl, row.skills, row.centroid)
    s = ctx.settings
    return Thresholds(
        s.drift_psi_threshold,
        s.drift_kl_threshold,
        s.drift_skill_threshold,
        s.drift_centroid_threshold,
    )


def set_thresholds(ctx: AppContext, values: Thresholds, *, actor: str) -> None:
    """Save new thresholds (audited)."""
    authorize(ctx, actor, Action.MONITOR_DRIFT)
    with session_scope(ctx.engine) as session:
        session.add(DriftSettings(**values.__dict__, updated_by=actor))
    audit_log.record(ctx, actor, "drift.thresholds", "", **values.__dict__)


def _window(
    ctx: AppContext,
    reference: DriftReference,
    start: dt.datetime,
    scores: list[float],
    resumes: list[tuple[int, list[str]]],
    dimension: int,
) -> Window:
    window = Window(start=start, scores=len(scores), resumes=len(resumes))
    if scores:
        window.mean_score = float(np.mean(scores))
    if len(scores) >= MIN_SCORES and reference.scores:
        ref, cur = proportions(reference.scores), proportions(scores)
        window.psi, window.kl = psi(ref, cur), kl_divergence(cur, ref)
        window.p_value = float(ks_2samp(reference.scores, scores).pvalue)
    if len(resumes) >= MIN_RESUMES:
        window.skills = skill_shift(reference.skills, skill_mix(s for _, s in resumes))
        vectors = _vectors(ctx, [i for i, _ in resumes], reference.model, dimension)
        ref_centroid = np.frombuffer(reference.centroid, dtype=np.float32)
        window.centroid = centroid_distance(ref_centroid, centroid(vectors))
    return window


def drift_report(
    ctx: AppContext, *, actor: str, days: int = 30, window_days: int = 7
) -> DriftReport:
    """The champion's drift since its reference, per day and for the last ``window_days``."""
    authorize(ctx, actor, Action.MONITOR_DRIFT)
    model = ctx.scoring
    report = DriftReport(version=model.version, reference_at=None, thresholds=_thresholds(ctx))
    with session_scope(ctx.engine) as session:
        reference = session.exec(
            select(DriftReference)
            .where(DriftReference.version == model.version)
            .order_by(col(DriftReference.id).desc())
        ).first()
        if reference is None:
            report.notes.append(
                f"No reference for {model.label} yet: it is captured when a version is promoted."
            )
            return report
        session.expunge(reference)
        since = max(reference.created_at, as_utc(utcnow() - dt.timedelta(days=days)))
        predictions = list(
            session.exec(
                select(Prediction.score, Prediction.created_at).where(
                    Prediction.version == model.version, col(Prediction.created_at) > since
                )
            )
        )
        resumes = list(
            session.exec(
                select(Resume.id, Resume.profile, Resume.created_at).where(
                    col(Resume.created_at) > since
                )
            )
        )
    report.reference_at = reference.created_at
    report.reference_scores = list(reference.scores)
    dimension = model.encoder.dimension
    by_day: dict[dt.date, tuple[list[float], list[tuple[int, list[str]]]]] = {}
    for score, at in predictions:
        by_day.setdefault(as_utc(at).date(), ([], []))[0].append(score)
    for rid, profile, at in resumes:
        by_day.setdefault(as_utc(at).date(), ([], []))[1].append(
            (rid or 0, profile.get("skills", []))
        )
    for day in sorted(by_day):
        start = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
        s, r = by_day[day]
        report.days.append(_window(ctx, reference, start, s, r, dimension))
    cutoff = as_utc(utcnow() - dt.timedelta(days=window_days))
    window_start = max(cutoff, as_utc(reference.created_at))
    recent_scores = [s for s, at in predictions if as_utc(at) >= window_start]
    recent_resumes = [
        (rid or 0, p.get("skills", [])) for rid, p, at in resumes if as_utc(at) >= window_start
    ]
    report.current_scores = recent_scores
    report.current = _window(ctx, reference, window_start, recent_scores, recent_resumes, dimension)
    if len(recent_scores) < MIN_SCORES:
        report.notes.append(
            f"{len(recent_scores)} scores since {window_start:%Y-%m-%d}: score drift needs "
            f"at least {MIN_SCORES}."
        )
    if len(recent_resumes) < MIN_RESUMES:
        report.notes.append(
            f"{len(recent_resumes)} new resumes since {window_start:%Y-%m-%d}: skill and "
            f"embedding drift need at least {MIN_RESUMES}."
        )
    limits = report.thresholds
    assert limits is not None
    significant = report.current.p_value is not None and report.current.p_value < SIGNIFICANCE
    for metric in METRICS:
        value = getattr(report.current, metric)
        if value is None or value <= getattr(limits, metric):
            continue
        if metric in {"psi", "kl"} and not significant:
            # PSI and KL of a few dozen scores are inflated by sampling noise alone
            report.notes.append(f"{metric} {value:.3f} is above its threshold but not significant")
            continue
        report.breaches[metric] = value
    return report


def check(ctx: AppContext, *, actor: str) -> list[DriftAlertPublic]:
    """Compute the report and raise an alert for each new breach; returns the new alerts."""
    report = drift_report(ctx, actor=actor)
    if not report.breaches or report.current is None or report.thresholds is None:
        return []
    window_start = report.current.start
    created = []
    with session_scope(ctx.engine) as session:
        open_alerts = {
            (a.version, a.metric)
            for a in session.exec(
                select(DriftAlert).where(col(DriftAlert.acknowledged_by).is_(None))
            )
        }
        for metric, value in report.breaches.items():
            if (report.version, metric) in open_alerts:
                continue
            alert = DriftAlert(
                version=report.version,
                metric=metric,
                value=round(value, 4),
                threshold=getattr(report.thresholds, metric),
                window_start=window_start,
            )
            session.add(alert)
            created.append(alert)
        session.flush()
        for alert in created:
            alert.delivered = _deliver(ctx, alert)
            session.add(alert)
        session.flush()
        for alert in created:
            session.refresh(alert)
            session.expunge(alert)
    for alert in created:
        audit_log.record(
            ctx, actor, "drift.alert", f"v{alert.version}", metric=alert.metric, value=alert.value
        )
    return [DriftAlertPublic.of(a) for a in created]


def _deliver(ctx: AppContext, alert: DriftAlert) -> str:
    """POST the alert to the configured webhook; returns what happened."""
    url = ctx.settings.drift_webhook_url
    if not url:
        return ""
    import httpx

    body = {
        "event": "talentflow.drift",
        "version": alert.version,
        "metric": alert.metric,
        "value": alert.value,
        "threshold": alert.threshold,
        "window_start": alert.window_start.isoformat(),
    }
    try:
        response = httpx.post(url, json=body, timeout=5.0)
    except httpx.HTTPError as e:
        log.warning("drift webhook failed: %s", e)
        return f"failed: {type(e).__name__}"
    return f"HTTP {response.status_code}"


def open_alerts(ctx: AppContext, *, actor: str) -> list[DriftAlertPublic]:
    """Alerts not yet acknowledged, newest first."""
    authorize(ctx, actor, Action.MONITOR_DRIFT)
    with session_scope(ctx.engine) as session:
        rows = list(
            session.exec(
                select(DriftAlert)
                .where(col(DriftAlert.acknowledged_by).is_(None))
                .order_by(col(DriftAlert.id).desc())
            )
        )
        return [DriftAlertPublic.of(r) for r in rows]


def acknowledge(ctx: AppContext, alert_id: int, *, actor: str) -> None:
    """Close an alert (audited)."""
    authorize(ctx, actor, Action.MONITOR_DRIFT)
    with session_scope(ctx.engine) as session:
        alert = session.get(DriftAlert, alert_id)
        if alert is None:
            return
        alert.acknowledged_by = actor
        session.add(alert)
    audit_log.record(ctx, actor, "drift.acknowledge", str(alert_id))
