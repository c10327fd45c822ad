"""Drift (admin): the champion's scores and incoming resumes against its promotion reference."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.registry.names import version_name
from core.services import drift
from core.services.training import start_training
from core.work.admin_jobs import TRAIN
from pages._frame import get_context, signed_in_user
from pages._progress import active, show_outcomes, show_progress

ctx = get_context()
admin = signed_in_user()
NAMES = {
    "psi": "Score PSI",
    "kl": "Score KL divergence",
    "skills": "Skill-mix PSI",
    "centroid": "Embedding centroid shift",
}

st.title("Drift")
st.caption(
    "Every score is logged with its version. The reference is captured when a version is "
    "promoted; the last seven days are compared with it. PSI under 0.1 is stable, above 0.25 a "
    "major shift."
)
show_outcomes(ctx, (TRAIN,), actor=admin.email)
show_progress(ctx, (TRAIN,), actor=admin.email)

alerts = drift.open_alerts(ctx, actor=admin.email)
for alert in alerts:
    cols = st.columns([5, 1])
    delivered = f" · webhook: {alert.delivered}" if alert.delivered else ""
    cols[0].error(
        f"{NAMES.get(alert.metric, alert.metric)} of {version_name(alert.version)} is "
        f"{alert.value:.3f} "
        f"(threshold {alert.threshold:g}) since {alert.window_start:%Y-%m-%d}{delivered}"
    )
    if cols[1].button("Acknowledge", key=f"ack_{alert.id}"):
        drift.acknowledge(ctx, alert.id or 0, actor=admin.email)
        st.rerun()

cols = st.columns(2)
if cols[0].button("Check now", help="Raise alerts for breaches (and call the webhook)."):
    created = drift.check(ctx, actor=admin.email)
    st.toast(f"{len(created)} new alert(s)" if created else "No new breach.")
    if created:
        st.rerun()
if cols[1].button(
    "Queue retraining",
    disabled=active(ctx, (TRAIN,), actor=admin.email),
    help="Fine-tune a new version on the latest decisions; promote it from the Models page.",
):
    start_training(ctx, actor=admin.email)
    st.rerun()

report = drift.drift_report(ctx, actor=admin.email)
for note in report.notes:
    st.info(note)
if report.reference_at is None:
    st.stop()
limits = report.thresholds
assert limits is not None
st.write(
    f"Champion: {version_name(report.version)} · reference captured "
    f"{report.reference_at:%Y-%m-%d %H:%M} from {len(report.reference_scores)} scores."
)
current = report.current
cols = st.columns(4)
for column, metric in zip(cols, NAMES, strict=True):
    value = getattr(current, metric) if current else None
    column.metric(
        NAMES[metric],
        "—" if value is None else f"{value:.3f}",
        delta="breach" if metric in report.breaches else None,
        delta_color="inverse",
        help=f"threshold {getattr(limits, metric):g}",
    )

figure = go.Figure()
for scores, name in (
    (report.reference_scores, "reference"),
    (report.current_scores, "last 7 days"),
):
    figure.add_trace(
        go.Histogram(
            x=scores,
            name=name,
            histnorm="probability",
            opacity=0.6,
            xbins={"start": 0, "end": 1, "size": 0.1},
        )
    )
figure.update_layout(barmode="overlay", title="Score distribution", xaxis_title="Score")
st.plotly_chart(figure, width="stretch")

if report.days:
    days = pd.DataFrame([d.__dict__ for d in report.days])
    for metrics, title in (
        (("psi", "kl"), "Score drift per day"),
        (("skills", "centroid"), "Incoming resumes per day"),
    ):
        figure = go.Figure()
        for metric in metrics:
            figure.add_trace(go.Scatter(x=days["start"], y=days[metric], name=NAMES[metric]))
            figure.add_hline(
                y=getattr(limits, metric),
                line_dash="dot",
                annotation_text=f"{NAMES[metric]} threshold",
            )
        figure.update_layout(title=title)
        st.plotly_chart(figure, width="stretch")
    figure = go.Figure(go.Bar(x=days["start"], y=days["scores"], name="scores"))
    figure.update_layout(title="Scores logged per day")
    st.plotly_chart(figure, width="stretch")

with st.expander("Thresholds"), st.form("thresholds"):
    cols = st.columns(4)
    values = {
        metric: cols[i].number_input(
            NAMES[metric], min_value=0.001, value=float(getattr(limits, metric)), format="%.3f"
        )
        for i, metric in enumerate(NAMES)
    }
    if st.form_submit_button("Save thresholds"):
        drift.set_thresholds(ctx, drift.Thresholds(**values), actor=admin.email)
        st.rerun()
