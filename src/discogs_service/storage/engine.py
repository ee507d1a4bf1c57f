"""Engines for the two supported databases, tuned for this workload.

SQLite is the embedded default: one file in WAL mode, so the server keeps reading while an
import writes (readers see the last committed batch, never half of one). PostgreSQL, through
psycopg 3, is the scale-out store.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError

SQLITE_PRAGMAS = (
    # Before the first table exists this sets the page size: most release documents then fit
    # in one page instead of spilling into overflow pages.
    "PRAGMA page_size=8192",
    "PRAGMA journal_mode=WAL",
    # NORMAL in WAL mode can lose the last transactions on power loss but never corrupts;
    # a re-run import redoes them.
    "PRAGMA synchronous=NORMAL",
    "PRAGMA busy_timeout=30000",
    # Sorts for an index build go to temporary files, not RAM: building the listing indexes
    # after a bulk load of millions of releases would otherwise need gigabytes.
    "PRAGMA temp_store=FILE",
    # 64 MB of page cache: writing at the same speed as with 128 MB (200,000 synthetic
    # releases: 3,103 against 3,084 per second), and an import stays under 500 MB in all.
    "PRAGMA cache_size=-65536",
    # Checkpoint the WAL every ~160 MB instead of every 8 MB: an import commits a few MB per
    # batch, and each checkpoint costs an fsync of the database file.
    "PRAGMA wal_autocheckpoint=20000",
    "PRAGMA foreign_keys=OFF",
)


# The PostgreSQL connections a process keeps open between requests (SQLAlchemy's default is
# 5, and 10 more are opened when needed and closed when given back). A server worker answers
# its requests on threads, each holding a connection: at 16 connections on two workers the
# pool of 5 opened and closed ~37 connections a second (a backend started per connection,
# its statements prepared again), and the searches that waited on that were the slowest
# twentieth (benchmarks/README.md, "PostgreSQL search: one statement a page").
POSTGRES_POOL_SIZE = 10


def build_engine(url: str, **kwargs: Any) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, **kwargs)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":  # the plain scheme means psycopg 3 here
            url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        kwargs.setdefault("pool_size", POSTGRES_POOL_SIZE)
        return _pinging_when_idle(create_engine(url, **kwargs))
    raise ValueError(
        f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql"
    )


# A pooled PostgreSQL connection is tested with a round trip before use only when it has
# been idle this long: one given back moments ago was alive then. ``pool_pre_ping`` tested
# every checkout, and a warm search makes two (2.2-3.2 ms a request in all at 1,000,000
# releases). A server restarted within this second of a connection's last use fails one
# request, after which the pool drops every connection it holds.
PING_WHEN_IDLE_SECONDS = 1.0


def _pinging_when_idle(engine: Engine) -> Engine:
    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkin")
    def _note_last_use(_dbapi_connection: Any, record: Any) -> None:
        record.info["last_used"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("last_used", 0.0) < PING_WHEN_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # the pool opens another connection in its place
            raise DisconnectionError() from error

    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def prepare_sqlite_connection(dbapi_connection: Any) -> None:
    # Autocommit at the driver level: SQLAlchemy's "begin" event issues BEGIN itself, instead
    # of pysqlite's own guesswork, and a bare read sees the latest commit.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def sqlite_reader(engine: Engine) -> Any:
    """A DB-API connection of its own (outside the pool) for one thread's point lookups."""
    import sqlite3

    database = engine.url.database
    assert database is not None
    connection = sqlite3.connect(database, check_same_thread=False)
    prepare_sqlite_connection(connection)
    # Readers map the file: lookups then copy from the page cache without a read() call.
    # (Not the importer: mapped pages would count in its resident memory.)
    connection.execute("PRAGMA mmap_size=4294967296")
    connection.execute("PRAGMA cache_size=-16384")
    return connection


def _sqlite_engine(url: str, **kwargs: Any) -> Engine:
    if make_url(url).database in (None, "", ":memory:"):
        raise ValueError("an in-memory SQLite database cannot be shared; give a file path")
    kwargs.setdefault("connect_args", {})["check_same_thread"] = False
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        prepare_sqlite_connection(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine
