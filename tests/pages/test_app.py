"""The router's start: a database that needs an upgrade is named, not a blank error page."""

from __future__ import annotations

from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from core.config import get_settings
from core.store.db import make_engine
from tests.pages.conftest import APP


def test_outdated_database_says_which_command_upgrades_it():
    settings = get_settings()
    settings.home.mkdir(parents=True)
    engine = make_engine(settings.db_url)
    with engine.begin() as conn:  # as TalentFlow left it before migrations: no version table
        conn.execute(text("DROP TABLE alembic_version"))
    engine.dispose()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert "python -m core db upgrade" in at.error[0].value
