"""What the import tests share: importing files, reading back what was stored and served,
and checking that the database is consistent with itself."""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text

from discogs_service.importer import run, xmlstream
from discogs_service.importer.run import Outcome, Progress, import_dump
from discogs_service.services import artists, labels, masters, releases
from discogs_service.storage import Storage, tables

BASE_URL = "http://x"
ENTITY_TABLES = ("artists", "labels", "masters", "releases")


def import_files(storage: Storage, *paths: Path, **options: Any) -> list[Outcome]:
    """Import the files in order, in this process, with one worker unless told otherwise."""
    options.setdefault("workers", 1)
    return [import_dump(storage, path, **options) for path in paths]


def next_second() -> None:
    """Dates are kept in whole seconds: let the clock move on so a change shows in them."""
    start = int(time.time())
    while int(time.time()) == start:
        time.sleep(0.05)


def use_small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of a few real records instead of megabytes (configuration, not mocking), so
    that a small file is written in several batches."""
    monkeypatch.setattr(run, "CHUNK_BYTES", 16_000)
    monkeypatch.setattr(xmlstream, "BLOCK_SIZE", 16_000)
    monkeypatch.setattr(run, "SEQUENTIAL_BATCH", 4)
    monkeypatch.setattr(run, "RECORDS_PER_WRITE", 1)  # each chunk its own write


_DOCUMENTS = {
    "artists": artists.artist_document,
    "labels": labels.label_document,
    "masters": masters.master_document,
    "releases": releases.release_document,
}


def served(storage: Storage, kind: str, entity_id: int) -> dict[str, Any]:
    """The stored document as the API serves it, links under ``BASE_URL``."""
    document = _DOCUMENTS[kind](storage.catalogue, entity_id, BASE_URL.encode())
    return json.loads(document.body)  # type: ignore[no-any-return]


def link(path: str) -> str:
    return BASE_URL + path


def rows(storage: Storage, sql: str, **parameters: Any) -> list[tuple[Any, ...]]:
    with storage.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql), parameters)]


def ids(storage: Storage, kind: str) -> list[int]:
    return [row[0] for row in rows(storage, f"SELECT id FROM {kind} ORDER BY id")]


def import_runs(storage: Storage) -> list[dict[str, Any]]:
    with storage.engine.connect() as conn:
        result = conn.execute(text("SELECT * FROM import_runs ORDER BY id"))
        return [dict(row._mapping) for row in result]


def credits_of(storage: Storage, release_id: int) -> list[tuple[int, int, str]]:
    """(artist, role, trackinfo) rows that list the release in artists' discographies."""
    return rows(
        storage,
        "SELECT artist_id, role, trackinfo FROM artist_credits WHERE release_id = :r"
        " ORDER BY artist_id, role",
        r=release_id,
    )


def labels_of(storage: Storage, release_id: int) -> list[tuple[int, int, str]]:
    """(label, position, catno) rows that list the release under its labels and series."""
    return rows(
        storage,
        "SELECT label_id, position, catno FROM release_labels WHERE release_id = :r"
        " ORDER BY position",
        r=release_id,
    )


def snapshot(storage: Storage) -> dict[str, list[tuple[Any, ...]]]:
    """Everything an import decides, without the times it ran at: ids and digests of every
    entity, and the listing rows."""
    tables = {
        kind: rows(storage, f"SELECT id, digest FROM {kind} ORDER BY id") for kind in ENTITY_TABLES
    }
    tables["artist_credits"] = rows(
        storage,
        "SELECT artist_id, role, release_id, trackinfo FROM artist_credits"
        " ORDER BY artist_id, role, release_id, trackinfo",
    )
    tables["release_labels"] = rows(
        storage,
        "SELECT label_id, release_id, position, catno FROM release_labels"
        " ORDER BY label_id, release_id, position",
    )
    return tables


def assert_consistent(storage: Storage) -> None:
    """The counts the API reports are the rows there are, and no listing row points at a
    release that is not stored."""
    counts = storage.catalogue.counts()
    for kind in ENTITY_TABLES:
        (stored,) = rows(storage, f"SELECT COUNT(*) FROM {kind}")[0]
        assert counts.get(kind, 0) == stored, (kind, counts, stored)
    for table in ("artist_credits", "release_labels"):
        orphans = rows(
            storage,
            f"SELECT COUNT(*) FROM {table} WHERE release_id NOT IN (SELECT id FROM releases)",
        )
        assert orphans == [(0,)], f"{table} rows of releases that are not stored"


def index_names(storage: Storage, table: str) -> set[str]:
    return {str(index["name"]) for index in inspect(storage.engine).get_indexes(table)}


def assert_all_indexes_present(storage: Storage) -> None:
    """Every index of the schema exists (a first import drops some while it loads)."""
    for table in ("releases", "artist_credits", "release_labels"):
        expected = {index.name for index in tables.metadata.tables[table].indexes}
        assert index_names(storage, table) == expected, f"indexes of {table}"


def stop_after_batches(count: int) -> Progress:
    """A progress display whose user presses Ctrl-C once ``count`` batches are committed."""
    committed = itertools.count(1)

    def on_batch(records: int, bytes_read: int) -> None:
        if next(committed) == count:
            raise KeyboardInterrupt

    return Progress(on_batch=on_batch)


def line_of(path: Path, needle: bytes) -> int:
    """The line of the file where ``needle`` first occurs."""
    data = path.read_bytes()
    return data[: data.index(needle)].count(b"\n") + 1
