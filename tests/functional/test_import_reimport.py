"""Importing next month's dump over last month's: changed records are updated, new ones
added, vanished ones removed (only under the removal rule), the rest left alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pyroaring import BitMap64

from discogs_service import summaries
from discogs_service.importer import run as run_module
from discogs_service.importer.errors import DumpError
from discogs_service.importer.run import Outcome, Progress, import_dump
from discogs_service.storage import Storage
from discogs_service.storage.dumps import ChangedDuringImport
from tests.dumpfiles import a_release, excerpt, many_releases, run_import, with_id, write_dump
from tests.functional.importing import (
    assert_consistent,
    credits_of,
    ids,
    import_files,
    import_runs,
    labels_of,
    line_of,
    next_second,
    rows,
    served,
    snapshot,
    stop_after_batches,
    use_small_batches,
)

JANUARY = [
    a_release(1, title="Stockholm"),
    a_release(2, title="Knockin' Boots Vol 2 Of 2"),
    a_release(3, title="Gone Next Month", artist=(3, "Josh Wink"), label=(4, "Siesta", "S1")),
    a_release(4, title="Never Changes"),
]
# February: 1 and 4 unchanged, 2 retitled and credited to another artist, 3 gone, 5 new.
FEBRUARY = [
    JANUARY[0],
    a_release(2, title="Knockin' Boots Vol 2", artist=(26, "Alexi Delano")),
    JANUARY[3],
    a_release(5, title="New This Month"),
]


def releases_file(directory: Path, name: str, records: list[bytes]) -> Path:
    return write_dump(directory / name, "releases", records)


def january_then(storage: Storage, tmp_path: Path, name: str, **options: object) -> Outcome:
    import_files(storage, releases_file(tmp_path, "discogs_20250101_releases.xml", JANUARY))
    next_second()
    (outcome,) = import_files(storage, releases_file(tmp_path, name, FEBRUARY), **options)
    return outcome


def test_a_newer_month_counts_what_changed(storage: Storage, tmp_path: Path) -> None:
    outcome = january_then(storage, tmp_path, "discogs_20250201_releases.xml")
    run = outcome.run
    assert outcome.removal
    assert (run.added, run.updated, run.unchanged, run.removed) == (1, 1, 2, 1)
    assert run.records_done == 4
    january, february = import_runs(storage)
    assert (january["dump_date"], january["status"], january["added"]) == (
        "20250101",
        "completed",
        4,
    )
    assert {
        key: february[key]
        for key in (
            "dump_date",
            "status",
            "records_done",
            "added",
            "updated",
            "unchanged",
            "removed",
        )
    } == {
        "dump_date": "20250201",
        "status": "completed",
        "records_done": 4,
        "added": 1,
        "updated": 1,
        "unchanged": 2,
        "removed": 1,
    }


def test_a_changed_release_gets_new_content_and_a_newer_change_date(
    storage: Storage, tmp_path: Path
) -> None:
    import_files(storage, releases_file(tmp_path, "discogs_20250101_releases.xml", JANUARY))
    before = served(storage, "releases", 2)
    next_second()
    import_files(storage, releases_file(tmp_path, "discogs_20250201_releases.xml", FEBRUARY))
    after = served(storage, "releases", 2)
    assert (before["title"], after["title"]) == (
        "Knockin' Boots Vol 2 Of 2",
        "Knockin' Boots Vol 2",
    )
    assert after["artists"][0]["name"] == "Alexi Delano"
    assert after["date_added"] == before["date_added"]
    assert after["date_changed"] > before["date_changed"]
    assert credits_of(storage, 2) == [(26, summaries.MAIN, "")]  # the old artist's row is gone


def test_an_unchanged_release_is_left_untouched(storage: Storage, tmp_path: Path) -> None:
    import_files(storage, releases_file(tmp_path, "discogs_20250101_releases.xml", JANUARY))
    before = {
        release_id: storage.catalogue.document("releases", release_id) for release_id in (1, 4)
    }
    next_second()
    import_files(storage, releases_file(tmp_path, "discogs_20250201_releases.xml", FEBRUARY))
    after = {
        release_id: storage.catalogue.document("releases", release_id) for release_id in (1, 4)
    }
    assert after == before  # same bytes: same dates, same digest


def test_a_release_missing_from_a_newer_month_is_removed_with_its_rows(
    storage: Storage, tmp_path: Path
) -> None:
    import_files(storage, releases_file(tmp_path, "discogs_20250101_releases.xml", JANUARY))
    assert credits_of(storage, 3) == [(3, summaries.MAIN, "")]
    assert labels_of(storage, 3) == [(4, 0, "S1")]
    import_files(storage, releases_file(tmp_path, "discogs_20250201_releases.xml", FEBRUARY))
    assert storage.catalogue.document("releases", 3) is None
    assert credits_of(storage, 3) == []
    assert labels_of(storage, 3) == []
    assert ids(storage, "releases") == [1, 2, 4, 5]
    assert storage.catalogue.counts()["releases"] == 4
    assert_consistent(storage)


def test_removal_leaves_other_kinds_alone(storage: Storage, tmp_path: Path) -> None:
    import_files(storage, excerpt("2025-01", "discogs_20250101_artists.xml.gz"))
    january_then(storage, tmp_path, "discogs_20250201_releases.xml")
    assert storage.catalogue.counts()["artists"] == 6


def test_a_file_without_a_monthly_name_never_removes(storage: Storage, tmp_path: Path) -> None:
    outcome = january_then(storage, tmp_path, "releases-february.xml")
    run = outcome.run
    assert not outcome.removal
    assert (run.added, run.updated, run.unchanged, run.removed) == (1, 1, 2, 0)
    assert ids(storage, "releases") == [1, 2, 3, 4, 5]
    assert credits_of(storage, 3) == [(3, summaries.MAIN, "")]
    assert import_runs(storage)[-1]["removed"] == 0


def test_an_older_month_than_the_last_imported_never_removes(
    storage: Storage, tmp_path: Path
) -> None:
    import_files(storage, releases_file(tmp_path, "discogs_20250201_releases.xml", FEBRUARY))
    (outcome,) = import_files(
        storage, releases_file(tmp_path, "discogs_20250101_releases.xml", JANUARY)
    )
    assert not outcome.removal
    assert outcome.run.removed == 0
    assert ids(storage, "releases") == [1, 2, 3, 4, 5]  # 5 is not in January's file, and stays


def test_the_same_month_again_changes_nothing(storage: Storage, tmp_path: Path) -> None:
    path = releases_file(tmp_path, "discogs_20250101_releases.xml", JANUARY)
    import_files(storage, path)
    before = {
        release_id: storage.catalogue.document("releases", release_id) for release_id in range(1, 5)
    }
    (outcome,) = import_files(storage, path)
    run = outcome.run
    assert outcome.removal  # at least as new as the last month: allowed, and finds nothing
    assert (run.added, run.updated, run.unchanged, run.removed) == (0, 0, 4, 0)
    assert {i: storage.catalogue.document("releases", i) for i in range(1, 5)} == before


def test_removal_switched_off_keeps_missing_releases(storage: Storage, tmp_path: Path) -> None:
    outcome = january_then(storage, tmp_path, "discogs_20250201_releases.xml", allow_removal=False)
    assert not outcome.removal
    assert outcome.run.removed == 0
    assert ids(storage, "releases") == [1, 2, 3, 4, 5]


def test_keep_missing_on_the_command_line_keeps_missing_releases(
    database_url: str, storage: Storage, tmp_path: Path
) -> None:
    january = releases_file(tmp_path, "discogs_20250101_releases.xml", JANUARY)
    february = releases_file(tmp_path, "discogs_20250201_releases.xml", FEBRUARY)
    assert run_import(database_url, january).returncode == 0
    kept = run_import(database_url, "--keep-missing", february)
    assert kept.returncode == 0, kept.stderr
    assert "0 (kept)" in kept.stdout
    assert ids(storage, "releases") == [1, 2, 3, 4, 5]
    assert import_runs(storage)[-1]["removed"] == 0


def test_the_command_line_removes_by_default(
    database_url: str, storage: Storage, tmp_path: Path
) -> None:
    january = releases_file(tmp_path, "discogs_20250101_releases.xml", JANUARY)
    february = releases_file(tmp_path, "discogs_20250201_releases.xml", FEBRUARY)
    result = run_import(database_url, january, february)
    assert result.returncode == 0, result.stderr
    assert ids(storage, "releases") == [1, 2, 4, 5]
    assert [run["removed"] for run in import_runs(storage)] == [0, 1]


def test_a_monthly_file_without_records_removes_nothing(storage: Storage, tmp_path: Path) -> None:
    first = tmp_path / "discogs_20260101_artists.xml"
    first.write_text(
        "<artists>\n<artist><id>1</id><name>The Persuader</name></artist>\n</artists>\n"
    )
    import_dump(storage, first, workers=1)
    empty = tmp_path / "discogs_20260201_artists.xml"
    empty.write_text("<artists>\n</artists>\n")
    outcome = import_dump(storage, empty, workers=1)
    assert outcome.removal is False
    assert storage.catalogue.exists("artists", 1)


# -- records whose source did not change are not converted again (importer/sources.py) ------


def test_a_first_import_converts_every_record(storage: Storage, tmp_path: Path) -> None:
    (outcome,) = import_files(storage, releases_file(tmp_path, "a.xml", JANUARY))
    assert outcome.run.not_converted == 0
    assert None not in {row[0] for row in rows(storage, "SELECT source_digest FROM releases")}


def test_unchanged_records_are_not_converted_again(storage: Storage, tmp_path: Path) -> None:
    outcome = january_then(storage, tmp_path, "discogs_20250201_releases.xml")
    run = outcome.run
    # 1 and 4 are the same bytes as in January: skipped; 2 changed and 5 is new: converted.
    assert (run.not_converted, run.unchanged, run.updated, run.added) == (2, 2, 1, 1)
    assert served(storage, "releases", 2)["title"] == "Knockin' Boots Vol 2"
    assert_consistent(storage)


def in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small files through the worker processes, in chunks of a few records."""
    use_small_batches(monkeypatch)
    monkeypatch.setattr(run_module, "PARALLEL_MIN_BYTES", 0)


