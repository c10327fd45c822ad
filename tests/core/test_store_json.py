"""JSON columns: written as strict JSON, read with orjson, and with the standard reader where
orjson refuses."""

import math

from sqlalchemy import text
from sqlmodel import select

from core.store.db import make_engine, session_scope
from core.store.models import Candidate


def test_json_columns_are_strict_json_on_every_backend(tmp_path, database):
    engine = make_engine(database or f"sqlite:///{tmp_path / 'json.db'}")
    profile = {"name": "Ada", "score": math.nan, "big": 2**70, "skills": ["Python", "Straße"]}
    with session_scope(engine) as session:
        session.add(Candidate(profile=profile, skills=["Python"], confidence={"name": 0.9}))
        session.add(Candidate(profile={"name": "Bo", "fit": -math.inf}, skills=[]))
    with session_scope(engine) as session:
        first, second = session.exec(select(Candidate).order_by(Candidate.id)).all()
    assert first.profile["score"] is None and first.profile["big"] == 2**70
    assert first.profile["skills"] == ["Python", "Straße"] and first.confidence == {"name": 0.9}
    assert second.profile == {"name": "Bo", "fit": None} and second.skills == []
    engine.dispose()


def test_a_sqlite_workspace_holding_nan_still_reads(tmp_path):
    """Values an earlier version wrote with the standard writer (NaN) read back."""
    engine = make_engine(f"sqlite:///{tmp_path / 'json.db'}")
    with session_scope(engine) as session:
        session.add(Candidate(profile={}, skills=[]))
    with engine.begin() as connection:
        connection.execute(text("""UPDATE candidate SET profile = '{"score": NaN}'"""))
    with session_scope(engine) as session:
        [candidate] = session.exec(select(Candidate)).all()
    assert math.isnan(candidate.profile["score"])
    engine.dispose()
