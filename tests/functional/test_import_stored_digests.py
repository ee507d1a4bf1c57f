"""A re-import decides which records changed by their stored source digests, which the main
process reads ahead of the chunks that ask for them, a window of ids at a time
(``importer.decide.StoredDigests``): each chunk gets what looking its ids up one by one
gives, whatever the windows' edges, gaps and ids that come back."""

from __future__ import annotations

from pathlib import Path

import pytest

from discogs_service.importer import decide
from discogs_service.importer.sources import source_digest
from discogs_service.storage import Storage
from tests.dumpfiles import many_releases, with_id, write_dump
from tests.functional.importing import import_files

# Stored: 1-40 without 10-14 and 30, then 100-104; 3 and 21 without a digest.
STORED = [*range(1, 10), *range(15, 30), *range(31, 41), *range(100, 105)]
CHUNKS = [
    [1, 2, 3, 4, 5],
    [6, 7, 8, 9, 10, 11],  # past the first window, into the gap
    [12, 13, 14, 15, 16, 17, 18],
    [19, 20, 21, 22, 23, 24, 25, 26, 27, 28],  # more ids than a window holds
    [29, 30, 31],
    [38, 39, 40, 41, 42, 43],  # past the last stored id of the run
    [100, 101, 102],  # a jump ahead
    [2, 3, 4],  # back (a file out of id order)
    [1, 30, 100],  # scattered: looked up one by one
    [],
]


@pytest.fixture
def stored(storage: Storage, tmp_path: Path) -> Storage:
    records = [
        with_id(record, i) for record, i in zip(many_releases(len(STORED)), STORED, strict=True)
    ]
    import_files(storage, write_dump(tmp_path / "a.xml", "releases", records))
    with storage.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE releases SET source_digest = NULL WHERE id IN (3, 21)")
    return storage


def test_read_ahead_answers_each_chunk_as_its_ids_looked_up(
    stored: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(decide, "READ_AHEAD", 4)  # windows of 4 ids: every edge is met
    ahead = decide.StoredDigests(stored.dumps, "releases")
    for ids in CHUNKS:
        expected = stored.dumps.source_digests("releases", ids)
        assert ahead(ids) == expected, ids
    assert ahead([5, 6]) == stored.dumps.source_digests("releases", [5, 6])


def test_one_window_serves_the_chunks_within_it(stored: Storage) -> None:
    ahead = decide.StoredDigests(stored.dumps, "releases")
    first = ahead([1, 2, 3, 4, 5])
    assert set(first) == {1, 2, 4, 5}
    assert (ahead.low, ahead.high) == (1, 1 << 62)  # fewer stored than a window: all read
    assert set(ahead([38, 39, 40, 41])) == {38, 39, 40}


def test_a_source_digest_is_a_signed_64_bit_integer_of_the_record() -> None:
    """Stored in a BIGINT: XXH3's unsigned 64 bits taken as signed, both signs occurring."""
    records = [bytes(range(256)) * (length // 256) for length in (0, 256, 2048, 10_240)]
    records += [bytes([i]) for i in range(64)]
    digests = [source_digest(record) for record in records]
    assert all(-(1 << 63) <= digest < 1 << 63 for digest in digests)
    assert {digest < 0 for digest in digests} == {True, False}
    assert len(set(digests)) == len(records)
    assert digests == [source_digest(bytes(record)) for record in records]
