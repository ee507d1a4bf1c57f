"""A first import fills the SQLite search index tuned for writing (FTS5 merging deferred) and
leaves it tuned for queries again: at the end of the import, or - when the import was
abandoned - the next time the database is opened for serving or importing."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from discogs_service.storage import Storage, open_storage
from tests.conftest import USER_AGENT, serve
from tests.functional.importing import import_files, use_small_batches
from tests.search_catalogue import RELEASES, release_xml, write_dump


def fts_setting(storage: Storage, name: str) -> int | None:
    with storage.engine.connect() as conn:
        value = conn.exec_driver_sql(
            "SELECT v FROM search_fts_config WHERE k = ?", (name,)
        ).scalar()
    return None if value is None else int(value)


@pytest.fixture
def storage(tmp_path: Path) -> Storage:
    return open_storage(f"sqlite:///{tmp_path / 'bulk.db'}")


def test_a_first_import_ends_with_the_index_tuned_for_queries(
    storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_small_batches(monkeypatch)  # many transactions: many segments without merging
    import_files(storage, write_dump(tmp_path, "releases", [release_xml(r) for r in RELEASES]))
    assert (fts_setting(storage, "automerge"), fts_setting(storage, "crisismerge")) == (4, 16)
    with storage.engine.begin() as conn:  # raises when the index and its content disagree
        conn.exec_driver_sql(
            "INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)"
        )
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
    assert fts_setting(storage, "automerge") == 0  # writing speed first
    storage.close()  # the import process dies here

    reopened = open_storage(str(storage.engine.url))
    reopened.dumps.ensure_indexes()  # what `serve` and the next import do first
    assert (fts_setting(reopened, "automerge"), fts_setting(reopened, "crisismerge")) == (4, 16)
    reopened.close()
