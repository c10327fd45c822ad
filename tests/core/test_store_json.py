"""JSON columns: read with orjson, and with the standard reader where orjson refuses."""

import math

from sqlmodel import select

from core.store.db import make_engine, session_scope
from core.store.models import Candidate


def test_json_columns_read_back_whatever_the_standard_writer_wrote(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'json.db'}")
    profile = {"name": "Ada", "score": math.nan, "big": 2**70, "skills": ["Python", "Straße"]}
    with session_scope(engine) as session:
        session.add(Candidate(profile=profile, skills=["Python"], confidence={"name": 0.9}))
        session.add(Candidate(profile={"name": "Bo"}, skills=[]))
    with session_scope(engine) as session:
        first, second = session.exec(select(Candidate).order_by(Candidate.id)).all()
    assert math.isnan(first.profile["score"]) and first.profile["big"] == 2**70
    assert first.profile["skills"] == ["Python", "Straße"] and first.confidence == {"name": 0.9}
    assert second.profile == {"name": "Bo"} and second.skills == []
    engine.dispose()
