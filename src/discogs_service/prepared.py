"""What an import writes for one record: made by the importer (``importer.prepare``, in
worker processes), written by the storage (``storage.dumps``, ``storage.search``).

Millions of these cross a pipe from the workers, so they are named tuples, sent as arrays
and read by name: a chunk's as one msgpack message (``importer.prepare.packed``), a
refresh's few changed records pickled as tuples (``importer.decide``).
"""

from __future__ import annotations

from typing import Any, NamedTuple

# artist_credits rows: artist id, role, release id, track info
CreditRow = tuple[int, int, int, str]
# release_labels rows: label id, release id, position, catalogue number
LabelRow = tuple[int, int, int, str]


class SearchEntry(NamedTuple):
    """The record for search: its facts (``search.facts.SearchFacts``, encoded), which its
    result is rendered from when served, and the index text per field. Fields are None for
    a master, whose entry also needs its main release's facts (``search.entries``)."""

    facts: bytes
    fields: tuple[str, ...] | None


class Prepared(NamedTuple):
    """A converted record."""

    id: int
    digest: int  # of what is stored: a different digest is an update
    document: bytes  # releases: with written slots for their dates (``documents``)
    columns: tuple[Any, ...]  # the kind's own columns (``storage.dumps.KIND_COLUMNS``)
    credits: list[CreditRow]
    labels: list[LabelRow]
    search: SearchEntry
    source_digest: int | None  # None when the record's XML as written was not at hand


class Unchanged(NamedTuple):
    """A record whose source digest is the stored one (``importer.sources``): nothing to
    convert or write."""

    id: int
    source_digest: int
