"""Labels: the document and the label's releases."""

from __future__ import annotations

from typing import Any

from discogs_service import documents
from discogs_service.accounts.identity import Identity
from discogs_service.errors import LabelNotFound
from discogs_service.services import community
from discogs_service.services.paging import PageOf, PageRequest, page_of
from discogs_service.services.served import Document, document_etag
from discogs_service.storage.catalogue import CatalogueReader, LabelEntry
from discogs_service.storage.community import CommunityStore
from discogs_service.summaries import summary_decoder


def label_document(store: CatalogueReader, label_id: int, base_url: bytes) -> Document:
    stored = store.document("labels", label_id)
    if stored is None:
        raise LabelNotFound()
    doc, digest = stored
    return Document(documents.render(doc, base_url), document_etag(digest, base_url))


def label_releases(
    store: CatalogueReader,
    figures: CommunityStore,
    viewer: Identity,
    label_id: int,
    request: PageRequest,
    base_url: str,
) -> PageOf[dict[str, Any]]:
    if not store.exists("labels", label_id):
        raise LabelNotFound()
    total, entries = store.label_releases(label_id, request.offset, request.per_page)
    items = community.with_stats(figures, viewer, [_entry(entry, base_url) for entry in entries])
    return page_of(items, request, total)


def _entry(entry: LabelEntry, base_url: str) -> dict[str, Any]:
    summary = summary_decoder.decode(entry.summary)
    return {
        "id": entry.release_id,
        "status": summary.status,
        "format": summary.format,
        "catno": entry.catno,
        "thumb": "",
        "resource_url": f"{base_url}/releases/{entry.release_id}",
        "title": summary.title,
        "year": summary.year,
        "artist": summary.artist,
    }  # its stats follow (community.with_stats)
