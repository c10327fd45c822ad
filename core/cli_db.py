"""``python -m core db upgrade``, ``db copy --to URL`` and ``db revision -m MESSAGE``: the schema
version of the workspace's database, and moving its data to another database."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from core.config import get_settings


def _shown(url: str) -> str:
    """A URL as it may be printed: without its password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _workspace_url() -> str:
    settings = get_settings()
    settings.home.mkdir(parents=True, exist_ok=True)  # where SQLite's file goes, as on start
    return settings.db_url


def _failed(error: Exception) -> int:
    """A database or URL error as one line (the driver's first line: no SQL, no values)."""
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    print(f"error: {reason[0] if reason else type(error).__name__}", file=sys.stderr)
    return 1


def _cmd_upgrade(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from core.store.schema import upgrade

    url = _workspace_url()
    try:
        before, after = upgrade(url)
    except SQLAlchemyError as e:
        return _failed(e)
    print(f"database {_shown(url)}")
    print(f"revision before: {before or 'none'}")
    print(f"revision after:  {after}")
    return 0


def _cmd_copy(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from core.store.copy import copy_database, refuse_occupied
    from core.store.db import make_engine, open_engine
    from core.store.schema import current_revision, upgrade

    source_url = _workspace_url()
    try:
        if make_url(args.to) == make_url(source_url):
            print("error: the target is the workspace's own database", file=sys.stderr)
            return 1
        source = make_engine(source_url)
        try:
            target = open_engine(args.to)
            try:
                refuse_occupied(target)  # before the upgrade changes anything there
                upgrade(target)
                copied = copy_database(source, target, batch_size=args.batch_size)
                revision = current_revision(target)
            finally:
                target.dispose()
        finally:
            source.dispose()
    except SQLAlchemyError as e:
        return _failed(e)
    print(f"copied {_shown(source_url)} to {_shown(args.to)} (revision {revision})")
    width = max(len(c.table) for c in copied)
    for c in copied:
        print(f"  {c.table:{width}}  {c.rows:>9}")
    total = sum(c.rows for c in copied)
    print(f"{len(copied)} tables, {total} rows; every table's row count verified")
    return 0


def _cmd_revision(args: argparse.Namespace) -> int:
    from core.store.db import make_engine
    from core.store.schema import new_revision

    engine = make_engine(_workspace_url())
    try:
        path = new_revision(engine, args.message)
    finally:
        engine.dispose()
    print(f"wrote {path}: review it (renames, data changes) before committing")
    return 0


def add_commands(sub: Any) -> None:
    """Register ``db`` and its actions on the main parser's subparsers."""
    db = sub.add_parser("db", help="database schema: upgrade, copy to another database, revision")
    actions = db.add_subparsers(dest="action", required=True)
    p = actions.add_parser("upgrade", help="migrate the database to this version's schema")
    p.set_defaults(func=_cmd_upgrade)
    p = actions.add_parser("copy", help="copy the workspace's database into another, empty one")
    p.add_argument("--to", required=True, help="SQLAlchemy URL, e.g. postgresql+psycopg://u@h/db")
    p.add_argument("--batch-size", type=int, default=1000, help="rows per insert (default 1000)")
    p.set_defaults(func=_cmd_copy)
    p = actions.add_parser("revision", help="autogenerate a migration from changed models")
    p.add_argument("-m", "--message", required=True, help="what the revision changes")
    p.set_defaults(func=_cmd_revision)
