"""Drift statistics, the prediction log against the promotion reference, alerts and webhook."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.auth.policy import PermissionDenied
from core.monitoring.drift import (
    centroid,
    centroid_distance,
    kl_divergence,
    proportions,
    psi,
    skill_mix,
    skill_shift,
)
from core.registry.loading import BUILTIN
from core.services import drift
from core.store.db import session_scope
from core.store.models import DriftReference, Prediction

scores = st.lists(st.floats(0, 1), min_size=1, max_size=200)


@given(scores, scores)
def test_psi_and_kl_are_non_negative_and_zero_on_identity(a, b):
    p, q = proportions(a), proportions(b)
    assert psi(p, q) >= -1e-12 and kl_divergence(q, p) >= -1e-12
    assert psi(p, p) == pytest.approx(0.0, abs=1e-12)
    assert psi(p, q) == pytest.approx(psi(q, p))


def test_psi_grows_with_the_shift():
    rng = np.random.default_rng(0)
    reference = proportions(rng.beta(5, 5, 2000))
    small = psi(reference, proportions(rng.beta(5.5, 5, 2000)))
    large = psi(reference, proportions(rng.beta(9, 3, 2000)))
    assert small < 0.1 < 0.25 < large


def test_skill_shift_and_centroid():
    python = [["Python", "SQL"]] * 20
    chefs = [["Cooking", "Baking"]] * 20
    assert skill_shift(skill_mix(python), skill_mix(python)) == pytest.approx(0.0)
    assert skill_shift(skill_mix(python), skill_mix(chefs)) > 1.0
    unit = np.eye(4, dtype=np.float32)
    assert centroid_distance(centroid(unit[:2]), centroid(unit[:2])) == pytest.approx(0, abs=1e-6)
    assert centroid_distance(centroid(unit[:1]), centroid(unit[2:3])) == pytest.approx(1.0)


def log_scores(ctx, values, version=BUILTIN, when=None):
    with session_scope(ctx.engine) as session:
        for i, value in enumerate(values):
            row = Prediction(candidate_id=i, job_id=1, version=version, score=float(value))
            if when is not None:
                row.created_at = when
            session.add(row)


def reference(ctx, values, skills=None):
    with session_scope(ctx.engine) as session:
        session.add(
            DriftReference(
                version=BUILTIN,
                scores=list(values),
                skills=skills or {},
                created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=3),
            )
        )


class Hook(BaseHTTPRequestHandler):
    received: ClassVar[list] = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        Hook.received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook():
    server = HTTPServer(("127.0.0.1", 0), Hook)
    Hook.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()


def test_no_reference_no_drift(ctx, accounts):
    report = drift.drift_report(ctx, actor=accounts["admin"])
    assert report.reference_at is None and "captured when a version is promoted" in report.notes[0]
    assert drift.check(ctx, actor=accounts["admin"]) == []


def test_a_shift_in_scores_raises_one_alert_and_calls_the_webhook(ctx, accounts, webhook):
    ctx.settings.drift_webhook_url = webhook
    rng = np.random.default_rng(1)
    reference(ctx, rng.beta(5, 5, 300).round(4).tolist())
    log_scores(ctx, rng.beta(5, 5, 60))  # same distribution: no breach
    admin = accounts["admin"]
    stable = drift.drift_report(ctx, actor=admin)
    # 60 scores from the reference distribution: PSI is inflated by noise, KS says so
    assert stable.current.p_value > 0.01 and not stable.breaches
    log_scores(ctx, rng.beta(12, 2, 200))  # scores pile up near 1
    report = drift.drift_report(ctx, actor=admin)
    assert report.breaches["psi"] > 0.2 and report.breaches["kl"] > 0.1
    assert report.days and report.days[-1].scores == 260

    created = drift.check(ctx, actor=admin)
    assert {a.metric for a in created} == {"psi", "kl"}
    assert all(a.delivered == "HTTP 204" for a in created)
    assert {m["metric"] for m in Hook.received} == {"psi", "kl"}
    assert drift.check(ctx, actor=admin) == []  # open alerts are not raised twice
    drift.acknowledge(ctx, created[0].id, actor=admin)
    assert [a.metric for a in drift.open_alerts(ctx, actor=admin)] == [created[1].metric]


def test_thresholds_are_configurable_and_admin_only(ctx, accounts):
    rng = np.random.default_rng(2)
    reference(ctx, rng.beta(5, 5, 300).tolist())
    log_scores(ctx, rng.beta(8, 5, 300))
    admin = accounts["admin"]
    drift.set_thresholds(ctx, drift.Thresholds(psi=0.001, kl=5, skills=5, centroid=5), actor=admin)
    assert set(drift.drift_report(ctx, actor=admin).breaches) == {"psi"}
    with pytest.raises(PermissionDenied):
        drift.drift_report(ctx, actor=accounts["recruiter"])


def test_too_few_scores_say_nothing(ctx, accounts):
    reference(ctx, [0.5] * 100)
    log_scores(ctx, [0.99] * 5)
    report = drift.drift_report(ctx, actor=accounts["admin"])
    assert report.current.psi is None and not report.breaches
    assert any("at least 30" in n for n in report.notes)
