"""A page of search results (``services.search.SearchPage``): the live API pages through the
first 10,000 results only, while ``items`` still tells how many there are."""

from __future__ import annotations

import pytest

from discogs_service.errors import PageOutOfRange
from discogs_service.services.paging import PageRequest
from discogs_service.services.search import REACHABLE_RESULTS, SearchPage


@pytest.mark.parametrize(
    ("total", "per_page", "pages"),
    [
        (0, 50, 1),
        (120, 50, 3),  # under the cap: as any listing
        (REACHABLE_RESULTS, 50, 200),
        (17_677, 50, 200),  # the live API, 2026
        (17_677, 100, 100),
        (17_677, 3, 3333),  # whole pages only: 3,333 pages hold 9,999 results
        (17_677, 1, REACHABLE_RESULTS),
    ],
)
def test_pages_stop_at_the_reachable_results(total: int, per_page: int, pages: int) -> None:
    page = SearchPage([], PageRequest(1, per_page), total)
    assert (page.pages, page.total) == (pages, total)


def test_a_page_past_the_reachable_ones_is_out_of_range() -> None:
    assert SearchPage([], PageRequest(200, 50), 17_677).check().request.page == 200
    with pytest.raises(PageOutOfRange, match=r"^Page 201 is outside of valid range \[1, 200\]\.$"):
        SearchPage([], PageRequest(201, 50), 17_677).check()
