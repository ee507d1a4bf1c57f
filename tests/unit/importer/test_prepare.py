"""A worker's prepared chunk as one message (importer.prepare.packed): the main process reads
back the same records, of the same types, in the same order."""

from __future__ import annotations

from lxml import etree

from discogs_service.importer import xmlstream
from discogs_service.importer.prepare import packed, prepare, unpacked
from discogs_service.prepared import Prepared, Unchanged
from tests.dumpfiles import excerpt, records_of


def real_prepared() -> list[Prepared]:
    path = excerpt("2025-01", "discogs_20250101_releases.xml.gz")
    elements = [
        etree.fromstring(record, xmlstream.safe_parser()) for record in records_of(path, "releases")
    ]
    return [prepare("releases", element, source=index) for index, element in enumerate(elements)]


def test_converted_records_come_back_as_they_went() -> None:
    converted = real_prepared()
    back = unpacked(packed([*converted]))
    assert back == converted
    assert all(type(record) is Prepared for record in back)
    first = back[0]
    assert isinstance(first, Prepared)
    assert type(first.search).__name__ == "SearchEntry"
    assert [type(column) for column in first.columns] == [
        type(column) for column in converted[0].columns
    ]


def test_unchanged_markers_keep_their_places_among_converted_records() -> None:
    converted = real_prepared()
    records: list[Prepared | Unchanged] = [
        Unchanged(7, 70),
        converted[0],
        Unchanged(8, -80),
        Unchanged(9, 1 << 62),
        *converted[1:],
        Unchanged(10, 0),
    ]
    back = unpacked(packed(records))
    assert back == records
    assert [type(record) for record in back] == [type(record) for record in records]


def test_an_empty_chunk_is_an_empty_message() -> None:
    assert unpacked(packed([])) == []
