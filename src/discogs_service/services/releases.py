"""Releases: the document, its community rating and its stats."""

from __future__ import annotations

from discogs_service import documents
from discogs_service.errors import ReleaseNotFound, ReleaseStatsNotFound
from discogs_service.services import community
from discogs_service.services.served import Document, document_etag
from discogs_service.storage.catalogue import CatalogueReader
from discogs_service.storage.community import Figures

# Until the marketplace exists, nothing is for sale: num_for_sale, lowest_price.
NOTHING_FOR_SALE = (documents.encode_value(0), documents.encode_value(None))


def release_document(store: CatalogueReader, release_id: int, base_url: bytes) -> Document:
    """The document with its live values (in the document's served-slot order: community
    members, num_for_sale, lowest_price); its validator changes with any of them."""
    stored = store.release(release_id)
    if stored is None:
        raise ReleaseNotFound()
    live = (community.release_members(stored.figures), *NOTHING_FOR_SALE)
    return Document(
        documents.render(stored.doc, base_url, live),
        document_etag(stored.digest, base_url, *live),
    )


def release_rating(store: CatalogueReader, release_id: int) -> dict[str, object]:
    return community.release_rating(release_id, _figures(store, release_id))


def release_stats(store: CatalogueReader, release_id: int) -> dict[str, object]:
    return community.release_stats(_figures(store, release_id))


def _figures(store: CatalogueReader, release_id: int) -> Figures:
    """The release's live community figures (read with its document: one lookup). A
    release an import removed while users' rows name it keeps its figures: those rows still
    count (docs/user-data.md)."""
    stored = store.release(release_id)
    if stored is not None:
        return stored.figures
    kept = store.kept_release_figures(release_id)
    if kept is None:
        raise ReleaseStatsNotFound()
    return kept
