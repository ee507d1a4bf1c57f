"""Paging as the live API does it (``services.paging``): page and per_page clamped, the
database offset bounded, and a page past the last one refused with the API's words."""

from __future__ import annotations

import pytest

from discogs_service.errors import PageOutOfRange
from discogs_service.limits import MAX_BIGINT
from discogs_service.services.paging import (
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
    PageOf,
    PageRequest,
    page_of,
)


@pytest.mark.parametrize(
    ("page", "per_page", "clamped"),
    [
        (None, None, (1, DEFAULT_PER_PAGE)),
        (3, 25, (3, 25)),
        (1, 1, (1, 1)),
        (2, MAX_PER_PAGE, (2, MAX_PER_PAGE)),
        (2, MAX_PER_PAGE + 1, (2, MAX_PER_PAGE)),  # too many is the most, not an error
        (2, 10_000, (2, MAX_PER_PAGE)),
        (0, 0, (1, DEFAULT_PER_PAGE)),  # below 1 is absent: clients send page=0
        (-4, -1, (1, DEFAULT_PER_PAGE)),
        (None, 7, (1, 7)),
        (9, None, (9, DEFAULT_PER_PAGE)),
    ],
)
def test_a_page_request_is_clamped_like_the_live_apis(
    page: int | None, per_page: int | None, clamped: tuple[int, int]
) -> None:
    request = PageRequest.of(page, per_page)
    assert (request.page, request.per_page) == clamped


@pytest.mark.parametrize(
    ("page", "per_page", "offset"),
    [
        (1, 50, 0),
        (3, 25, 50),
        (2**63 - 1, 1, 2**63 - 2),
        (2**63, 1, MAX_BIGINT),  # the last offset a BIGINT holds
        (2**63 + 1, 1, MAX_BIGINT),
        (10**30, 100, MAX_BIGINT),
    ],
)
def test_the_offset_never_passes_what_the_database_takes(
    page: int, per_page: int, offset: int
) -> None:
    assert PageRequest(page, per_page).offset == offset


@pytest.mark.parametrize(
    ("total", "per_page", "pages"),
    [(0, 50, 1), (1, 50, 1), (50, 50, 1), (51, 50, 2), (100, 50, 2), (101, 50, 3), (7, 1, 7)],
)
def test_pages_round_up_and_an_empty_listing_has_one(total: int, per_page: int, pages: int) -> None:
    assert PageOf([], PageRequest(1, per_page), total).pages == pages


def test_a_page_within_the_listing_is_itself() -> None:
    last = PageOf(["x"], PageRequest(3, 2), 5)
    assert last.check() is last
    assert page_of([], PageRequest(1, 50), 0).total == 0  # page 1 of nothing: empty, not 404


@pytest.mark.parametrize(
    ("page", "per_page", "total", "message"),
    [
        (4, 2, 5, "Page 4 is outside of valid range [1, 3]."),
        (2, 50, 0, "Page 2 is outside of valid range [1, 1]."),
        (2**63, 100, 10, f"Page {2**63} is outside of valid range [1, 1]."),
    ],
)
def test_a_page_past_the_last_is_out_of_range_in_the_apis_words(
    page: int, per_page: int, total: int, message: str
) -> None:
    with pytest.raises(PageOutOfRange) as raised:
        page_of([], PageRequest(page, per_page), total)
    assert raised.value.message == str(raised.value) == message
