"""A first import fills the SQLite search index (Tantivy) with one writer, committing at the
end rather than after every batch (a refresh: every so often and at its end), and lets the
writer go when it ends - also when it was abandoned, the next time the database is opened
for serving or importing - so that another process may write the index next."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import tantivy

from discogs_service.storage import Storage, open_storage
from discogs_service.storage.search import sqlite
from discogs_service.storage.search.sqlite import SqliteSearch
from tests.conftest import USER_AGENT, serve
from tests.dumpfiles import many_releases
from tests.dumpfiles import write_dump as dump_file
from tests.functional.importing import import_files, use_small_batches
from tests.search_catalogue import RELEASES, release_xml, write_dump


def index_of(storage: Storage) -> SqliteSearch:
    assert isinstance(storage.search, SqliteSearch)
    return storage.search


def writer_is_free(storage: Storage) -> bool:
    """Whether this process could take the index's writer (Tantivy's lock is free)."""
    try:
        writer = index_of(storage).index.writer(15_000_000, 1)
    except ValueError:
        return False
    writer.wait_merging_threads()
    return True


@pytest.fixture
def storage(tmp_path: Path) -> Storage:
    return open_storage(f"sqlite:///{tmp_path / 'bulk.db'}")


def counted_commits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    commits: list[int] = []
    commit = SqliteSearch._commit

    def counted(self: SqliteSearch, *arguments: Any) -> None:
        commits.append(1)
        commit(self, *arguments)

    monkeypatch.setattr(SqliteSearch, "_commit", counted)
    return commits


def test_a_first_import_commits_the_index_once_and_lets_the_writer_go(
    storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_small_batches(monkeypatch)  # many transactions
    commits = counted_commits(monkeypatch)
    import_files(storage, write_dump(tmp_path, "releases", [release_xml(r) for r in RELEASES]))
    assert len(commits) == 1
    assert writer_is_free(storage)
    with serve(storage) as url:
        answer = httpx.get(
            f"{url}/database/search",
            params={"q": RELEASES[0].title},
            headers={"User-Agent": USER_AGENT},
        )
    assert RELEASES[0].id in [r["id"] for r in answer.json()["results"]]
    storage.close()


def test_an_abandoned_first_import_is_tidied_when_the_database_is_next_opened(
    storage: Storage, tmp_path: Path
) -> None:
    run = storage.dumps.start_run("releases", "discogs_20240101_releases.xml", 1, "20240101")
    assert run.bulk
    storage.close()  # the import process dies here

    reopened = open_storage(str(storage.engine.url))
    reopened.dumps.ensure_indexes()  # what `serve` and the next import do first
    assert writer_is_free(reopened)
    reopened.close()


# A refresh shorter than the interval commits once, at its end. The long interval is shorter
# than the machine's uptime (time.monotonic()), so that counting from boot rather than from
# the refresh's start would commit at its first batch.
LONG = min(3600.0, time.monotonic() / 2)


@pytest.mark.parametrize(("seconds", "many"), [(LONG, False), (0.0, True)], ids=["long", "none"])
def test_a_refresh_commits_the_index_every_so_often_and_at_its_end(
    storage: Storage,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    seconds: float,
    many: bool,
) -> None:
    january, february = tmp_path / "january", tmp_path / "february"
    january.mkdir()
    february.mkdir()
    import_files(
        storage,
        dump_file(january / "discogs_20250101_releases.xml", "releases", [*many_releases(1)]),
    )
    storage.close()
    storage = open_storage(str(storage.engine.url))  # the next import is a new process
    use_small_batches(monkeypatch)  # many transactions
    monkeypatch.setattr(sqlite, "REFRESH_COMMIT_SECONDS", seconds)
    commits = counted_commits(monkeypatch)
    import_files(
        storage,
        dump_file(february / "discogs_20250201_releases.xml", "releases", [*many_releases(300)]),
    )
    assert (len(commits) > 1) == many
    assert writer_is_free(storage)
    with storage.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM search_pending").scalar() == 0
    assert indexed_keys(storage) == [key * 4 for key in range(1, 301)]  # search.facts.key
    storage.close()


def indexed_keys(storage: Storage) -> list[int]:
    index = index_of(storage).index
    index.reload()
    searcher = index.searcher()
    found = searcher.search(tantivy.Query.all_query(), 1_000)
    return sorted(
        int(k or 0) for k in searcher.fast_field_values("key", [a for _, a in found.hits])
    )
