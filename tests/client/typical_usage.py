"""Code as a user of the client writes it, checked by ``mypy --strict`` (pyproject.toml) and
run against the sample server by tests/client/test_typical_usage.py: the types users see
must be exact enough for strict checking without a cast or an ignore."""

from __future__ import annotations

import asyncio

from discogs_service_client import (
    AsyncClient,
    Client,
    Currency,
    NotFound,
    Page,
    RateLimitBudget,
    Release,
    SearchResult,
    SearchType,
    SortOrder,
)


def titles_of_search(base_url: str, user_agent: str, query: str) -> list[str]:
    with Client(user_agent, base_url=base_url) as discogs:
        return [hit.title for hit in discogs.search(q=query, type="release")]


def first_track(base_url: str, user_agent: str, release_id: int) -> str | None:
    with Client(user_agent, base_url=base_url) as discogs:
        try:
            release: Release = discogs.release(release_id, curr_abbr=Currency.EUR)
        except NotFound as error:
            assert error.status == 404
            return None
        return release.tracklist[0].title if release.tracklist else ""


def artist_release_years(base_url: str, user_agent: str, artist_id: int) -> list[int | None]:
    with Client(user_agent, base_url=base_url) as discogs:
        releases = discogs.artist(artist_id).releases(sort="year", sort_order=SortOrder.DESC)
        return [release.year for release in releases]


def budget_after_a_read(base_url: str, user_agent: str) -> RateLimitBudget:
    with Client(user_agent, base_url=base_url) as discogs:
        discogs.service()
        return discogs.rate_limit_budget


async def first_search_page(base_url: str, user_agent: str, query: str) -> Page[SearchResult]:
    async with AsyncClient(user_agent, base_url=base_url) as discogs:
        return await discogs.search(q=query, type=SearchType.RELEASE, per_page=5).page(1)


async def labels_of_master_versions(base_url: str, user_agent: str, master_id: int) -> set[str]:
    async with AsyncClient(user_agent, base_url=base_url) as discogs:
        return {version.label async for version in discogs.master(master_id).versions()}


def run_async_examples(base_url: str, user_agent: str) -> tuple[int, set[str]]:
    page = asyncio.run(first_search_page(base_url, user_agent, "bulk"))
    labels = asyncio.run(labels_of_master_versions(base_url, user_agent, 700))
    return page.pagination.items, labels
