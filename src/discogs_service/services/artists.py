"""Artists: the document and the artist's releases."""

from __future__ import annotations

from typing import Any

from discogs_service import documents
from discogs_service.accounts.identity import Identity
from discogs_service.errors import ArtistNotFound
from discogs_service.services import community
from discogs_service.services.paging import PageOf, PageRequest, page_of
from discogs_service.services.served import Document, document_etag
from discogs_service.storage.catalogue import ArtistEntry, CatalogueReader
from discogs_service.storage.community import CommunityStore
from discogs_service.summaries import ROLES, summary_decoder


def artist_document(store: CatalogueReader, artist_id: int, base_url: bytes) -> Document:
    stored = store.document("artists", artist_id)
    if stored is None:
        raise ArtistNotFound()
    doc, digest = stored
    return Document(documents.render(doc, base_url), document_etag(digest, base_url))


def artist_releases(
    store: CatalogueReader,
    figures: CommunityStore,
    viewer: Identity,
    artist_id: int,
    sort: str,
    descending: bool,
    request: PageRequest,
    base_url: str,
) -> PageOf[dict[str, Any]]:
    if not store.exists("artists", artist_id):
        raise ArtistNotFound()
    total, entries = store.artist_releases(
        artist_id, sort, descending, request.offset, request.per_page
    )
    items = community.with_stats(figures, viewer, [_entry(entry, base_url) for entry in entries])
    return page_of(items, request, total)


def _entry(entry: ArtistEntry, base_url: str) -> dict[str, Any]:
    if entry.is_master:
        item: dict[str, Any] = {
            "id": entry.id,
            "type": "master",
            "main_release": entry.main_release,
            "artist": entry.artist,
            "title": entry.title,
        }
        kind = "masters"
    else:
        summary = summary_decoder.decode(entry.summary)
        item = {
            "id": entry.id,
            "type": "release",
            "status": summary.status,
            "format": summary.format,
            "label": ", ".join(name for name, _catno in summary.labels),
            "artist": summary.artist,
            "title": entry.title,
        }
        kind = "releases"
    if entry.year:
        item["year"] = entry.year
    item["resource_url"] = f"{base_url}/{kind}/{entry.id}"
    item["role"] = ROLES[entry.role]
    item["thumb"] = ""
    if entry.trackinfo:
        item["trackinfo"] = entry.trackinfo
    return item  # its stats follow (community.with_stats)
