"""Reading records safely (importer.xmlstream): chunks at record starts, file line numbers,
and parsers that never expand entities."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from discogs_service.importer import xmlstream
from discogs_service.importer.errors import DumpError
from discogs_service.importer.files import DumpFile, identify
from tests.dumpfiles import billion_laughs, excerpt, pretty_printed, records_of, write_dump


def chunks_of(dump: DumpFile, target_size: int) -> list[xmlstream.Chunk]:
    with dump.open() as reader:
        return list(xmlstream.iter_chunks(dump, reader.stream, target_size))


def elements_of(dump: DumpFile) -> list[tuple[str, int]]:
    with dump.open() as reader:
        return [
            (element.get("id") or element.findtext("id"), element.sourceline)
            for element in xmlstream.iter_elements(dump, reader.stream)
        ]


def test_chunks_hold_whole_records_in_file_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlstream, "BLOCK_SIZE", 4096)
    source = excerpt("2019", "discogs_2019_releases.xml")
    dump = identify(source)
    chunks = chunks_of(dump, 8192)
    assert len(chunks) > 1
    assert (
        b"".join(chunk.data for chunk in chunks)
        == b"\n".join(records_of(source, "releases")) + b"\n"
    )
    assert sum(chunk.records for chunk in chunks) == 8
    parsed = [
        element.get("id")
        for chunk in chunks
        for element in xmlstream.parse_chunk(dump.name, dump.kind, chunk, dump.rootless)
    ]
    assert parsed == [str(i) for i in range(1, 9)]


def test_a_chunk_knows_the_file_line_it_starts_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xmlstream, "BLOCK_SIZE", 4096)
    source = excerpt("2019", "discogs_2019_releases.xml")
    lines = source.read_bytes().split(b"\n")
    for chunk in chunks_of(identify(source), 8192):
        assert lines[chunk.start_line - 1].startswith(b"<release id=")
        assert chunk.data.startswith(lines[chunk.start_line - 1])


def test_a_rootless_file_loses_its_control_characters() -> None:
    dump = identify(excerpt("pre-2014", "discogs_20110107_artists.xml"))
    (chunk,) = chunks_of(dump, 1 << 20)
    profiles = [
        element.findtext("profile")
        for element in xmlstream.parse_chunk(dump.name, dump.kind, chunk, dump.rootless)
    ]
    assert profiles == ["", "Swedish duo."]
    assert [record_id for record_id, _line in elements_of(dump)] == ["1", "2"]


def test_iterparse_yields_records_with_their_file_lines(tmp_path: Path) -> None:
    records = records_of(excerpt("2025-01", "discogs_20250101_labels.xml.gz"), "labels")
    path = tmp_path / "labels.xml"
    path.write_bytes(pretty_printed("labels", records))
    found = elements_of(identify(path))
    # Sub-labels are <label> elements too, but not records.
    assert [record_id for record_id, _line in found] == ["157", "26391", "27031"]
    lines = path.read_bytes().split(b"\n")
    assert all(lines[line - 1].strip() == b"<label>" for _id, line in found)


def test_a_chunk_error_gives_lines_of_the_file(tmp_path: Path) -> None:
    records = records_of(excerpt("2019", "discogs_2019_releases.xml"), "releases")
    records[5] = records[5].replace(b"</title>", b"</titel>", 1)
    dump = identify(write_dump(tmp_path / "releases.xml", "releases", records))
    (chunk,) = chunks_of(dump, 1 << 20)
    assert chunk.start_line == 2  # after "<releases>"
    data = dump.path.read_bytes()
    line = data[: data.index(b"</titel>")].count(b"\n") + 1
    with pytest.raises(DumpError) as raised:
        xmlstream.parse_chunk(dump.name, dump.kind, chunk, False)
    assert (raised.value.line, raised.value.record_id) == (line, 6)
    assert f"title line {line} and titel, line {line}," in raised.value.reason
    # The same chunk further down a longer file: every line number moves with it.
    with pytest.raises(DumpError) as raised:
        xmlstream.parse_chunk(dump.name, dump.kind, replace(chunk, start_line=1002), False)
    assert raised.value.line == line + 1000
    assert f"title line {line + 1000} and titel, line {line + 1000}," in raised.value.reason


@pytest.mark.parametrize("line_layout", [True, False], ids=["chunks", "iterparse"])
def test_entities_are_never_expanded_even_past_identify(tmp_path: Path, line_layout: bool) -> None:
    path = tmp_path / "lol.xml"
    path.write_bytes(billion_laughs())
    # identify() refuses this file; build its description by hand to reach the parsers.
    dump = DumpFile(path, "releases", None, False, path.stat().st_size, False, line_layout)
    started = time.monotonic()
    with pytest.raises(DumpError, match="malformed XML"):
        if line_layout:
            for chunk in chunks_of(dump, 1 << 20):
                xmlstream.parse_chunk(dump.name, dump.kind, chunk, dump.rootless)
        else:
            elements_of(dump)
    assert time.monotonic() - started < 5


def test_a_rootless_indented_file_may_start_with_an_xml_declaration(tmp_path: Path) -> None:
    records = records_of(excerpt("2019", "discogs_2019_releases.xml"), "releases")[:3]
    path = tmp_path / "releases.xml"
    path.write_bytes(
        b'<?xml version="1.0" encoding="UTF-8"?>\n' + b"".join(b"  " + r + b"\n" for r in records)
    )
    dump = identify(path)
    assert (dump.rootless, dump.line_layout) == (True, False)
    lines = path.read_bytes().split(b"\n")
    found = elements_of(dump)
    assert [record_id for record_id, _line in found] == ["1", "2", "3"]
    assert all(lines[line - 1].startswith(b"  <release id=") for _id, line in found)


def test_control_characters_in_a_file_with_root_are_dropped_too(tmp_path: Path) -> None:
    records = records_of(excerpt("pre-2014", "discogs_20110107_artists.xml"), "artists")
    dump = identify(write_dump(tmp_path / "artists.xml", "artists", records))
    assert not dump.rootless
    (chunk,) = chunks_of(dump, 1 << 20)
    elements = xmlstream.parse_chunk(dump.name, dump.kind, chunk, dump.rootless)
    assert [element.findtext("profile") for element in elements] == ["", "Swedish duo."]


def test_a_chunk_with_control_characters_and_bad_xml_names_the_bad_xml(tmp_path: Path) -> None:
    records = records_of(excerpt("pre-2014", "discogs_20110107_artists.xml"), "artists")
    records[1] = records[1].replace(b"</realname>", b"</realnam>")
    dump = identify(write_dump(tmp_path / "artists.xml", "artists", records))
    (chunk,) = chunks_of(dump, 1 << 20)
    with pytest.raises(DumpError, match="tag mismatch: realname line 3 and realnam") as raised:
        xmlstream.parse_chunk(dump.name, dump.kind, chunk, dump.rootless)
    assert (raised.value.line, raised.value.record_id) == (3, 2)


# (file, where a record's id is written, a closing tag to break) per kind
_BREAKABLE = {
    "releases": (("2019", "discogs_2019_releases.xml"), b'<release id="%s"', b"</title>"),
    "labels": (("2025-01", "discogs_20250101_labels.xml.gz"), b"<id>%s</id>", b"</name>"),
}


@pytest.mark.parametrize("kind", sorted(_BREAKABLE))
def test_a_pretty_printed_file_hands_out_the_records_before_bad_xml(
    tmp_path: Path, kind: str
) -> None:
    # The whole file lies in one read block, so the good records and the error arrive in one
    # feed of the parser: lxml 6.2's iterparse raised before handing out any of them.
    source, id_marker, tag = _BREAKABLE[kind]
    records = records_of(excerpt(*source), kind)
    ids = [
        etree.fromstring(record).get("id") or etree.fromstring(record).findtext("id")
        for record in records
    ]
    document = pretty_printed(kind, records)
    at = document.index(tag, document.index(id_marker % ids[-1].encode()))
    path = tmp_path / f"{kind}.xml"
    path.write_bytes(document[:at] + tag[:-2] + b"x>" + document[at + len(tag) :])
    dump = identify(path)
    assert path.stat().st_size < xmlstream.BLOCK_SIZE and not dump.line_layout
    handed_out: list[str] = []
    with pytest.raises(DumpError) as raised, dump.open() as reader:
        for element in xmlstream.iter_elements(dump, reader.stream):
            handed_out.append(element.get("id") or element.findtext("id"))
    assert handed_out == ids[:-1]
    assert raised.value.line == document[:at].count(b"\n") + 1
    assert raised.value.record_id == ids[-1]
