"""Files that cannot be imported, one test per kind of failure, on both engines.

Each failure names the file (and the line and record where there is one); batches committed
before the failure are kept, the failing batch leaves nothing, and a file refused up front
leaves no trace at all. ``discogs-service import`` exits with status 1 and prints the message.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from discogs_service.importer.errors import DumpError
from discogs_service.storage import Storage
from tests.dumpfiles import (
    billion_laughs,
    checksum_line,
    many_releases,
    pretty_printed,
    run_import,
    with_id,
    write_dump,
)
from tests.functional.importing import (
    assert_all_indexes_present,
    assert_consistent,
    ids,
    import_files,
    import_runs,
    line_of,
    use_small_batches,
)

RECORDS = 40
BROKEN = 23  # the record that is damaged, counted from 1; well inside the file


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """So that a file of 40 records has batches before the failing one."""
    use_small_batches(monkeypatch)


def releases(broken: bytes | None = None, count: int = RECORDS) -> list[bytes]:
    """Real releases numbered 1..40 (or ``count``); the 23rd replaced by ``broken`` if given."""
    records = list(many_releases(count))
    if broken is not None:
        records[BROKEN - 1] = broken
    return records


def refused(storage: Storage, path: Path) -> DumpError:
    with pytest.raises(DumpError) as raised:
        import_files(storage, path)
    return raised.value


def assert_nothing_was_written(storage: Storage) -> None:
    assert import_runs(storage) == []
    assert storage.catalogue.counts() == {}
    assert ids(storage, "releases") == []


def assert_failed_after_whole_batches(storage: Storage, error: DumpError) -> None:
    """Earlier batches kept, in file order; the failing one (holding good records before the
    damaged one, too) left nothing; the run is marked failed with the message."""
    (failed,) = import_runs(storage)
    done = failed["records_done"]
    assert (failed["status"], failed["error"]) == ("failed", str(error))
    assert 0 < done < BROKEN - 1
    assert ids(storage, "releases") == list(range(1, done + 1))
    assert_consistent(storage)


def assert_the_command_fails_with(database_url: str, path: Path, message: str) -> str:
    """``discogs-service import`` exits with 1 and prints the message; returns what it printed."""
    result = run_import(database_url, path)
    assert result.returncode == 1, result.stderr
    printed = " ".join(result.stderr.split())  # as one line, however the console wrapped it
    assert f"import stopped: {message}" in printed
    return printed


def assert_the_command_refuses_up_front(database_url: str, path: Path, message: str) -> str:
    """As above, for a file refused before its first record: it says that nothing of the
    file was imported, not that earlier batches were kept."""
    printed = assert_the_command_fails_with(database_url, path, message)
    assert f"Nothing of {path.name} was imported." in printed
    assert "failing batch" not in printed
    return printed


# -- damaged in the middle ----------------------------------------------------------------------


def cut_at_three_quarters(whole: bytes) -> bytes:
    return whole[: len(whole) * 3 // 4]


def overwritten_at_three_quarters(whole: bytes) -> bytes:
    """The decompressor finds an invalid block there (ISA-L's own error, not an OSError)."""
    at = len(whole) * 3 // 4
    return whole[:at] + b"\xff" * 64 + whole[at + 64 :]


DAMAGES = {
    "truncated": (cut_at_three_quarters, "the compressed file is truncated"),
    "broken block": (
        overwritten_at_three_quarters,
        "cannot decompress the file: Error -1 Invalid deflate block",
    ),
}


@pytest.mark.parametrize(("damage", "reason"), DAMAGES.values(), ids=list(DAMAGES))
def test_a_damaged_gzip_keeps_the_batches_before_the_damage(
    storage: Storage,
    database_url: str,
    tmp_path: Path,
    small_batches: None,
    damage: Callable[[bytes], bytes],
    reason: str,
) -> None:
    # Big enough (500 KB) that the damage lies beyond what is read to recognise the file.
    path = write_dump(
        tmp_path / "discogs_20250101_releases.xml.gz", "releases", releases(count=120)
    )
    path.write_bytes(damage(path.read_bytes()))
    error = refused(storage, path)
    assert error.file == "discogs_20250101_releases.xml.gz"
    assert error.reason.startswith(reason)
    assert error.line is not None
    (failed,) = import_runs(storage)
    assert failed["status"] == "failed"
    assert 0 < failed["records_done"] < 120
    assert ids(storage, "releases") == list(range(1, failed["records_done"] + 1))
    assert_consistent(storage)
    printed = assert_the_command_fails_with(
        database_url, path, "discogs_20250101_releases.xml.gz, line"
    )
    assert reason in printed
    assert "Everything before the failing batch is saved; nothing of it is." in printed
    assert "Nothing of" not in printed


def test_a_gzip_cut_within_its_first_bytes_is_refused_up_front(
    storage: Storage, database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "discogs_20250101_releases.xml.gz"
    path.write_bytes(gzip.compress(b"<releases>\n" + releases()[0])[:200])
    error = refused(storage, path)
    assert str(error).startswith("discogs_20250101_releases.xml.gz: cannot read the file")
    assert_nothing_was_written(storage)
    assert_the_command_refuses_up_front(database_url, path, str(error))


def test_malformed_xml_names_the_line_and_record(
    storage: Storage, database_url: str, tmp_path: Path, small_batches: None
) -> None:
    damaged = releases()[BROKEN - 1].replace(b"</title>", b"</titel>", 1)
    path = write_dump(tmp_path / "releases.xml", "releases", releases(damaged))
    error = refused(storage, path)
    line = line_of(path, b"</titel>")
    assert (error.file, error.line, error.record_id) == ("releases.xml", line, BROKEN)
    assert error.reason.startswith("malformed XML: Opening and ending tag mismatch")
    assert f"titel, line {line}, column" in error.reason  # lines of the file, not of a batch
    assert_failed_after_whole_batches(storage, error)
    assert_all_indexes_present(storage)  # dropped to load an empty table fast, then rebuilt
    # Read in one batch by the command: the same message, whatever the batch size.
    assert_the_command_fails_with(database_url, path, str(error))


def test_malformed_xml_in_a_pretty_printed_file_names_the_line_and_record(
    storage: Storage, database_url: str, tmp_path: Path, small_batches: None
) -> None:
    path = tmp_path / "releases.xml"
    document = pretty_printed("releases", releases())
    title = document.index(b"</title>", document.index(b'<release id="%d"' % BROKEN))
    path.write_bytes(document[:title] + b"</titel>" + document[title + len(b"</title>") :])
    error = refused(storage, path)
    line = line_of(path, b"</titel>")
    assert (error.line, error.record_id) == (line, str(BROKEN))
    assert f"titel, line {line}, column" in error.reason
    assert_failed_after_whole_batches(storage, error)
    assert_the_command_fails_with(database_url, path, str(error))


def test_a_record_with_an_unreadable_id_names_the_line_and_record(
    storage: Storage, database_url: str, tmp_path: Path, small_batches: None
) -> None:
    unreadable = b'<release id="abc"' + releases()[BROKEN - 1].split(b'"', 2)[2]
    path = write_dump(tmp_path / "releases.xml", "releases", releases(unreadable))
    error = refused(storage, path)
    line = line_of(path, b'<release id="abc"')
    assert str(error) == (
        f"releases.xml, line {line}, record abc:"
        " cannot read the record: release id 'abc' is not a number"
    )
    assert_failed_after_whole_batches(storage, error)
    assert_the_command_fails_with(database_url, path, str(error))


def test_a_file_cut_before_its_closing_tag_is_refused_at_the_end(
    storage: Storage, database_url: str, tmp_path: Path, small_batches: None
) -> None:
    path = write_dump(tmp_path / "releases.xml", "releases", releases())
    path.write_bytes(path.read_bytes().removesuffix(b"</releases>\n"))
    error = refused(storage, path)
    assert error.reason == "the file ends without </releases>; it is truncated"
    assert error.record_id == RECORDS
    (failed,) = import_runs(storage)
    assert failed["status"] == "failed"
    assert 0 < failed["records_done"] < RECORDS
    assert_the_command_fails_with(database_url, path, str(error))


# -- refused before anything is written ----------------------------------------------------------


def test_a_file_of_unknown_kind_leaves_no_trace(
    storage: Storage, database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "discogs_20250101_releases.xml"
    path.write_bytes(b"<!DOCTYPE html>\n<html><body>503 Service Unavailable</body></html>\n")
    error = refused(storage, path)
    assert error.file == "discogs_20250101_releases.xml"
    assert_nothing_was_written(storage)
    assert_the_command_refuses_up_front(database_url, path, "discogs_20250101_releases.xml:")


def test_a_file_that_is_not_there_is_refused_without_an_estimate(
    storage: Storage, database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "discogs_20250101_releases.xml.gz"
    error = refused(storage, path)
    assert str(error) == "discogs_20250101_releases.xml.gz: no such file"
    assert_nothing_was_written(storage)
    printed = assert_the_command_refuses_up_front(database_url, path, str(error))
    assert "Disk:" not in printed  # no file to estimate


def test_an_element_that_is_no_dump_root_leaves_no_trace(
    storage: Storage, database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "export.xml"
    path.write_bytes(b'<collection>\n<release id="1"/>\n</collection>\n')
    error = refused(storage, path)
    assert str(error) == (
        "export.xml: the first element is <collection>; a Discogs dump starts with <artists>,"
        " <labels>, <masters> or <releases>"
    )
    assert_nothing_was_written(storage)
    assert_the_command_refuses_up_front(database_url, path, str(error))


def test_a_file_named_as_another_kind_leaves_no_trace(
    storage: Storage, database_url: str, tmp_path: Path
) -> None:
    path = write_dump(tmp_path / "discogs_20250101_artists.xml.gz", "releases", releases()[:3])
    error = refused(storage, path)
    assert (
        str(error)
        == "discogs_20250101_artists.xml.gz: the file is named as artists but holds releases"
    )
    assert_nothing_was_written(storage)
    assert_the_command_refuses_up_front(database_url, path, str(error))


def test_a_billion_laughs_file_is_refused_without_expanding_it(
    storage: Storage, database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "releases.xml"
    path.write_bytes(billion_laughs())
    error = refused(storage, path)
    assert str(error) == "releases.xml: the file declares a DTD; dump files never do, refusing it"
    assert_nothing_was_written(storage)
    assert_the_command_refuses_up_front(database_url, path, str(error))


# -- checksums -------------------------------------------------------------------------------------


def a_monthly_file_with_checksum(
    directory: Path, sha256: str | None = None, name: str = "discogs_20250101_releases.xml.gz"
) -> Path:
    path = write_dump(directory / name, "releases", releases()[:5])
    digest = sha256 or hashlib.sha256(path.read_bytes()).hexdigest()
    (directory / "discogs_20250101_CHECKSUM.txt").write_text(
        checksum_line("f" * 64, "discogs_20250101_artists.xml.gz")
        + checksum_line(digest, path.name)
        + checksum_line("e" * 64, "discogs_20250101_labels.xml.gz")
    )
    return path


def test_a_checksum_mismatch_is_refused_before_writing(
    storage: Storage, database_url: str, tmp_path: Path
) -> None:
    path = a_monthly_file_with_checksum(tmp_path, sha256="0" * 64)
    error = refused(storage, path)
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    assert str(error) == (
        f"discogs_20250101_releases.xml.gz: SHA-256 {actual} does not match {'0' * 64} in"
        " discogs_20250101_CHECKSUM.txt; the file is damaged or incomplete"
    )
    assert_nothing_was_written(storage)
    assert_the_command_refuses_up_front(database_url, path, str(error))


def test_a_matching_checksum_is_verified(
    storage: Storage, database_url: str, tmp_path: Path
) -> None:
    path = a_monthly_file_with_checksum(tmp_path)
    (outcome,) = import_files(storage, path)
    assert outcome.checksum_verified
    assert outcome.run.added == 5
    result = run_import(database_url, path)
    assert result.returncode == 0, result.stderr
    assert "verified" in result.stdout


def test_a_file_damaged_after_its_checksum_was_written_is_refused(
    storage: Storage, tmp_path: Path
) -> None:
    path = a_monthly_file_with_checksum(tmp_path, name="discogs_20250101_releases.xml")
    path.write_bytes(path.read_bytes().replace(b"<title>", b"<title>X", 1))  # still valid XML
    error = refused(storage, path)
    assert "does not match" in error.reason
    assert_nothing_was_written(storage)


def test_a_record_id_repeated_in_a_file_is_stored_once(storage: Storage, tmp_path: Path) -> None:
    # Not a failure: the later record wins, as it would in the next batch.
    records = releases()[:3]
    path = write_dump(tmp_path / "releases.xml", "releases", [*records, with_id(records[0], 2)])
    (outcome,) = import_files(storage, path)
    assert ids(storage, "releases") == [1, 2, 3]
    assert outcome.run.records_done == 4
    assert_consistent(storage)


@pytest.mark.slow
def test_a_malformed_record_read_by_worker_processes_names_its_line_and_record(
    storage: Storage, tmp_path: Path
) -> None:
    records = list(many_releases(4000))  # 17 MB: enough for the importer to use workers
    records[3499] = records[3499].replace(b"</title>", b"</titel>", 1)
    path = write_dump(tmp_path / "releases.xml", "releases", records)
    with pytest.raises(DumpError) as raised:
        import_files(storage, path, workers=2)
    error = raised.value
    assert (error.line, error.record_id) == (line_of(path, b"</titel>"), 3500)
    (failed,) = import_runs(storage)
    assert failed["status"] == "failed"
    assert 0 < failed["records_done"] < 3499
    assert ids(storage, "releases") == list(range(1, failed["records_done"] + 1))
    assert_consistent(storage)
    assert_all_indexes_present(storage)
