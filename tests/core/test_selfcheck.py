"""The start-up self-check refuses unsafe settings outside demo mode."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.config import Settings
from core.selfcheck import refusal, unsafe_settings

ROOT = Path(__file__).resolve().parents[2]


def settings(**values) -> Settings:
    defaults = {"load_demo": False, "show_error_details": False}
    return Settings(**{**defaults, **values})


def test_safe_settings_start():
    assert unsafe_settings(settings()) == []
    assert refusal(settings(qdrant_url="http://127.0.0.1:6333")) is None


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"show_error_details": True}, "TALENTFLOW_SHOW_ERROR_DETAILS"),
        ({"qdrant_url": "https://qdrant.internal:6333"}, "QDRANT_API_KEY"),
        ({"qdrant_url": "http://10.0.0.5:6333", "qdrant_api_key": "k"}, "https"),
        ({"anthropic_base_url": "http://gateway.internal"}, "ANTHROPIC_BASE_URL"),
        ({"database_url": "postgresql+psycopg://tf:postgres@db.internal/tf"}, "DATABASE_URL"),
        ({"database_url": "postgresql+psycopg://tf:short@db.internal/tf"}, "DATABASE_URL"),
        ({"database_url": "postgresql+psycopg://tf@db.internal/tf"}, "DATABASE_URL"),
        (
            {"work_database_url": "postgresql+psycopg://tf:changeme@db.internal/w"},
            "TALENTFLOW_WORK_DATABASE_URL",
        ),
        (
            {"qdrant_url": "https://qdrant.internal:6333", "qdrant_api_key": "qdrant"},
            "QDRANT_API_KEY is a default",
        ),
        (
            {
                "qdrant_url": "http://qdrant:6333",
                "qdrant_api_key": "k" * 32,
                "private_hosts": "mlflow",
            },
            "TALENTFLOW_PRIVATE_HOSTS",
        ),
    ],
)
def test_each_unsafe_setting_is_named(values, named):
    message = refusal(settings(**values))
    assert message is not None and named in message
    assert refusal(settings(load_demo=True, **values)) is None  # demo mode may run with it


def test_strong_secrets_and_private_hosts_pass():
    strong = "Vq7-kq2n4Zr9xw"
    assert (
        unsafe_settings(
            settings(
                database_url=f"postgresql+psycopg://tf:{strong}@db.internal/tf",
                qdrant_url="http://qdrant:6333",
                qdrant_api_key=strong,
                private_hosts="qdrant, mlflow",
            )
        )
        == []
    )
    local = settings(database_url="postgresql+psycopg://postgres:postgres@127.0.0.1:54329/tf")
    assert unsafe_settings(local) == []  # a default password only this machine can use


def test_demo_passwords_left_in_the_workspace_are_refused(tmp_path):
    from core.cli import write_demo_accounts

    write_demo_accounts(tmp_path, [("ada@example.com", "admin", "pw-from-the-demo")])
    message = refusal(settings(home=tmp_path))
    assert message is not None and "demo-accounts.txt" in message and "users reset" in message
    assert refusal(settings(home=tmp_path, load_demo=True)) is None


def test_the_server_refuses_to_start(tmp_path):
    env = dict(
        os.environ,
        TALENTFLOW_HOME=str(tmp_path),
        TALENTFLOW_LOAD_DEMO="false",
        TALENTFLOW_SHOW_ERROR_DETAILS="true",
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/serve.py"), "--server.headless", "true"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "TALENTFLOW_SHOW_ERROR_DETAILS" in result.stderr
