"""Releases: the document, its community rating and its stats."""

from __future__ import annotations

from discogs_service import documents
from discogs_service.errors import ReleaseNotFound, ReleaseStatsNotFound
from discogs_service.services import community
from discogs_service.services.served import Document, document_etag
from discogs_service.storage.catalogue import CatalogueReader

# Until the marketplace exists, nothing is for sale: num_for_sale, lowest_price.
NOTHING_FOR_SALE = (documents.encode_value(0), documents.encode_value(None))
# In the document's served-slot order: community members, num_for_sale, lowest_price.
_LIVE_VALUES = (community.RELEASE_COMMUNITY, *NOTHING_FOR_SALE)


def release_document(store: CatalogueReader, release_id: int, base_url: bytes) -> Document:
    stored = store.document("releases", release_id)
    if stored is None:
        raise ReleaseNotFound()
    doc, digest = stored
    return Document(
        documents.render(doc, base_url, _LIVE_VALUES),
        document_etag(digest, base_url, *_LIVE_VALUES),
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
