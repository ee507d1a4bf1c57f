"""Small helpers for the driver-level SQL the storage writes by hand."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Table
from sqlalchemy.dialects import postgresql

T = TypeVar("T")

# SQLite allows 999 parameters per statement in older builds: lists of ids are bound in
# slices below that.
SLICE = 900


def slices(items: Sequence[T], size: int = SLICE) -> list[Sequence[T]]:
    """``items`` in consecutive runs of at most ``size``."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def bigint_array(values: Sequence[int]) -> str:
    """PostgreSQL's text form of a ``bigint[]`` (cast in the statement: ``%s::bigint[]``).
    psycopg dumps a Python list element by element in Python: 50 keys took ~200 us of CPU
    a statement as a list, ~145 us as this text (2026-12-06); a search passes two or three
    such lists a request."""
    return "{" + ",".join(map(str, values)) + "}"


def placeholder(engine: Engine) -> str:
    """The driver's parameter mark: ``?`` for sqlite3, ``%s`` for psycopg."""
    return "?" if engine.dialect.name == "sqlite" else "%s"


def with_placeholder(sql: str, mark: str) -> str:
    """SQL written with ``?`` marks, for a driver whose mark is ``mark``."""
    return sql if mark == "?" else sql.replace("?", mark)


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction. On SQLite it takes the write lock at BEGIN (IMMEDIATE): a
    transaction that read first and wrote later could otherwise fail on the lock upgrade
    when another writer got there in between, instead of waiting for it."""
    if engine.dialect.name == "sqlite":
        engine = engine.execution_options(sqlite_begin="IMMEDIATE")
    with engine.begin() as conn:
        yield conn


def insert_rows(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    conflict: str = "",
) -> None:
    """INSERT ``rows`` (values of ``columns``, in order) into ``table``, then ``conflict``
    (an ``ON CONFLICT`` clause; on PostgreSQL no two rows may then share a key).

    SQLite runs the statement a row, in process. PostgreSQL gets one statement with an array
    a column: psycopg's executemany runs a statement a row on the server, 55 us a row of
    ``artist_credits`` in a 200,000-release refresh (1.2 of its 7.4 s of server time)."""
    if not rows:
        return
    sqlite = conn.dialect.name == "sqlite"
    sql = _insert_sql(table, tuple(columns), conflict, sqlite=sqlite)
    if sqlite:
        conn.exec_driver_sql(sql, list(rows))
    else:
        conn.exec_driver_sql(sql, tuple(list(values) for values in zip(*rows, strict=True)))


@functools.lru_cache(maxsize=64)
def _insert_sql(table: Table, columns: tuple[str, ...], conflict: str, *, sqlite: bool) -> str:
    names = ", ".join(columns)
    if sqlite:
        values = ", ".join("?" * len(columns))
        return f"INSERT INTO {table.name} ({names}) VALUES ({values}) {conflict}".rstrip()
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    arrays = ", ".join(
        f"%s::{table.columns[name].type.compile(dialect=dialect)}[]" for name in columns
    )
    return f"INSERT INTO {table.name} ({names}) SELECT * FROM unnest({arrays}) {conflict}".rstrip()


def read_only(engine: Engine) -> Connection:
    """A connection for reads of one statement each, which need no transaction around them.
    On PostgreSQL it runs in autocommit: psycopg then sends no BEGIN before the statement and
    the pool no ROLLBACK after it, each a round trip of its own (a single statement sees one
    snapshot whatever the mode). SQLite keeps its own connection setup (``engine.py``)."""
    if engine.dialect.name == "sqlite":
        return engine.connect()
    return engine.connect().execution_options(isolation_level="AUTOCOMMIT")
