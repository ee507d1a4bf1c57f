"""Dump files for the importer's tests.

The committed excerpts live in ``tests/data/dumps/<era>/`` (see the README there). The
helpers below read their records and write new files from them: monthly-named copies,
pretty-printed ones, broken ones, and big ones made of real records with new ids.
"""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from lxml import etree

DUMPS = Path(__file__).parent / "data" / "dumps"
RECORD_TAGS = {"artists": "artist", "labels": "label", "masters": "master", "releases": "release"}


def excerpt(era: str, name: str) -> Path:
    """A committed dump file, e.g. ``excerpt("2025-01", "discogs_20250101_releases.xml.gz")``."""
    path = DUMPS / era / name
    assert path.is_file(), f"no test data file {path}"
    return path


def read_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def records_of(path: Path, kind: str) -> list[bytes]:
    """The records of a raw-layout file, each exactly as its bytes are in the file."""
    tag = RECORD_TAGS[kind].encode()
    data = read_bytes(path)
    starts = [m.start() for m in re.finditer(rb"^<" + tag + rb"[ >]", data, re.M)]
    end = data.rfind(b"</" + kind.encode() + b">")
    ends = [*starts[1:], end if end >= 0 else len(data)]
    return [data[start:stop].rstrip(b"\n") for start, stop in zip(starts, ends, strict=True)]


def record_id(record: bytes) -> int:
    found = re.match(rb'<\w+ id="(\d+)"', record) or re.search(rb"<id>(\d+)</id>", record)
    assert found, record[:80]
    return int(found.group(1))


def with_id(record: bytes, new_id: int) -> bytes:
    """A release or master record under another id."""
    return re.sub(rb'^(<\w+ id=")[^"]*"', rb'\g<1>%d"' % new_id, record, count=1)


def write_dump(path: Path, kind: str, records: Sequence[bytes], *, rootless: bool = False) -> Path:
    """A dump file laid out like the real ones (records at line starts), gzipped when the
    name ends in .gz."""
    body = b"".join(record + b"\n" for record in records)
    if not rootless:
        body = b"<" + kind.encode() + b">\n" + body + b"</" + kind.encode() + b">\n"
    path.write_bytes(gzip.compress(body, mtime=0) if path.name.endswith(".gz") else body)
    return path


def pretty_printed(kind: str, records: Sequence[bytes]) -> bytes:
    """The records re-laid out with indentation, as other projects' copies are."""
    root = etree.fromstring(
        b"<" + kind.encode() + b">" + b"".join(records) + b"</" + kind.encode() + b">"
    )
    etree.indent(root, space="  ")
    document: bytes = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def real_releases() -> list[bytes]:
    """The 32 releases of the 2020-08 excerpt (about 4 KB each)."""
    return records_of(excerpt("2020-08", "discogs_20200806_releases.xml.gz"), "releases")


def many_releases(count: int) -> Iterator[bytes]:
    """``count`` real release records, renumbered 1..count."""
    pool = real_releases()
    for index in range(count):
        yield with_id(pool[index % len(pool)], index + 1)


def a_release(
    release_id: int,
    *,
    title: str = "Stockholm",
    artist: tuple[int, str] = (1, "The Persuader"),
    label: tuple[int, str, str] = (5, "Svek", "SK032"),
    released: str = "1999-03-00",
) -> bytes:
    """A small release in the 2025 shape, with one artist, one label and one track."""
    artist_id, artist_name = artist
    label_id, label_name, catno = label
    return (
        f'<release id="{release_id}" status="Accepted"><artists><artist><id>{artist_id}</id>'
        f"<name>{artist_name}</name></artist></artists><title>{title}</title><labels>"
        f'<label name="{label_name}" catno="{catno}" id="{label_id}"/></labels>'
        '<formats><format name="Vinyl" qty="1" text=""><descriptions><description>12"'
        "</description></descriptions></format></formats><genres><genre>Electronic</genre>"
        f"</genres><released>{released}</released><data_quality>Needs Vote</data_quality>"
        "<tracklist><track><position>A</position><title>Östermalm</title><duration>4:45"
        "</duration></track></tracklist></release>"
    ).encode()


def billion_laughs(root: str = "releases") -> bytes:
    """The classic entity-expansion bomb (a billion "lol"s if a parser expanded it)."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)
    ]
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE {root} [\n '
        + "\n ".join(entities)
        + f']>\n<{root}>\n<release id="1"><title>&lol9;</title></release>\n</{root}>\n'
    ).encode()


def checksum_line(sha256: str, file_name: str) -> str:
    """One line of a monthly CHECKSUM file: one space between hash and name."""
    return f"{sha256} {file_name}\n"


# -- the command line -----------------------------------------------------------------------------


def import_command(*arguments: str | Path) -> list[str]:
    """``discogs-service import ...`` run by this interpreter."""
    return [sys.executable, "-m", "discogs_service", "import", *map(str, arguments)]


def run_import(database_url: str, *arguments: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        import_command(*arguments),
        env=cli_environment(database_url),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def cli_environment(database_url: str) -> dict[str, str]:
    import os

    return {**os.environ, "DISCOGS_DATABASE_URL": database_url, "COLUMNS": "200"}
