"""Copy every row of one TalentFlow database into another, empty one (SQLite to PostgreSQL).

Tables are copied parents first (``metadata.sorted_tables``) in batches, inside one transaction
of the target: a failed copy leaves the target as empty as it was. Row counts are compared
before the commit, and PostgreSQL's id sequences are moved past the copied ids.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass

from sqlalchemy import Connection, Table, func, inspect, select
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from core.errors import CopyMismatch, InvalidInput
from core.store.schema import current_revision


@dataclass(frozen=True)
class TableCopy:
    """One table's copied (and verified) row count."""

    table: str
    rows: int


def copy_database(source: Engine, target: Engine, *, batch_size: int = 1000) -> list[TableCopy]:
    """Copy every table of ``source`` into ``target``, both at the same revision.

    Raises:
        InvalidInput: the revisions differ, or the target already holds rows.
        CopyMismatch: a table's count differs after the copy (nothing is committed).
    """
    if batch_size < 1:
        raise InvalidInput("the batch size must be at least 1")
    revisions = current_revision(source), current_revision(target)
    if revisions[0] != revisions[1]:
        raise InvalidInput(f"source at revision {revisions[0]}, target at {revisions[1]}")
    tables = SQLModel.metadata.sorted_tables
    with source.connect() as src, target.begin() as dst:
        refuse_occupied(dst)
        copied = [TableCopy(t.name, _copy_table(src, dst, t, batch_size)) for t in tables]
        _reset_sequences(dst, tables)
        for table, done in zip(tables, copied, strict=True):
            expected = _count(src, table)
            if done.rows != expected or _count(dst, table) != expected:
                raise CopyMismatch(table.name, expected, _count(dst, table))
    return copied


def refuse_occupied(target: Engine | Connection) -> None:
    """Refuse a target where any of TalentFlow's tables holds rows.

    Raises:
        InvalidInput: naming each table that holds rows, with its count.
    """
    with target.connect() if isinstance(target, Engine) else nullcontext(target) as conn:
        present = set(inspect(conn).get_table_names())
        held = {
            t.name: n
            for t in SQLModel.metadata.sorted_tables
            if t.name in present and (n := _count(conn, t))
        }
    if held:
        rows = ", ".join(f"{name} ({n})" for name, n in held.items())
        raise InvalidInput(
            f"the target database already holds rows: {rows}; copy only into an empty database"
        )


def _count(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _copy_table(src: Connection, dst: Connection, table: Table, batch_size: int) -> int:
    rows = src.execution_options(yield_per=batch_size).execute(
        select(table).order_by(*table.primary_key.columns)
    )
    copied = 0
    for batch in rows.partitions():
        dst.execute(table.insert(), [row._asdict() for row in batch])
        copied += len(batch)
    return copied


def _reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """Make PostgreSQL's next id max(id) + 1 (SQLite takes the largest rowid by itself)."""
    if conn.dialect.name != "postgresql":
        return
    quote = conn.dialect.identifier_preparer
    for table in tables:
        column = table.autoincrement_column
        if column is None:
            continue
        sequence = func.pg_get_serial_sequence(quote.format_table(table), column.name)
        next_id = func.coalesce(func.max(column), 0) + 1
        conn.execute(select(func.setval(sequence, next_id, False)).select_from(table))
