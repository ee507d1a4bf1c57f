"""Releases: the document, its community rating and its stats."""

from __future__ import annotations

import functools
import zlib
from dataclasses import dataclass

from discogs_service import documents
from discogs_service.errors import ReleaseNotFound, ReleaseStatsNotFound
from discogs_service.storage.catalogue import CatalogueReader

# Until users keep collections and ratings on this server, every release has none; until
# the marketplace exists, nothing is for sale. In the document's served-slot order:
# community members, num_for_sale, lowest_price.
_NO_COMMUNITY = documents.members(have=0, want=0, rating={"count": 0, "average": 0})
NOTHING_FOR_SALE = (documents.encode_value(0), documents.encode_value(None))
_LIVE_VALUES = (_NO_COMMUNITY, *NOTHING_FOR_SALE)

MAX_ID = 2**63 - 1


@dataclass(frozen=True, slots=True)
class Document:
    body: bytes
    etag: str


def release_document(store: CatalogueReader, release_id: int, base_url: bytes) -> Document:
    stored = store.document("releases", release_id) if release_id <= MAX_ID else None
    if stored is None:
        raise ReleaseNotFound()
    doc, digest = stored
    return Document(
        documents.fill(doc, base_url, _LIVE_VALUES), etag(digest, base_url, *_LIVE_VALUES)
    )


def release_rating(store: CatalogueReader, release_id: int) -> dict[str, object]:
    _require(store, release_id)
    return {"rating": {"count": 0, "average": 0}, "release_id": release_id}


def release_stats(store: CatalogueReader, release_id: int) -> dict[str, object]:
    """The 2014 docs answer num_have/num_want, the live API is_offensive; clients of either
    era read their own keys, so both are given."""
    _require(store, release_id)
    return {"num_have": 0, "num_want": 0, "is_offensive": False}


def _require(store: CatalogueReader, release_id: int) -> None:
    if release_id > MAX_ID or not store.exists("releases", release_id):
        raise ReleaseStatsNotFound()


def etag(digest: int, *parts: bytes) -> str:
    """A validator for a stored document as served: its digest, plus what was filled in
    (small parts that repeat, such as the base URL and live counts)."""
    return f'W/"{digest & 0xFFFFFFFFFFFFFFFF:016x}-{_repeated_checksum(parts)}"'


def etag_of_unique_parts(digest: int, *parts: bytes) -> str:
    """As :func:`etag`, for filled-in parts that differ from one document to the next."""
    return f'W/"{digest & 0xFFFFFFFFFFFFFFFF:016x}-{_checksum(parts)}"'


def _checksum(parts: tuple[bytes, ...]) -> str:
    live = 0
    for part in parts:
        live = zlib.crc32(part, live)
    return f"{live:08x}"


_repeated_checksum = functools.lru_cache(maxsize=256)(_checksum)
