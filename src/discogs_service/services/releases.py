"""Releases: the document, its community rating and its stats."""

from __future__ import annotations

import functools
import zlib
from dataclasses import dataclass

from discogs_service import documents
from discogs_service.errors import ReleaseNotFound, ReleaseStatsNotFound
from discogs_service.services import community
from discogs_service.storage.catalogue import CatalogueReader

# Until the marketplace exists, nothing is for sale: num_for_sale, lowest_price.
NOTHING_FOR_SALE = (documents.encode_value(0), documents.encode_value(None))
# In the document's served-slot order: community members, num_for_sale, lowest_price.
_LIVE_VALUES = (community.RELEASE_COMMUNITY, *NOTHING_FOR_SALE)


@dataclass(frozen=True, slots=True)
class Document:
    body: bytes
    etag: str


def release_document(store: CatalogueReader, release_id: int, base_url: bytes) -> Document:
    stored = store.document("releases", release_id)
    if stored is None:
        raise ReleaseNotFound()
    doc, digest = stored
    return Document(
        documents.fill(doc, base_url, _LIVE_VALUES), etag(digest, base_url, *_LIVE_VALUES)
    )


def release_rating(store: CatalogueReader, release_id: int) -> dict[str, object]:
    _require(store, release_id)
    return community.release_rating(release_id)


def release_stats(store: CatalogueReader, release_id: int) -> dict[str, object]:
    _require(store, release_id)
    return community.release_stats()


def _require(store: CatalogueReader, release_id: int) -> None:
    if not store.exists("releases", release_id):
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
