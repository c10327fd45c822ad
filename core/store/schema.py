"""Schema versions with Alembic: upgrade a database, read its revision, check it at start-up.

An empty database is brought to the latest revision when the app starts. A database at an older
revision, or created before migrations existed (TalentFlow's tables, no revision), is refused
until ``python -m core db upgrade`` has run. Schema changes hold a lock (SQLite: ``BEGIN
IMMEDIATE``; PostgreSQL: an advisory lock), so processes starting together on a new database
wait for each other instead of creating the same tables twice. On a SQLite file the start-up
check also holds a lock file beside the database: SQLite answers "database is locked" at once,
without waiting, to connections switching a new file to WAL together.
"""

from __future__ import annotations

import importlib.util
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from filelock import FileLock
from sqlalchemy import Connection, create_engine, event, inspect, text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel

from core.errors import InvalidInput, SchemaMismatch, SchemaOutdated, SchemaUnknown
from core.store.db import open_engine

MIGRATIONS = Path(__file__).with_name("migrations")
BASELINE = "0001"  # the schema as create_all made it before migrations existed
VERSION_TABLE = "alembic_version"
_PG_LOCK = zlib.crc32(b"talentflow schema")  # advisory lock key of schema changes


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration of TalentFlow's migrations, to run on ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The latest revision of the migrations shipped with this version."""
    head = _scripts().get_current_head()
    if head is None:
        raise RuntimeError(f"no revisions in {MIGRATIONS / 'versions'}")
    return head


def current_revision(engine: Engine) -> str | None:
    """The database's revision; None when it has none (empty, or created before migrations)."""
    with engine.connect() as conn:
        return _revision(conn)


def ensure_current(engine: Engine) -> None:
    """Give an empty database the latest schema; accept one at the latest revision.

    Raises:
        SchemaOutdated: an older revision, or tables created before migrations existed.
        SchemaUnknown: a revision this version does not know.
    """
    with _first_start(engine.url):
        _ensure_current(engine)


def _ensure_current(engine: Engine) -> None:
    with engine.connect() as conn:
        revision = _revision(conn)
        empty = revision is None and not _has_tables(conn)
    if empty:
        try:
            with _locked(engine) as conn:
                if _revision(conn) is None and not _has_tables(conn):  # nobody was faster
                    _create(conn)
        except DBAPIError:
            if current_revision(engine) != head_revision():  # not a lost race: a real error
                raise
        revision = current_revision(engine)
    _check(revision)


def upgrade(target: Engine | str, revision: str = "head") -> tuple[str | None, str | None]:
    """Bring a database (an engine or a URL) to ``revision``; returns its revision before and after.

    A database created before migrations existed is stamped at the baseline first, once its
    tables and columns are checked against the baseline's.

    Raises:
        SchemaUnknown: the database is at a revision this version does not know.
        SchemaMismatch: a database without revision lacks some of the baseline's columns.
    """
    engine = open_engine(target) if isinstance(target, str) else target
    try:
        with _locked(engine) as conn:
            before = _revision(conn)
            if before is not None and not _known(before):
                raise SchemaUnknown(before)
            if before is None and _has_tables(conn):
                _adopt(conn)
            command.upgrade(alembic_config(conn), revision)
            after = _revision(conn)
    finally:
        if isinstance(target, str):
            engine.dispose()
    return before, after


def new_revision(engine: Engine, message: str) -> str:
    """Autogenerate a revision from the models' difference to a database at the latest
    revision; returns the path of the file written (to be reviewed before it is committed).

    Raises:
        SchemaMismatch: the database is not at the latest revision.
        InvalidInput: the models and the database do not differ.
    """
    from alembic.autogenerate import compare_metadata

    _check(current_revision(engine))
    head = head_revision()
    with engine.connect() as conn:
        if not compare_metadata(MigrationContext.configure(conn), SQLModel.metadata):
            raise InvalidInput("the models match the database: there is nothing to migrate")
        script = command.revision(
            _formatted(alembic_config(conn)),
            message=message,
            autogenerate=True,
            rev_id=f"{int(head) + 1:04d}" if head.isdigit() else None,
        )
    _scripts.cache_clear()
    if script is None or isinstance(script, list):
        raise RuntimeError("alembic wrote no single revision")
    return str(script.path)


