"""Engine factory: SQLite (WAL, foreign keys, busy timeout) by default, or any SQLAlchemy URL.

The schema is not created here: ``make_engine`` asks ``core.store.schema`` to bring an empty
database to the latest migration and refuses an outdated one.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from core.store import models  # noqa: F401  (registers the tables on SQLModel.metadata)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA secure_delete=ON")  # an erased person's text leaves no free page
    cursor.close()


def _json_loads(text: str | bytes) -> Any:
    """JSON columns read with orjson (profiles and evidence are most of a ranking's reads); the
    standard reader takes what orjson refuses (NaN, integers beyond 64 bits)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def _json_dumps(value: Any) -> str:
    """Strict JSON, as PostgreSQL's json type demands: NaN and infinities are written as null
    (orjson's rule), on every backend alike."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except orjson.JSONEncodeError:  # integers beyond 64 bits
        return json.dumps(_finite(value), ensure_ascii=False)


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def open_engine(url: str) -> Engine:
    """An engine for ``url`` with TalentFlow's connection settings, the schema unchecked."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            hide_parameters=True,
            json_serializer=_json_dumps,
            json_deserializer=_json_loads,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(
            url,
            pool_pre_ping=True,
            hide_parameters=True,
            json_serializer=_json_dumps,
            json_deserializer=_json_loads,
        )
    return engine


def make_engine(url: str) -> Engine:
    """An engine for ``url`` whose schema is current: an empty database gets the schema.

    Raises:
        SchemaMismatch: the database is at another revision (``python -m core db upgrade``).
    """
    from core.store.schema import ensure_current  # here: schema.py imports this module

    engine = open_engine(url)
    try:
        ensure_current(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
