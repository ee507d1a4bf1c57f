"""/database/search: the query, the live API's paging limits, the results as served."""

from __future__ import annotations

from collections.abc import Mapping

from discogs_service import documents
from discogs_service.errors import InvalidParameter
from discogs_service.search.facts import KIND_NAMES
from discogs_service.search.query import PARAMETER_FIELDS, UNKNOWABLE, build
from discogs_service.services import community
from discogs_service.services.paging import PageOf, PageRequest
from discogs_service.storage.search import SearchIndex

# Only the first 10,000 results can be paged through; `items` still tells the true total
# (live API, 2026: 17,677 items, 200 pages at 50 per page).
REACHABLE_RESULTS = 10_000
PARAMETERS = ("q", "query", "type", *PARAMETER_FIELDS, *UNKNOWABLE)

# Served slots of a result, in order: user_data, then community (releases and masters).
_LIVE_VALUES = (community.SEARCH_USER_DATA, community.SEARCH_COMMUNITY)


class SearchPage(PageOf[bytes]):
    """A page of results (rendered JSON, links still marked) under the paging cap."""

    @property
    def pages(self) -> int:
        reachable = max(1, REACHABLE_RESULTS // self.request.per_page)
        return min(super().pages, reachable)


def search(index: SearchIndex, parameters: Mapping[str, str], request: PageRequest) -> SearchPage:
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
    results = [_served(doc) for doc in hits.docs]
    return SearchPage(results, request, hits.total).check()


def _served(doc: bytes) -> bytes:
    slots = doc.count(documents.SERVED_MARK)
    return documents.with_slots_filled(doc, documents.SERVED_MARK, _LIVE_VALUES[:slots])
