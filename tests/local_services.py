"""Helpers for tests that use a local server on 127.0.0.1 (started by them, or by CI)."""

from __future__ import annotations

import os
import socket
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_healthy(url: str, seconds: float) -> bool:
    """Poll ``url`` until it answers 200; False when the time is up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


POSTGRES = os.environ.get("TALENTFLOW_TEST_POSTGRES_URL")


@contextmanager
def postgres_database() -> Iterator[str]:
    """A throwaway database on the PostgreSQL server CI starts; yields its URL."""
    from core.bench_work import throwaway_database

    assert POSTGRES, "TALENTFLOW_TEST_POSTGRES_URL is not set"
    with throwaway_database(POSTGRES) as url:
        yield url
