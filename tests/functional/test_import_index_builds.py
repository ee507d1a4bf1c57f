"""A first import drops the listing indexes and builds them at its end. On SQLite the build
sorts its keys in small runs merged on helper threads (storage.dumps, measured in
benchmarks/README.md), and the connection that built them goes back to the pool with its
own page cache and no helper threads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event, inspect

from discogs_service.storage import Storage, dumps, tables
from tests.dumpfiles import many_releases, write_dump
from tests.functional.importing import import_files

BULK_INDEX_NAMES = {str(index.name) for index in tables.BULK_INDEXES["releases"]}


def sqlite_settings(dbapi_connection: Any) -> tuple[int, int]:
    cursor = dbapi_connection.cursor()
    cache_size = cursor.execute("PRAGMA cache_size").fetchone()[0]
    threads = cursor.execute("PRAGMA threads").fetchone()[0]
    cursor.close()
    return cache_size, threads


def index_builds(storage: Storage) -> dict[str, tuple[Any, tuple[int, int] | None]]:
    """For each CREATE INDEX the engine runs from now on: the DB-API connection it ran on
    and, on SQLite, that connection's page cache size and helper threads just before."""
    sqlite = storage.engine.dialect.name == "sqlite"
    seen: dict[str, tuple[Any, tuple[int, int] | None]] = {}

    @event.listens_for(storage.engine, "before_cursor_execute")
    def note(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        words = statement.split()
        if words[:2] == ["CREATE", "INDEX"]:
            dbapi_connection = conn.connection.dbapi_connection
            settings = sqlite_settings(dbapi_connection) if sqlite else None
            seen[words[2]] = (dbapi_connection, settings)

    return seen


def first_import(storage: Storage, tmp_path: Path) -> None:
    records = list(many_releases(40))
    import_files(
        storage, write_dump(tmp_path / "discogs_20240101_releases.xml.gz", "releases", records)
    )


def test_sqlite_builds_the_listing_indexes_in_small_sorted_runs(
    make_storage: Any, tmp_path: Path
) -> None:
    storage: Storage = make_storage("sqlite")
    with storage.engine.connect() as conn:
        own = sqlite_settings(conn.connection.dbapi_connection)
    seen = index_builds(storage)
    first_import(storage, tmp_path)

    assert set(seen) >= BULK_INDEX_NAMES
    build = (-dumps.INDEX_BUILD_CACHE_KIB, dumps.INDEX_BUILD_THREADS)
    assert {seen[name][1] for name in BULK_INDEX_NAMES} == {build}
    assert own != build
    for connection in {seen[name][0] for name in BULK_INDEX_NAMES}:
        assert sqlite_settings(connection) == own


def test_postgresql_builds_the_listing_indexes_as_it_does_any(
    make_storage: Any, tmp_path: Path
) -> None:
    storage: Storage = make_storage("postgresql")
    seen = index_builds(storage)
    first_import(storage, tmp_path)
    assert set(seen) >= BULK_INDEX_NAMES
    with storage.engine.connect() as conn:
        built = {
            str(index["name"])
            for table in ("releases", "artist_credits", "release_labels")
            for index in inspect(conn).get_indexes(table)
        }
    assert built >= BULK_INDEX_NAMES
