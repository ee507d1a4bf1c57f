"""/database/search: the query, the live API's paging limits, the results as served."""

from __future__ import annotations

from collections.abc import Mapping

from discogs_service import documents
from discogs_service.accounts.identity import Identity
from discogs_service.errors import InvalidParameter
from discogs_service.search.facts import KIND_NAMES, MASTER, RELEASE, entity
from discogs_service.search.query import PARAMETER_FIELDS, UNKNOWABLE, build
from discogs_service.services import community
from discogs_service.services.paging import PageOf, PageRequest
from discogs_service.storage.community import CommunityStore
from discogs_service.storage.search import SearchIndex

# Only the first 10,000 results can be paged through; `items` still tells the true total
# (live API, 2026: 17,677 items, 200 pages at 50 per page).
REACHABLE_RESULTS = 10_000
PARAMETERS = ("q", "query", "type", *PARAMETER_FIELDS, *UNKNOWABLE)


class SearchPage(PageOf[bytes]):
    """A page of results (rendered JSON, links still marked) under the paging cap."""

    @property
    def pages(self) -> int:
        reachable = max(1, REACHABLE_RESULTS // self.request.per_page)
        return min(super().pages, reachable)


def search(
    index: SearchIndex,
    figures: CommunityStore,
    viewer: Identity,
    parameters: Mapping[str, str],
    request: PageRequest,
) -> SearchPage:
    kind = parameters.get("type") or None
    if kind is not None and kind not in KIND_NAMES:
        raise InvalidParameter("type", "one of " + ", ".join(KIND_NAMES))
    text = parameters.get("q") or parameters.get("query") or ""
    query = build(text, parameters, kind)
    if request.offset >= REACHABLE_RESULTS:
        hits_total = index.search(query, 0, 0).total
        return SearchPage([], request, hits_total).check()
    limit = min(request.per_page, REACHABLE_RESULTS - request.offset)
    hits = index.search(query, request.offset, limit)
    return SearchPage(_served(figures, viewer, hits.docs, hits.keys), request, hits.total).check()


def _served(
    figures: CommunityStore, viewer: Identity, docs: list[bytes], keys: list[int]
) -> list[bytes]:
    """The results with their live values in their served slots, in order: the caller's
    ``user_data``, then (releases and masters) the community's figures; a master's are its
    versions' summed, and the caller wants or has a master when they do any version."""
    entities = [entity(key) for key in keys]
    releases = [entity_id for kind, entity_id in entities if kind == RELEASE]
    masters = [entity_id for kind, entity_id in entities if kind == MASTER]
    lookup = community.Lookup(figures, viewer, releases, masters)
    served = []
    for doc, (kind, entity_id) in zip(docs, entities, strict=True):
        live = [community.search_user_data(None)]
        if kind in (RELEASE, MASTER):
            master = kind == MASTER
            live = [
                community.search_user_data(lookup.own(entity_id, master=master)),
                community.search_community(lookup.figures(entity_id, master=master)),
            ]
        served.append(documents.with_slots_filled(doc, documents.SERVED_MARK, live))
    return served
