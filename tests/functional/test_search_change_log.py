"""PostgreSQL's change log as a server process reads it (``storage.search.change_log``): each
version's entries read once and kept, brought across by every set that needs them; a version
read in a newer snapshot is not used for an older one; a small memory keeps fewer versions,
never a different answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event

from discogs_service.search.facts import RELEASE, key
from discogs_service.search.query import build
from discogs_service.storage import Storage
from discogs_service.storage.search.change_log import PAIR_BYTES, ChangeLog
from discogs_service.storage.search.match_sets import index_version
from tests.functional.test_search_reimport import import_february, import_january
from tests.functional.test_search_sets import (
    POSTGRESQL_STORAGE,
    _matches,
    engine_count,
    postgres_index,
    release_entry,
    write_titles,
)


@POSTGRESQL_STORAGE
def test_each_version_is_read_once_for_every_set_brought_across_it(
    storage: Storage, tmp_path: Path
) -> None:
    import_january(storage, tmp_path)
    server = postgres_index(storage)
    with storage.engine.connect() as conn:
        january = index_version(conn)
        assert server.log.between(conn, 0, january) is None  # a bulk load: everything
    import_february(storage, tmp_path)
    statements: list[str] = []
    with storage.engine.connect() as conn:
        february = index_version(conn)
        assert server.log.between(conn, january, february) is not None
        assert server.log.read == february - january > 1
        event.listen(storage.engine, "before_cursor_execute", record := _recorder(statements))
        try:
            later = server.log.between(conn, january + 1, february)
        finally:
            event.remove(storage.engine, "before_cursor_execute", record)
    assert later is not None and statements == []
    assert server.log.read == february - january


def _recorder(statements: list[str]) -> Any:
    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    return record


@POSTGRESQL_STORAGE
def test_a_version_read_in_a_newer_snapshot_is_read_again_for_an_older_one(
    storage: Storage, tmp_path: Path
) -> None:
    """Release 900 is titled "zanzibar" in one version and retitled in the next: a request
    whose snapshot is between them finds it, though a newer request read both versions
    first."""
    import_january(storage, tmp_path)
    server = postgres_index(storage)
    zanzibar, quiet = build("zanzibar", {}, None), build("quiet", {}, None)
    with storage.engine.connect() as conn:
        server.sets.matches(conn, zanzibar)  # both kept, empty
        server.sets.matches(conn, quiet)
    write_titles(storage, {900: "zanzibar"})
    older = storage.engine.connect().execution_options(isolation_level="REPEATABLE READ")
    try:
        titled = index_version(older)  # the snapshot begins here
        write_titles(storage, {900: "quiet"})
        with storage.engine.connect() as conn:
            assert list(server.sets.matches(conn, quiet)) == [key(RELEASE, 900)]
            assert index_version(conn) == titled + 1
        assert list(server.sets.matches(older, zanzibar)) == [key(RELEASE, 900)]
        assert engine_count(older, server, zanzibar) == 1
    finally:
        older.close()
    assert server.sets.patched == 2


@POSTGRESQL_STORAGE
def test_a_small_log_memory_keeps_fewer_versions_and_the_same_answers(
    storage: Storage, tmp_path: Path
) -> None:
    import_january(storage, tmp_path)
    server = postgres_index(storage)
    server.log = ChangeLog(10 * PAIR_BYTES)  # less than any version holds
    with storage.engine.connect() as conn:
        _matches(server, conn)
    import_february(storage, tmp_path)
    with storage.engine.connect() as conn:
        assert _matches(server, conn) == _matches(postgres_index(storage), conn)
    assert server.sets.patched > 0 and server.log.read > 0
    assert server.log.pairs <= 10


@POSTGRESQL_STORAGE
def test_the_writes_of_one_transaction_make_one_version(storage: Storage, tmp_path: Path) -> None:
    """An import batch writes new entries, changed ones and their masters apart: one version
    of the index, logged with all of them."""
    import_january(storage, tmp_path)
    index = postgres_index(storage)
    with storage.engine.connect() as conn:
        before = index_version(conn)
    with storage.engine.begin() as conn:
        index.replace(conn, [release_entry(900, "zanzibar")], fresh=True)
        index.replace(conn, [release_entry(901, "quiet")], fresh=False)
        index.delete(conn, [key(RELEASE, 42)])
    with storage.engine.begin() as conn:
        index.replace(conn, [release_entry(902, "zanzibar")], fresh=True)
    with storage.engine.connect() as conn:
        assert index_version(conn) == before + 2
        logged = conn.exec_driver_sql(
            "SELECT version, array_agg(key ORDER BY key) FROM search_changes"
            " WHERE version > %s GROUP BY version ORDER BY version",
            (before,),
        ).all()
    keys = [key(RELEASE, i) for i in (42, 900, 901, 902)]
    assert logged == [(before + 1, keys[:3]), (before + 2, keys[3:])]
