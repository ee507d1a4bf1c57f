"""An import killed half-way leaves a consistent database and resumes where it stopped.

``discogs-service import`` runs as a subprocess on a file big enough to take several seconds
(and to be prepared by worker processes); once a batch is committed it is killed with SIGKILL,
with no chance to clean up. The database is checked against a clean import of the same file,
then the same command is run again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import tantivy

from discogs_service.storage import Storage
from discogs_service.storage.search.sqlite import SqliteSearch
from tests.dumpfiles import (
    cli_environment,
    import_command,
    many_releases,
    pretty_printed,
    run_import,
    write_dump,
)
from tests.functional.importing import (
    assert_all_indexes_present,
    assert_consistent,
    ids,
    import_files,
    import_runs,
    index_names,
    rows,
    snapshot,
    stop_after_batches,
    use_small_batches,
)

RECORDS = 5000  # about 22 MB: past the size from which the importer uses worker processes


@pytest.fixture(scope="module")
def big_dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # A monthly name, so that the resumed run ends with the removal step: records written
    # before the kill must count as seen by the run that finishes.
    path = tmp_path_factory.mktemp("big") / "discogs_20250101_releases.xml"
    return write_dump(path, "releases", list(many_releases(RECORDS)))


@pytest.fixture
def reference(big_dump: Path, database_url: str, make_storage: object) -> Storage:
    """The same file imported cleanly, in one go, into another database of the same engine."""
    engine = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    store: Storage = make_storage(engine)  # type: ignore[operator]
    import_files(store, big_dump)
    return store


@pytest.fixture
def killed_import(big_dump: Path, database_url: str, storage: Storage) -> Iterator[int]:
    """Run the import and SIGKILL it once a batch is committed; yields its process group."""
    # A session of its own: the importer and its worker processes form one process group.
    process = subprocess.Popen(
        import_command(big_dump),
        env=cli_environment(database_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while records_done(storage) == 0:
            assert process.poll() is None, "the import ended before it could be interrupted"
            assert time.monotonic() < deadline, "no batch was committed within two minutes"
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        yield process.pid
    finally:
        if group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)  # only this test's own processes


def records_done(storage: Storage) -> int:
    found = rows(storage, "SELECT records_done FROM import_runs WHERE status = 'running'")
    return int(found[0][0]) if found else 0


def group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


# -- what the kill leaves -----------------------------------------------------------------------


def assert_whole_batches_were_kept(storage: Storage) -> None:
    (run,) = import_runs(storage)
    assert run["status"] == "running"
    assert 0 < run["records_done"] < RECORDS, "killed before the first or after the last batch"
    assert run["added"] == run["records_done"]
    assert ids(storage, "releases") == list(range(1, run["records_done"] + 1))
    assert_consistent(storage)


def assert_every_written_release_has_its_rows(storage: Storage, reference: Storage) -> None:
    written = set(ids(storage, "releases"))
    stored, clean = snapshot(storage), snapshot(reference)
    assert stored["releases"] == [row for row in clean["releases"] if row[0] in written]
    assert stored["artist_credits"] == [r for r in clean["artist_credits"] if r[2] in written]
    assert stored["release_labels"] == [r for r in clean["release_labels"] if r[1] in written]


def search_index_keys(storage: Storage) -> tuple[list[int], list[int]]:
    """SQLite: the keys its Tantivy index holds, and those of search_docs (it is level
    with the database when they are the same)."""
    search = storage.search
    assert isinstance(search, SqliteSearch)
    search.index.reload()
    searcher = search.index.searcher()
    found = searcher.search(tantivy.Query.all_query(), RECORDS * 2)
    indexed = searcher.fast_field_values("key", [address for _, address in found.hits])
    stored = [key for (key,) in rows(storage, "SELECT key FROM search_docs ORDER BY key")]
    return sorted(int(key or 0) for key in indexed), stored


def assert_no_process_outlives_the_importer(group: int) -> None:
    deadline = time.monotonic() + 15
    while group_alive(group) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not group_alive(group), "worker processes outlived the killed import"


# -- the test -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_killed_import_is_consistent_and_resumes_to_a_clean_import(
    big_dump: Path,
    database_url: str,
    storage: Storage,
    reference: Storage,
    killed_import: int,
) -> None:
    assert_whole_batches_were_kept(storage)
    assert_every_written_release_has_its_rows(storage, reference)
    assert_no_process_outlives_the_importer(killed_import)
    interrupted = import_runs(storage)[0]
    if database_url.startswith("sqlite"):  # a first import commits its index at the end
        indexed, stored = search_index_keys(storage)
        assert indexed == [] and len(stored) == interrupted["records_done"]

    result = run_import(database_url, big_dump)

    assert result.returncode == 0, result.stderr
    assert f"resuming the interrupted import after record {interrupted['records_done']:,}" in (
        result.stderr
    )
    (run,) = import_runs(storage)  # the same run, finished: no second one
    assert (run["id"], run["status"]) == (interrupted["id"], "completed")
    assert (run["records_done"], run["added"], run["removed"]) == (RECORDS, RECORDS, 0)
    assert snapshot(storage) == snapshot(reference)
    assert_consistent(storage)
    for table in ("releases", "artist_credits", "release_labels"):
        assert index_names(storage, table) == index_names(reference, table)
    if database_url.startswith("sqlite"):  # the journal of the killed run was replayed
        indexed, stored = search_index_keys(storage)
        assert indexed == stored and len(stored) == RECORDS
        assert rows(storage, "SELECT count(*) FROM search_pending") == [(0,)]


# -- Ctrl-C, in every layout ----------------------------------------------------------------------


def a_file_in_layout(directory: Path, layout: str) -> Path:
    records = list(many_releases(30))
    path = directory / "discogs_20250101_releases.xml"
    if layout == "pretty-printed":
        path.write_bytes(pretty_printed("releases", records))
        return path
    return write_dump(path, "releases", records, rootless=layout == "rootless")


@pytest.mark.parametrize("layout", ["raw", "pretty-printed", "rootless"])
def test_an_import_stopped_by_ctrl_c_resumes_where_it_stopped(
    storage: Storage,
    make_storage: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    layout: str,
) -> None:
    use_small_batches(monkeypatch)
    path = a_file_in_layout(tmp_path, layout)
    with pytest.raises(KeyboardInterrupt):
        import_files(storage, path, progress=stop_after_batches(2))
    (stopped,) = import_runs(storage)
    assert stopped["status"] == "running"
    assert 0 < stopped["records_done"] < 30
    assert_consistent(storage)

    (outcome,) = import_files(storage, path)

    assert outcome.run.resumed
    assert (outcome.run.id, outcome.run.records_done, outcome.run.added) == (stopped["id"], 30, 30)
    assert outcome.run.removed == 0
    clean: Storage = make_storage(storage.engine.dialect.name)  # type: ignore[operator]
    import_files(clean, path)
    assert snapshot(storage) == snapshot(clean)


def test_an_import_of_another_file_after_ctrl_c_rebuilds_the_indexes(
    storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_small_batches(monkeypatch)
    first = a_file_in_layout(tmp_path, "raw")
    with pytest.raises(KeyboardInterrupt):
        import_files(storage, first, progress=stop_after_batches(2))
    other = write_dump(tmp_path / "more.xml", "releases", list(many_releases(3)))
    (outcome,) = import_files(storage, other)
    assert not outcome.run.resumed
    assert [run["status"] for run in import_runs(storage)] == ["abandoned", "completed"]
    assert_all_indexes_present(storage)
