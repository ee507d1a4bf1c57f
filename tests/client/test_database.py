"""The catalogue methods against discogs-service over a real socket, on both engines, with
the blocking client and (for each kind of call) the async one: documents, lists paged to
the end by following the answers' links, filters and sorts sent as the API reads them,
errors as their exceptions."""

from __future__ import annotations

import asyncio

import pytest

from discogs_service_client import (
    Artist,
    ArtistRelease,
    Client,
    Master,
    MasterVersion,
    MasterVersionSort,
    NotFound,
    Release,
    SortOrder,
)
from tests.api_catalogue import BULK_ARTIST, BULK_LABEL, bulk_release_ids
from tests.client.conftest import async_client
from tests.conftest import RunningServer

RELEASE = 5134861  # the release of the live 2026 recording, as tests/data/api holds it


def test_release_is_typed_and_its_links_point_at_the_server(
    client: Client, catalogue: RunningServer
) -> None:
    release = client.release(RELEASE)
    assert isinstance(release, Release)
    assert release.id == RELEASE
    assert release.title == "Glory To The Brave"
    assert release.artists[0].name == "HammerFall"
    assert release.tracklist[0].title == "The Dragon Lies Bleeding"
    assert release.formats[0].qty == "1"
    assert release.resource_url == f"{catalogue.url}/releases/{RELEASE}"
    assert release.extra == {}  # the server sends nothing the model does not name


def test_master_artist_and_label_documents(client: Client) -> None:
    master = client.master(156551).get()
    assert master.main_release == RELEASE
    assert client.artist(287459).get().name == "HammerFall"
    label = client.label(11499).get()
    assert label.name == "Nuclear Blast"
    assert [sub.id for sub in label.sublabels] == [11500]


def test_rating_and_stats_of_a_release(client: Client) -> None:
    rating = client.release_rating(RELEASE)
    assert rating.release_id == RELEASE
    assert (rating.rating.count, rating.rating.average) == (0, 0)  # no ratings kept yet
    stats = client.release_stats(RELEASE)
    assert stats.is_offensive is False


def test_service_root(client: Client) -> None:
    service = client.service()
    assert service.api_version == "v2"
    assert service.statistics is not None and service.statistics.releases > 0


@pytest.mark.parametrize("per_page", [7, 100])
def test_iterating_a_label_gives_every_release_once(client: Client, per_page: int) -> None:
    """120 releases: 18 pages of 7 (the last one short) or 2 of 100, through ``next`` links."""
    ids = [release.id for release in client.label(BULK_LABEL).releases(per_page=per_page)]
    assert sorted(ids) == bulk_release_ids()


def test_one_page_with_its_pagination(client: Client, catalogue: RunningServer) -> None:
    page = client.artist(BULK_ARTIST).releases(sort="title", per_page=50).page(3)
    assert page.pagination.page == 3
    assert page.pagination.pages == 3
    assert page.pagination.items == 120
    assert len(page.items) == 20
    assert all(isinstance(item, ArtistRelease) for item in page.items)
    assert page.pagination.urls.prev is not None
    assert page.pagination.urls.prev.startswith(catalogue.url)
    assert page.pagination.urls.next is None


def test_sort_and_sort_order_are_sent_as_the_api_reads_them(client: Client) -> None:
    releases = client.artist(BULK_ARTIST).releases(sort="title", sort_order=SortOrder.DESC)
    titles = [release.title for release in releases]
    assert titles == sorted(titles, reverse=True)


def test_master_versions_with_filters_and_facets(client: Client) -> None:
    versions = client.master(700).versions(sort=MasterVersionSort.RELEASED, sort_order="asc")
    every = list(versions)
    assert len(every) == 6
    assert all(isinstance(version, MasterVersion) for version in every)
    released = [version.released for version in every]
    assert released == sorted(released)
    filtered = list(client.master(700).versions(country="UK & US"))
    assert {version.country for version in filtered} == {"UK & US"}
    facets = client.master(700).facets()
    assert {facet.id for facet in facets} >= {"format", "label", "country", "released"}
    page = client.master(700).versions().page(1)
    assert "filter_facets" in page.extra


def test_search_iterates_every_result(client: Client) -> None:
    hits = list(client.search(q="bulk", type="release", per_page=25))
    assert {hit.id for hit in hits} >= set(bulk_release_ids())
    assert all(hit.type == "release" for hit in hits)


def test_unknown_entities_raise_not_found_with_the_apis_message(client: Client) -> None:
    with pytest.raises(NotFound) as raised:
        client.release(2147483647)
    assert raised.value.status == 404
    assert raised.value.message == "That release does not exist or may have been deleted."
    with pytest.raises(NotFound, match="Artist not found"):
        client.artist(2147483647).get()
    with pytest.raises(NotFound, match="outside of valid range"):
        client.label(BULK_LABEL).releases(per_page=100).page(99)


def test_the_async_client_reads_documents_and_pages(catalogue: RunningServer) -> None:
    async def read() -> tuple[str, list[int], int]:
        async with async_client(catalogue.url) as discogs:
            release = await discogs.release(RELEASE)
            ids = [item.id async for item in discogs.label(BULK_LABEL).releases(per_page=40)]
            page = await discogs.search(q="bulk", per_page=10).page(2)
            return release.title, ids, page.pagination.page

    title, ids, page = asyncio.run(read())
    assert title == "Glory To The Brave"
    assert sorted(ids) == bulk_release_ids()
    assert page == 2


def test_the_async_client_raises_the_same_errors(catalogue: RunningServer) -> None:
    async def missing() -> None:
        async with async_client(catalogue.url) as discogs:
            await discogs.master(2147483647).get()

    with pytest.raises(NotFound, match="master release does not exist"):
        asyncio.run(missing())


def test_concurrent_async_reads_share_one_client(catalogue: RunningServer) -> None:
    async def read_all() -> list[str]:
        async with async_client(catalogue.url) as discogs:
            releases = await asyncio.gather(*(discogs.release(i) for i in bulk_release_ids()[:20]))
            return [release.title for release in releases]

    titles = asyncio.run(read_all())
    assert titles == [f"Bulk Title {n:03d}" for n in range(1, 21)]


def test_links_in_answers_are_followed_on_the_server(client: Client) -> None:
    release = client.release(RELEASE)
    assert release.master_url is not None
    master = client.follow(release.master_url, Master)
    assert master.main_release == RELEASE
    artist = client.follow(release.artists[0].resource_url, Artist)
    assert artist.name == "HammerFall"


def test_a_link_naming_the_live_host_is_asked_of_the_configured_server(
    client: Client, catalogue: RunningServer
) -> None:
    live = f"https://api.discogs.com/releases/{RELEASE}"
    assert client.follow(live, Release).resource_url == f"{catalogue.url}/releases/{RELEASE}"
