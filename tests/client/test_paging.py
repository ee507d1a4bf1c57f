"""Paging against the local fixture server: links followed onto the configured server
whatever host the answer names, the search cap of 10,000 results, one page at a time, and
the page bodies the recordings test decodes being the client's own."""

from __future__ import annotations

from typing import Any

import pytest

from discogs_service_client import MasterVersion, SearchResult
from discogs_service_client._models.paging import VERSIONS_FIELDS
from tests.client.conftest import fixture_client
from tests.client.fixture_server import Answer, FixtureServer, Seen
from tests.client.recordings import page_of

LIVE_HOST = "https://api.discogs.com"


def search_page(seen: Seen, items: int, pages: int) -> Answer:
    """A search answer as the live API writes it: its own host in the links, the query
    repeated, the true total in ``items`` and ``pages`` capped."""
    page, per_page = int(seen.query.get("page", 1)), int(seen.query.get("per_page", 50))
    urls: dict[str, str] = {}
    if page < pages:
        urls["next"] = f"{LIVE_HOST}/database/search?q=a&page={page + 1}&per_page={per_page}"
        urls["last"] = f"{LIVE_HOST}/database/search?q=a&page={pages}&per_page={per_page}"
    start = (page - 1) * per_page
    results: list[dict[str, Any]] = [
        {"id": start + n + 1, "type": "release", "title": f"Hit {start + n + 1}"}
        for n in range(per_page)
    ]
    pagination = {"page": page, "pages": pages, "per_page": per_page, "items": items, "urls": urls}
    return Answer(200, {"pagination": pagination, "results": results})


def test_links_are_followed_on_the_configured_server(fixture: FixtureServer) -> None:
    fixture.answer("GET", "/database/search", lambda seen: search_page(seen, 30, 3))
    with fixture_client(fixture) as discogs:
        hits = list(discogs.search(q="a", per_page=10))
    assert [hit.id for hit in hits] == list(range(1, 31))
    assert [seen.query["page"] for seen in fixture.seen] == ["1", "2", "3"]
    assert fixture.seen[1].query == {"q": "a", "page": "2", "per_page": "10"}


def test_search_stops_at_the_10000_results_the_api_lets_anyone_reach(
    fixture: FixtureServer,
) -> None:
    """The live API says 13,876,631 items in 101 pages of 100 (its cap plus one, as if it
    forgot): the client still stops after 10,000 results and never asks for page 101."""
    fixture.answer("GET", "/database/search", lambda seen: search_page(seen, 13_876_631, 101))
    with fixture_client(fixture) as discogs:
        count = sum(1 for _ in discogs.search(q="a", per_page=100))
        with pytest.raises(ValueError, match="10000"):
            discogs.search(q="a", per_page=100).page(101)
        last = discogs.search(q="a", per_page=100).page(100)
    assert count == 10_000
    assert max(int(seen.query["page"]) for seen in fixture.seen) == 100
    assert last.pagination.items == 13_876_631
    assert isinstance(last.items[0], SearchResult)


def test_an_empty_list_is_one_request(fixture: FixtureServer) -> None:
    empty = {"pagination": {"page": 1, "pages": 1, "per_page": 50, "items": 0, "urls": {}}}
    fixture.answer("GET", "/artists/1/releases", Answer(200, {**empty, "releases": []}))
    with fixture_client(fixture) as discogs:
        assert list(discogs.artist(1).releases()) == []
    assert len(fixture.seen) == 1


def test_per_page_and_page_numbers_are_checked() -> None:
    from discogs_service_client import Client

    with Client("Tests/1.0", base_url="http://127.0.0.1:9") as discogs:
        for bad in (0, 101):
            with pytest.raises(ValueError, match="per_page"):
                discogs.search(q="a", per_page=bad)
        with pytest.raises(ValueError, match="from 1"):
            discogs.search(q="a").page(0)


def test_the_recordings_are_decoded_with_the_clients_page_bodies(fixture: FixtureServer) -> None:
    with fixture_client(fixture) as discogs:
        versions = discogs.master(1).versions()
        search = discogs.search(q="a")
    assert versions._body is page_of("versions", MasterVersion, *VERSIONS_FIELDS)
    assert search._body is page_of("results", SearchResult)