def test_records_skipped_in_worker_processes_too(
    storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_workers(monkeypatch)
    records = list(many_releases(300))
    path = write_dump(tmp_path / "discogs_20250101_releases.xml", "releases", records)
    import_files(storage, path)
    before = snapshot(storage)
    changed = [*records[:-1], records[-1].replace(b"<title>", b"<title>Changed ", 1)]
    path = write_dump(tmp_path / "discogs_20250201_releases.xml", "releases", changed)
    (outcome,) = import_files(storage, path, workers=2)
    assert (outcome.run.not_converted, outcome.run.updated) == (299, 1)
    after = snapshot(storage)
    assert {k: v for k, v in after.items() if k != "releases"} == {
        k: v for k, v in before.items() if k != "releases"
    }
    assert served(storage, "releases", 300)["title"].startswith("Changed ")


def test_a_first_import_in_worker_processes_stores_what_one_process_stores(
    storage: Storage, make_storage: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers hand their chunks back as msgpack messages (prepare.packed), not pickled."""
    in_workers(monkeypatch)
    path = write_dump(tmp_path / "a.xml", "releases", list(many_releases(300)))
    (outcome,) = import_files(storage, path, workers=2)
    alone = make_storage(storage.engine.dialect.name)
    import_files(alone, path, workers=1)
    assert outcome.run.added == 300
    assert snapshot(storage) == snapshot(alone)
    dates = {"date_added", "date_changed"}  # the second each import ran in
    assert {k: v for k, v in served(storage, "releases", 300).items() if k not in dates} == {
        k: v for k, v in served(alone, "releases", 300).items() if k not in dates
    }


def test_chunks_of_mostly_new_records_mix_unchanged_and_converted_in_workers(
    storage: Storage, make_storage: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chunk that is mostly new records is parsed whole in a worker (decide.KNOWN_SHARE),
    which marks the stored ones it finds unchanged among those it converts."""
    in_workers(monkeypatch)
    stored = list(many_releases(60))
    first = write_dump(tmp_path / "discogs_20250101_releases.xml", "releases", stored)
    # Each stored record between two new ones; every other stored record retitled.
    mixed: list[bytes] = []
    for index, record in enumerate(stored):
        if index % 2:
            record = record.replace(b"<title>", b"<title>Changed ", 1)
        new = [with_id(record, 1000 + 2 * index + offset) for offset in (0, 1)]
        mixed += [new[0], record, new[1]]
    second = write_dump(tmp_path / "discogs_20250201_releases.xml", "releases", mixed)
    alone = make_storage(storage.engine.dialect.name)
    for target, workers in ((storage, 2), (alone, 1)):
        import_files(target, first, workers=workers)
        (outcome,) = import_files(target, second, workers=workers)
        assert (outcome.run.added, outcome.run.updated, outcome.run.unchanged) == (120, 30, 30)
    assert snapshot(storage) == snapshot(alone)
    assert served(storage, "releases", 2)["title"].startswith("Changed ")


def test_a_record_with_another_stored_source_is_converted(storage: Storage, tmp_path: Path) -> None:
    """What decides is the stored digest of source and code: a digest from other code (or a
    database written before digests were kept) means converting, and then keeping the new."""
    path = releases_file(tmp_path, "a.xml", JANUARY)
    import_files(storage, path)
    with storage.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE releases SET source_digest = 7 WHERE id = 1")
        conn.exec_driver_sql("UPDATE releases SET source_digest = NULL WHERE id = 2")
    (outcome,) = import_files(storage, path)
    assert (outcome.run.not_converted, outcome.run.unchanged) == (2, 4)
    (outcome,) = import_files(storage, path)
    assert (outcome.run.not_converted, outcome.run.unchanged) == (4, 4)


def test_a_repeated_id_is_converted_and_the_last_one_wins(
    storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks are handed to the workers before the ones ahead of them are written: the stored
    digest of a repeated id may be stale by then, so a repeat is always converted."""
    in_workers(monkeypatch)
    records = list(many_releases(12))
    import_files(storage, write_dump(tmp_path / "a.xml", "releases", records))
    # Release 1 changed first, then again as it was, a few chunks later.
    changed_first = records[0].replace(b"<title>", b"<title>Changed ", 1)
    repeated = [changed_first, *records[1:], records[0]]
    path = write_dump(tmp_path / "b.xml", "releases", repeated)
    (outcome,) = import_files(storage, path, workers=2)
    assert outcome.run.not_converted == 11
    assert not served(storage, "releases", 1)["title"].startswith("Changed ")
    assert_consistent(storage)


# -- on a re-import, only the changed records are parsed (importer/prepare.py) ---------------


def reimported_with(
    storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: int, record: bytes
) -> tuple[Path, dict[str, list[tuple[Any, ...]]]]:
    """300 releases imported, then a file where release ``changed`` is ``record``: the
    path of that file and the catalogue as it was before."""
    in_workers(monkeypatch)
    records = list(many_releases(300))
    import_files(
        storage, write_dump(tmp_path / "discogs_20250101_releases.xml", "releases", records)
    )
    records[changed - 1] = record
    path = write_dump(tmp_path / "discogs_20250201_releases.xml", "releases", records)
    return path, snapshot(storage)


def test_a_changed_record_that_cannot_be_read_names_its_line_and_record(
    storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsed alone, among records that are not parsed: the line is still the file's."""
    record = with_id(next(iter(many_releases(1))), 150)
    unreadable = b'<release id="abc"' + record.split(b'"', 2)[2]
    path, before = reimported_with(storage, tmp_path, monkeypatch, 150, unreadable)
    with pytest.raises(DumpError) as raised:
        import_files(storage, path, workers=2)
    line = line_of(path, b'<release id="abc"')
    assert str(raised.value) == (
        f"discogs_20250201_releases.xml, line {line}, record abc:"
        " cannot read the record: release id 'abc' is not a number"
    )
    assert snapshot(storage) == before


def test_a_changed_record_of_malformed_xml_is_reported_as_on_a_first_import(
    storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsed alone, the record is reported with the file's line and its id, as when the
    whole chunk is parsed on a first import."""
    damaged = with_id(next(iter(many_releases(1))), 150).replace(b"</title>", b"</titel>", 1)
    path, before = reimported_with(storage, tmp_path, monkeypatch, 150, damaged)
    with pytest.raises(DumpError) as raised:
        import_files(storage, path, workers=2)
    error = raised.value
    line = line_of(path, b"</titel>")
    assert (error.line, error.record_id) == (line, 150)
    assert f"titel, line {line}, column" in error.reason
    assert snapshot(storage) == before


def test_a_changed_record_that_its_slice_cannot_hold_is_read_with_its_chunk(
    storage: Storage, tmp_path: Path
) -> None:
    """A record with an element named like a record at a line start is cut in two by the
    slicing; neither half parses alone, the chunk as a whole does, and is converted whole."""
    records = list(many_releases(20))  # one chunk
    import_files(storage, releases_file(tmp_path, "discogs_20250101_releases.xml", records))
    records[9] = records[9].replace(
        b"<title>", b"<release>\n<release>x</release></release><title>Nested ", 1
    )
    path = releases_file(tmp_path, "discogs_20250201_releases.xml", records)
    (outcome,) = import_files(storage, path)
    assert (outcome.run.updated, outcome.run.unchanged) == (1, 19)
    assert served(storage, "releases", 10)["title"].startswith("Nested ")


# -- records found unchanged are listed for their run, not rewritten (storage/tables.py) -----


def seen_ids(storage: Storage) -> list[tuple[Any, ...]]:
    listed = rows(storage, "SELECT run_id, ids FROM import_seen_ids ORDER BY run_id, batch")
    return sorted((run_id, i) for run_id, ids in listed for i in BitMap64.deserialize(ids))


def test_an_interrupted_reimport_keeps_the_records_it_found_unchanged(
    storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ids found unchanged commit with their batch: after Ctrl-C and the resumed run,
    only the release the newer month no longer holds is removed."""
    use_small_batches(monkeypatch)
    records = list(many_releases(30))
    import_files(
        storage, write_dump(tmp_path / "discogs_20250101_releases.xml", "releases", records)
    )
    february = write_dump(tmp_path / "discogs_20250201_releases.xml", "releases", records[:-1])
    with pytest.raises(KeyboardInterrupt):
        import_files(storage, february, progress=stop_after_batches(2))
    (_, stopped) = import_runs(storage)
    assert len(seen_ids(storage)) == stopped["records_done"] > 0

    (outcome,) = import_files(storage, february)

    assert outcome.run.resumed
    assert (outcome.run.unchanged, outcome.run.removed) == (29, 1)
    assert ids(storage, "releases") == list(range(1, 30))
    assert seen_ids(storage) == []  # forgotten once the run is over
    assert_consistent(storage)


def test_an_abandoned_or_failed_run_leaves_no_ids_behind(
    storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_small_batches(monkeypatch)
    records = list(many_releases(30))
    path = write_dump(tmp_path / "discogs_20250101_releases.xml", "releases", records)
    import_files(storage, path)
    with pytest.raises(KeyboardInterrupt):
        import_files(storage, path, progress=stop_after_batches(2))
    assert seen_ids(storage) != []
    broken = [*records[:-1], records[-1].replace(b"</title>", b"</titel>", 1)]
    with pytest.raises(DumpError):
        import_files(storage, write_dump(tmp_path / "other.xml", "releases", broken))
    assert [run["status"] for run in import_runs(storage)] == ["completed", "abandoned", "failed"]
    assert seen_ids(storage) == []


def test_an_import_set_aside_by_another_stops_before_writing_what_it_skipped(
    storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records are skipped by digests read before their write. Another import of the kind
    started meanwhile sets the run aside (and may have changed them): the run's next write
    that skips records stops instead."""
    use_small_batches(monkeypatch)
    records = list(many_releases(300))
    january = write_dump(tmp_path / "discogs_20250101_releases.xml", "releases", records)
    import_files(storage, january)
    other = write_dump(
        tmp_path / "one.xml", "releases", [records[0].replace(b"<title>", b"<title>Other ", 1)]
    )
    meanwhile: list[Outcome] = []

    def another_import_starts(records_written: int, bytes_read: int) -> None:
        if not meanwhile:
            meanwhile.extend(import_files(storage, other))

    with pytest.raises(ChangedDuringImport, match="another import of releases started"):
        import_files(storage, january, progress=Progress(on_batch=another_import_starts))
    statuses = [run["status"] for run in import_runs(storage)]
    assert statuses == ["completed", "abandoned", "completed"]
    assert served(storage, "releases", 1)["title"].startswith("Other ")
    assert_consistent(storage)


@pytest.mark.parametrize("month", ["first import", "refresh"])
def test_each_write_is_reported_once_committed_in_file_order(
    storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, month: str
) -> None:
    """A write runs in a thread beside the reading of the next records (run._Writes): its
    progress is reported once it committed, and the next write starts after that."""
    use_small_batches(monkeypatch)
    records = list(many_releases(30))
    january = write_dump(tmp_path / "discogs_20250101_releases.xml", "releases", records)
    if month == "refresh":
        import_files(storage, january)
        records = [record.replace(b"<title>", b"<title>Changed ", 1) for record in records]
    reported: list[tuple[int, int]] = []

    def on_batch(records_written: int, bytes_read: int) -> None:
        reported.append((records_written, bytes_read))
        (running,) = [run for run in import_runs(storage) if run["status"] == "running"]
        assert running["records_done"] == sum(written for written, _ in reported)

    february = write_dump(tmp_path / "discogs_20250201_releases.xml", "releases", records)
    import_files(storage, february, progress=Progress(on_batch=on_batch))
    assert sum(written for written, _ in reported) == 30
    assert len(reported) > 2
    assert [read for _, read in reported] == sorted(read for _, read in reported)
    assert_consistent(storage)
