"""Recognising a dump file before anything is written (importer.files)."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest

from discogs_service.importer.errors import DumpError
from discogs_service.importer.files import expected_checksum, identify, verify_checksum
from tests.dumpfiles import DUMPS, billion_laughs, checksum_line

RELEASE = b'<release id="1" status="Accepted"><title>Stockholm</title></release>'
ARTIST = b"<artist><id>1</id><name>The Persuader</name></artist>"


def a_file(directory: Path, name: str, content: bytes) -> Path:
    path = directory / name
    path.write_bytes(gzip.compress(content) if name.endswith(".gz") else content)
    return path


# -- kind ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("root", "record"),
    [
        (b"artists", ARTIST),
        (b"labels", b"<label><id>1</id><name>Planet E</name></label>"),
        (b"masters", b'<master id="18080"><title>Violator</title></master>'),
        (b"releases", RELEASE),
    ],
)
def test_the_kind_is_read_from_the_root_element(tmp_path: Path, root: bytes, record: bytes) -> None:
    content = b"<" + root + b">\n" + record + b"\n</" + root + b">\n"
    dump = identify(a_file(tmp_path, "excerpt.xml", content))
    assert dump.kind == root.decode()
    assert dump.dump_date is None
    assert not dump.rootless


def test_a_monthly_name_gives_the_dump_date(tmp_path: Path) -> None:
    path = a_file(tmp_path, "discogs_20250101_releases.xml.gz", b"<releases>\n</releases>\n")
    dump = identify(path)
    assert (dump.kind, dump.dump_date, dump.compressed) == ("releases", "20250101", True)


def test_compression_is_recognised_by_content_not_by_name(tmp_path: Path) -> None:
    gzipped = tmp_path / "releases.xml"
    gzipped.write_bytes(gzip.compress(b"<releases>\n" + RELEASE + b"\n</releases>\n"))
    plain = tmp_path / "releases.xml.gz"
    plain.write_bytes(b"<releases>\n" + RELEASE + b"\n</releases>\n")
    assert identify(gzipped).compressed
    assert not identify(plain).compressed


def test_the_committed_excerpts_are_all_recognised() -> None:
    kinds = {identify(path).kind for path in DUMPS.glob("*/*.xml*")}
    assert kinds == {"artists", "labels", "masters", "releases"}


def test_a_file_named_as_one_kind_but_holding_another_is_refused(tmp_path: Path) -> None:
    path = a_file(
        tmp_path, "discogs_20250101_artists.xml", b"<releases>\n" + RELEASE + b"\n</releases>"
    )
    with pytest.raises(DumpError, match="named as artists but holds releases"):
        identify(path)


@pytest.mark.parametrize(
    "content",
    [
        b"<html><body>Not found</body></html>",
        b'<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>',
        b"<track><title>A</title></track>",
    ],
    ids=["html", "rss", "nested-element"],
)
def test_a_file_with_another_root_element_is_refused(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(DumpError, match="a Discogs dump starts with <artists>"):
        identify(a_file(tmp_path, "download.xml", content))


@pytest.mark.parametrize("content", [b"", b"just some text\n", b"\n\n  \n"])
def test_a_file_without_any_element_is_refused(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(DumpError, match="no XML element found"):
        identify(a_file(tmp_path, "empty.xml", content))


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DumpError, match="no such file"):
        identify(tmp_path / "discogs_20250101_releases.xml.gz")


def test_a_gzip_file_that_cannot_be_decompressed_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "discogs_20250101_releases.xml.gz"
    path.write_bytes(b"\x1f\x8b" + b"not really gzip" * 10)
    with pytest.raises(DumpError, match="cannot read the file"):
        identify(path)


# -- DTDs -----------------------------------------------------------------------------------------


def test_a_file_declaring_a_dtd_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DumpError, match="declares a DTD"):
        identify(a_file(tmp_path, "lol.xml", billion_laughs()))


def test_a_dtd_after_a_comment_naming_a_root_element_is_refused(tmp_path: Path) -> None:
    content = b"<!-- <releases> -->\n" + billion_laughs()
    with pytest.raises(DumpError, match="declares a DTD"):
        identify(a_file(tmp_path, "lol.xml", content))


def test_an_entity_declaration_without_doctype_is_refused(tmp_path: Path) -> None:
    content = b'<!ENTITY lol "lol">\n<releases>\n' + RELEASE + b"\n</releases>\n"
    with pytest.raises(DumpError, match="declares a DTD"):
        identify(a_file(tmp_path, "lol.xml", content))


# -- layout ---------------------------------------------------------------------------------------


def test_a_file_of_records_without_root_element_is_rootless(tmp_path: Path) -> None:
    dump = identify(a_file(tmp_path, "old.xml", RELEASE + b"\n" + RELEASE + b"\n"))
    assert (dump.kind, dump.rootless, dump.line_layout) == ("releases", True, True)


def test_the_pre_2014_excerpt_is_rootless() -> None:
    dump = identify(DUMPS / "pre-2014" / "discogs_20110107_releases.xml")
    assert (dump.kind, dump.rootless, dump.dump_date) == ("releases", True, "20110107")


def test_raw_dump_layout_puts_every_record_at_a_line_start(tmp_path: Path) -> None:
    content = b"<artists>\n" + ARTIST + b"\n" + ARTIST + b"\n</artists>\n"
    assert identify(a_file(tmp_path, "raw.xml", content)).line_layout


@pytest.mark.parametrize(
    "content",
    [
        b"<artists>\n  " + ARTIST + b"\n  " + ARTIST + b"\n</artists>\n",
        b"<artists>\n\t" + ARTIST + b"\n</artists>\n",
        b"<artists>" + ARTIST + ARTIST + b"</artists>",
    ],
    ids=["indented", "tab-indented", "one-line"],
)
def test_a_re_laid_out_copy_is_not_line_layout(tmp_path: Path, content: bytes) -> None:
    assert not identify(a_file(tmp_path, "pretty.xml", content)).line_layout


def test_an_xml_declaration_does_not_hide_the_kind(tmp_path: Path) -> None:
    content = b'<?xml version="1.0" encoding="UTF-8"?>\n<labels>\n</labels>\n'
    assert identify(a_file(tmp_path, "labels.xml", content)).kind == "labels"


def test_a_sublabel_does_not_make_a_labels_file_look_indented(tmp_path: Path) -> None:
    label = (
        b"<label><id>1</id><name>Planet E</name>"
        b'<sublabels><label id="2">X</label></sublabels></label>'
    )
    content = b"<labels>\n" + label + b"\n" + label + b"\n</labels>\n"
    assert identify(a_file(tmp_path, "labels.xml", content)).line_layout


# -- checksums ------------------------------------------------------------------------------------


def a_monthly_dump(directory: Path) -> Path:
    return a_file(
        directory,
        "discogs_20250101_releases.xml.gz",
        b"<releases>\n" + RELEASE + b"\n</releases>\n",
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_checksum_file_beside_a_monthly_dump_is_read(tmp_path: Path) -> None:
    path = a_monthly_dump(tmp_path)
    (tmp_path / "discogs_20250101_CHECKSUM.txt").write_text(
        checksum_line("a" * 64, "discogs_20250101_artists.xml.gz")
        + checksum_line(sha256(path), path.name)
    )
    dump = identify(path)
    assert expected_checksum(dump) == sha256(path)
    assert verify_checksum(dump) is True


def test_a_checksum_that_differs_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = a_monthly_dump(tmp_path)
    (tmp_path / "discogs_20250101_CHECKSUM.txt").write_text(checksum_line("0" * 64, path.name))
    with pytest.raises(DumpError) as raised:
        verify_checksum(identify(path))
    assert str(raised.value).startswith("discogs_20250101_releases.xml.gz: SHA-256 ")
    assert "does not match" in str(raised.value)


def test_without_a_checksum_entry_nothing_is_verified(tmp_path: Path) -> None:
    path = a_monthly_dump(tmp_path)
    assert verify_checksum(identify(path)) is False
    (tmp_path / "discogs_20250101_CHECKSUM.txt").write_text(
        checksum_line("a" * 64, "discogs_20250101_labels.xml.gz")
    )
    assert verify_checksum(identify(path)) is False


def test_a_file_without_a_monthly_name_has_no_checksum_file(tmp_path: Path) -> None:
    path = a_file(tmp_path, "releases.xml.gz", b"<releases>\n</releases>\n")
    (tmp_path / "discogs_20250101_CHECKSUM.txt").write_text(checksum_line("0" * 64, path.name))
    assert verify_checksum(identify(path)) is False