def _formatted(config: Config) -> Config:
    """Run ruff (a development tool: absent in production) on each revision written."""
    if importlib.util.find_spec("ruff") is None:
        return config
    section = "post_write_hooks"
    config.set_section_option(section, "hooks", "lint, format")
    for hook, options in (("lint", "check --fix --quiet"), ("format", "format --quiet")):
        config.set_section_option(section, f"{hook}.type", "module")
        config.set_section_option(section, f"{hook}.module", "ruff")
        config.set_section_option(section, f"{hook}.options", f"{options} REVISION_SCRIPT_FILENAME")
    return config


def _revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def _has_tables(conn: Connection) -> bool:
    """Whether any of TalentFlow's tables exists (other applications' tables do not count)."""
    return not set(SQLModel.metadata.tables).isdisjoint(inspect(conn).get_table_names())


def _known(revision: str) -> bool:
    try:
        _scripts().get_revision(revision)
    except CommandError:
        return False
    return True


def _check(revision: str | None) -> None:
    head = head_revision()
    if revision == head:
        return
    if revision is not None and not _known(revision):
        raise SchemaUnknown(revision)
    raise SchemaOutdated(revision, head)


def _create(conn: Connection) -> None:
    """The latest schema on an empty database: the same tables the revisions build (a test
    compares the two), made by ``create_all`` at a fraction of the cost, then stamped."""
    SQLModel.metadata.create_all(conn)
    MigrationContext.configure(conn).stamp(_scripts(), "head")


def _adopt(conn: Connection) -> None:
    """Stamp a database created by ``create_all`` before migrations at the baseline."""
    have = inspect(conn)
    tables = set(have.get_table_names())
    missing = []
    for table, columns in _baseline_columns().items():
        if table not in tables:
            missing.append(table)
        else:
            present = {c["name"] for c in have.get_columns(table)}
            missing += [f"{table}.{c}" for c in sorted(columns - present)]
    if missing:
        raise SchemaMismatch(
            "the database has no revision and differs from the baseline schema (missing: "
            f"{', '.join(missing[:10])}{', ...' if len(missing) > 10 else ''}); "
            "it cannot be upgraded in place"
        )
    command.stamp(alembic_config(conn), BASELINE)


@lru_cache(maxsize=1)
def _baseline_columns() -> dict[str, frozenset[str]]:
    """Every table of the baseline revision with its columns (built in memory)."""
    engine = create_engine("sqlite://")
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), BASELINE)
            found = inspect(conn)
            return {
                table: frozenset(c["name"] for c in found.get_columns(table))
                for table in found.get_table_names()
                if table != VERSION_TABLE
            }
    finally:
        engine.dispose()


@contextmanager
def _first_start(url: URL) -> Iterator[None]:
    """Processes checking one SQLite file's schema, one at a time (other databases: no lock)."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        yield
        return
    with FileLock(f"{url.database}.lock", timeout=120):
        yield


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that other processes changing the schema wait for."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        writer = _sqlite_writer(url)
        try:
            with writer.begin() as conn:
                yield conn
                _check_foreign_keys(conn)
        finally:
            writer.dispose()
        return
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
        yield conn


def _sqlite_writer(url: URL) -> Engine:
    """An engine whose transactions take SQLite's write lock at BEGIN, DDL included.

    Foreign keys are not enforced on it (SQLite's default), so batch migrations can rebuild a
    table others refer to; ``_check_foreign_keys`` runs before the commit instead.
    """
    engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": 30})
    event.listen(engine, "connect", _no_implicit_transactions)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def _no_implicit_transactions(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # the driver neither begins nor commits on its own


def _begin_immediate(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _check_foreign_keys(conn: Connection) -> None:
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise SchemaMismatch(
            f"the schema change was rolled back: it would leave {len(broken)} row(s) whose "
            f"foreign key points nowhere (first in table {broken[0][0]})"
        )
