"""Scale-out by configuration: the same registry code against an MLflow tracking server
(``MLFLOW_TRACKING_URI``), started here on 127.0.0.1 with its own store and artifact proxy."""

import subprocess
import sys

import pytest

from core.config import Settings
from core.context import build_context
from core.services import models
from core.work import admin_jobs, runtime
from tests.local_services import free_port, wait_until_healthy


@pytest.fixture
def tracking_server(tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mlflow",
            "server",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--backend-store-uri",
            f"sqlite:///{tmp_path / 'server.db'}",
            "--artifacts-destination",
            str(tmp_path / "server-artifacts"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={"MLFLOW_DISABLE_TELEMETRY": "true", "PATH": "/usr/bin:/bin"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        if not wait_until_healthy(f"{url}/health", 90):
            pytest.fail("the MLflow server did not start")
        yield url, tmp_path / "server-artifacts"
    finally:
        process.terminate()
        process.wait(15)


def test_registry_on_a_tracking_server(tracking_server, _workspace, pool):
    url, artifacts = tracking_server
    ctx = build_context(Settings(home=_workspace, mlflow_tracking_uri=url))
    ctx.pool.close()
    ctx.pool = pool
    try:
        version = models.register_default(ctx, actor="cli", evaluate_it=False)
        runtime.start_worker(ctx)
        try:
            admin_jobs.wait(ctx.settings, models.promote(ctx, version.version, actor="cli"), 120)
        finally:
            runtime.stop()
        assert ctx.champion_version() == version.version
        assert not (_workspace / "mlflow.db").exists()  # nothing local: the server holds it
        assert any(artifacts.rglob("config.json"))  # uploaded through the server's proxy
        model = ctx.model_for(version.version)  # downloaded back into the workspace cache
        assert model.config == version.config
    finally:
        ctx.close()
