"""``client.search(...)`` of the unmodified python3-discogs-client over a real socket, on
both engines: parameter mixes, typed results, and iterating every page through the
pagination links the server hands out."""

from __future__ import annotations

from collections.abc import Iterator

import discogs_client
import pytest

from tests.conftest import RunningServer
from tests.contract.discogs_client_support import client_of


@pytest.fixture
def client(search_server: RunningServer) -> Iterator[discogs_client.Client]:
    with client_of(search_server) as client:
        yield client


def typed(results: discogs_client.models.MixedPaginatedList) -> list[tuple[str, int]]:
    return [(type(item).__name__, item.id) for item in results]


def test_a_free_text_query_gives_typed_objects(client: discogs_client.Client) -> None:
    results = client.search("bjork")
    assert results.count == 4
    assert set(typed(results)) == {
        ("Artist", 11),
        ("Master", 31),
        ("Release", 42),
        ("Release", 43),
    }
    artist = next(item for item in results if isinstance(item, discogs_client.Artist))
    assert artist.name == "Björk"


def test_field_parameters_and_type(client: discogs_client.Client) -> None:
    results = client.search(artist="AC/DC", type="release", format="CD")
    (release,) = list(results)
    assert isinstance(release, discogs_client.Release)
    assert release.id == 41
    assert release.title == "AC/DC - Back In Black"  # the search result's own title
    assert release.data["catno"] == "510765 2"
    assert release.data["year"] == "2003"


def test_words_and_fields_together(client: discogs_client.Client) -> None:
    results = client.search("back", "in", "black", type="master", year=1980)
    (master,) = list(results)
    assert isinstance(master, discogs_client.Master)
    assert master.id == 30
    # the object fetches its full document from the server when asked for more
    assert master.main_release.id == 40


def test_catalogue_numbers_and_barcodes(client: discogs_client.Client) -> None:
    assert typed(client.search(catno="sd-16018", type="release")) == [("Release", 40)]
    assert typed(client.search(barcode="5016958031320", type="release")) == [("Release", 42)]


def test_iterating_every_page(client: discogs_client.Client) -> None:
    everything = typed(client.search(per_page=100))
    results = client.search()
    results.per_page = 4
    assert results.pages == -(-len(everything) // 4)
    paged = [item for number in range(1, results.pages + 1) for item in typed(results.page(number))]
    assert paged == everything
    assert typed(results) == everything  # plain iteration walks the pages too


def test_nothing_found(client: discogs_client.Client) -> None:
    results = client.search("zzzzzz", type="label")
    assert results.count == 0
    assert list(results) == []
