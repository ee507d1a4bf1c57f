"""Skipping records whose source did not change, on a re-import.

Each record's XML, as the dump file wrote it, is hashed together with the code that converts
it (``CONVERSION_VERSION``: the source of every module that shapes what is stored) and the
hash is stored beside the record (``source_digest``). When the next import meets a record
whose hash is the stored one, converting it would give the very rows already stored, so the
worker neither parses nor converts it and only hands back an ``Unchanged`` marker
(``importer.prepare``); conversion is most of an import's CPU, and most records of a monthly
dump are the ones of the month before.

The main process reads the stored hashes of a chunk's ids when it hands the chunk out. An id
not greater than every id of the chunks handed out before is a repeat (or the file is not in
id order): its earlier occurrence may still be on its way to the database, so it is always
converted, and the last occurrence wins as on a first import.
"""

from __future__ import annotations

from hashlib import blake2b
from pathlib import Path

import xxhash

_PACKAGE = Path(__file__).resolve().parent.parent
# Everything whose change changes what an import stores for the same XML.
_CONVERTING = (
    "importer/records",
    "importer/prepare.py",
    "importer/sources.py",
    "prepared.py",
    "documents.py",
    "search/entries.py",
    "search/facts.py",
    "search/text.py",
    "summaries.py",
)


def _conversion_version() -> bytes:
    version = blake2b(digest_size=16)
    for name in _CONVERTING:
        path = _PACKAGE / name
        for source in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            version.update(source.name.encode() + b"\0" + source.read_bytes())
    return version.digest()


CONVERSION_VERSION = _conversion_version()
_SEED = int.from_bytes(CONVERSION_VERSION[:8], "big")
_SIGN = 1 << 63


def source_digest(record: bytes) -> int:
    """The record's XML and the conversion code, as a signed 64-bit integer (a BIGINT).

    XXH3 (xxhash) seeded with the code's version: 200,000 records of 3.3 KB in 0.1 s
    against blake2b's 1.1 s, on the main process's critical path in a refresh. It keeps the
    GIL, which blake2b let go of (and waited to take back) for every record over 2 KB. The
    digest only tells a record unchanged since the import that stored it; it guards
    nothing (the file's checksum does)."""
    value = xxhash.xxh3_64_intdigest(record, _SEED)
    return value - 2 * _SIGN if value >= _SIGN else value


class KnownSources:
    """The stored source digests a chunk's records may be skipped by (main process)."""

    def __init__(self) -> None:
        self.highest = 0  # the greatest id of the chunks handed out so far

    def for_chunk(self, ids: list[int], stored: dict[int, int]) -> dict[int, int]:
        """Of ``stored`` (id -> digest for ``ids``), the ones that may be used: ids past
        every earlier chunk's."""
        usable = {i: d for i, d in stored.items() if i > self.highest}
        if ids:
            self.highest = max(self.highest, max(ids))
        return usable
