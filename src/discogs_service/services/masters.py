"""Masters: the document (with its main release's tracklist) and its versions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

import msgspec

from discogs_service import documents
from discogs_service.accounts.identity import Identity
from discogs_service.errors import MasterNotFound
from discogs_service.services import community
from discogs_service.services.paging import PageOf, PageRequest, page_of
from discogs_service.services.releases import NOTHING_FOR_SALE
from discogs_service.services.served import Document, document_etag_uncached
from discogs_service.storage.catalogue import CatalogueReader, Version
from discogs_service.storage.community import CommunityStore
from discogs_service.summaries import ReleaseSummary, summary_decoder


class _Tracklist(msgspec.Struct):
    tracklist: msgspec.Raw = msgspec.Raw(b"[]")


_tracklist_decoder = msgspec.json.Decoder(_Tracklist)


def master_document(store: CatalogueReader, master_id: int, base_url: bytes) -> Document:
    master = store.master(master_id)
    if master is None:
        raise MasterNotFound()
    main = store.document("releases", master.main_release) if master.main_release else None
    # The most recent version; the main release when none of the versions is in the catalogue.
    latest = store.most_recent_version(master_id) or master.main_release
    served = (
        documents.encode_value(latest),
        documents.encode_value(documents.link(f"/releases/{latest}")),
        *NOTHING_FOR_SALE,
        _tracklist_of(main[0]) if main else b"[]",
    )
    body = documents.render(master.doc, base_url, served)
    return Document(body, document_etag_uncached(master.digest, base_url, *served))


def _tracklist_of(release_doc: bytes) -> bytes:
    """The stored tracklist of a release document, links still marked."""
    raw = _tracklist_decoder.decode(documents.to_json(release_doc)).tracklist
    return documents.from_json(bytes(raw))


# -- versions ---------------------------------------------------------------------------------

VERSION_SORTS: dict[str, Callable[[tuple[Version, ReleaseSummary]], Any]] = {
    "released": lambda v: (v[0].released, v[0].release_id),
    "title": lambda v: (v[1].title.casefold(), v[0].release_id),
    "format": lambda v: (v[1].descriptions.casefold(), v[0].release_id),
    "label": lambda v: (_first_label(v[1])[0].casefold(), v[0].release_id),
    "catno": lambda v: (_first_label(v[1])[1].casefold(), v[0].release_id),
    "country": lambda v: (v[1].country.casefold(), v[0].release_id),
}

# (id, title, allows several values); "released" filters on the year.
FACETS = (
    ("format", "Format", True),
    ("label", "Label", True),
    ("country", "Country", True),
    ("released", "Released", True),
)


@dataclass(frozen=True)
class VersionsPage:
    page: PageOf[dict[str, Any]]
    applied: dict[str, list[str]]
    available: dict[str, dict[str, int]]


def master_versions(
    store: CatalogueReader,
    figures: CommunityStore,
    viewer: Identity,
    master_id: int,
    filters: Mapping[str, Sequence[str]],
    sort: str,
    descending: bool,
    request: PageRequest,
    base_url: str,
) -> VersionsPage:
    if not store.exists("masters", master_id):
        raise MasterNotFound()
    versions = [(v, summary_decoder.decode(v.summary)) for v in store.master_versions(master_id)]
    applied = {name: list(values) for name, values in filters.items() if values}
    chosen = [v for v in versions if _matches(v[1], applied)]
    chosen.sort(key=VERSION_SORTS[sort], reverse=descending)
    window = chosen[request.offset : request.offset + request.per_page]
    items = community.with_stats(
        figures, viewer, [_version_item(version, summary, base_url) for version, summary in window]
    )
    return VersionsPage(page_of(items, request, len(chosen)), applied, _facet_counts(chosen))


def filter_facets(available: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    return [
        {
            "title": title,
            "id": facet,
            "values": [
                {"title": value, "value": quote_plus(value), "count": count}
                for value, count in available[facet].items()
            ],
            "allows_multiple_values": multiple,
        }
        for facet, title, multiple in FACETS
    ]


def _facet_values(summary: ReleaseSummary) -> dict[str, list[str]]:
    return {
        "format": summary.facet_formats,
        "label": list(dict.fromkeys(name for name, _catno in summary.labels)),
        "country": [summary.country] if summary.country else [],
        "released": [str(summary.year)] if summary.year else [],
    }


def _matches(summary: ReleaseSummary, applied: Mapping[str, Sequence[str]]) -> bool:
    if not applied:
        return True
    values = _facet_values(summary)
    return all(any(v in values[name] for v in wanted) for name, wanted in applied.items())


def _facet_counts(chosen: list[tuple[Version, ReleaseSummary]]) -> dict[str, dict[str, int]]:
    counters: dict[str, Counter[str]] = {facet: Counter() for facet, _title, _multi in FACETS}
    for _version, summary in chosen:
        for facet, values in _facet_values(summary).items():
            counters[facet].update(values)
    return {
        facet: dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))
        for facet, counter in counters.items()
    }


def _first_label(summary: ReleaseSummary) -> tuple[str, str]:
    return summary.labels[0] if summary.labels else ("", "")


def _version_item(version: Version, summary: ReleaseSummary, base_url: str) -> dict[str, Any]:
    label, catno = _first_label(summary)
    return {
        "id": version.release_id,
        "label": label,
        "country": summary.country,
        "title": summary.title,
        "major_formats": summary.major_formats,
        "format": summary.descriptions,
        "catno": catno,
        "released": str(summary.year) if summary.year else "",
        "status": summary.status,
        "resource_url": f"{base_url}/releases/{version.release_id}",
        "thumb": "",
    }  # its stats follow (community.with_stats)
