"""A purpose-made catalogue for the HTTP and contract tests of the catalogue endpoints.

``tests/data/api/`` holds small dump files (see its README) with the records the listing and
document tests need: release 5134861 and its master, artist and label as in the 2026 live
recording, a master with six versions to sort and filter, an artist credited in every role,
a label whose catalogue numbers are not in id order. On top of them a bulk of
``BULK_RELEASES`` generated releases (label ``BULK_LABEL``, artist ``BULK_ARTIST``) gives
listings long enough to page through.

``tests/conftest.py`` imports both into a database of each engine once per session and
serves it over a real socket: ``catalogue_storage``, ``catalogue_server``, ``api``.
"""

from __future__ import annotations

import re
from pathlib import Path

API_DATA = Path(__file__).parent / "data" / "api"
BULK_RELEASES = 120
BULK_FIRST_ID = 8001
BULK_LABEL = 900
BULK_ARTIST = 802


def bulk_release_ids() -> list[int]:
    return list(range(BULK_FIRST_ID, BULK_FIRST_ID + BULK_RELEASES))


def bulk_catno(release_id: int) -> str:
    return f"BULK-{release_id - BULK_FIRST_ID + 1:03d}"


def write_bulk_releases(path: Path) -> Path:
    """A releases dump of BULK_RELEASES releases by BULK_ARTIST on BULK_LABEL."""
    lines = ["<releases>"]
    for release_id in bulk_release_ids():
        number = release_id - BULK_FIRST_ID + 1
        lines.append(
            f'<release id="{release_id}" status="Accepted"><artists><artist><id>{BULK_ARTIST}</id>'
            "<name>Bulk Artist</name><anv/><join/><role/><tracks/></artist></artists>"
            f"<title>Bulk Title {number:03d}</title>"
            f'<labels><label name="Bulk Records" catno="{bulk_catno(release_id)}" '
            f'id="{BULK_LABEL}"/></labels><extraartists/>'
            '<formats><format name="CD" qty="1" text=""><descriptions><description>Album'
            "</description></descriptions></format></formats><genres><genre>Rock</genre>"
            f"</genres><styles/><country>UK</country><released>{1990 + number % 30}</released>"
            "<data_quality>Needs Vote</data_quality><tracklist><track><position>1</position>"
            "<title>Only Track</title><duration>3:00</duration></track></tracklist></release>"
        )
    lines.append("</releases>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def catalogue_files(tmp: Path) -> list[Path]:
    return [*sorted(API_DATA.glob("discogs_*.xml")), write_bulk_releases(tmp / "bulk.xml")]


def count_records(kind: str) -> int:
    """How many records of a kind the catalogue files hold (for GET / statistics)."""
    tag = {"artists": "<artist>", "labels": "<label>", "releases": "<release "}[kind]
    text = (API_DATA / f"discogs_20240101_{kind}.xml").read_text(encoding="utf-8")
    pattern = re.compile(r"^" + re.escape(tag), re.MULTILINE)
    extra = BULK_RELEASES if kind == "releases" else 0
    return len(pattern.findall(text)) + extra
