"""The unmodified python3-discogs-client (joalla/discogs_client) against this server over a
real socket: every catalogue method it has, on both engines.

The client is pointed at the server only through ``client._base_url``; everything else it
reaches by following the links the server hands out (``releases_url``, ``versions_url``,
pagination), and it never leaves the server (``discogs_client_support``).
"""

from __future__ import annotations

from collections.abc import Iterator

import discogs_client
import pytest
from discogs_client.exceptions import HTTPError

from tests.conftest import RunningServer
from tests.contract.discogs_client_support import client_of, make_client, requested


@pytest.fixture
def client(sample_server: RunningServer) -> Iterator[discogs_client.Client]:
    with client_of(sample_server) as client:
        yield client


def test_release(client: discogs_client.Client) -> None:
    # Values of release 1 in the bundled 2020-08 sample dump.
    release = client.release(1)
    assert release.title == "Stockholm"
    assert release.year == 1999
    assert release.country == "Sweden"
    assert release.status == "Accepted"
    assert [artist.name for artist in release.artists] == ["The Persuader"]
    assert release.artists[0].id == 1
    assert release.artists_sort == "The Persuader"
    assert [(label.name, label.catno) for label in release.labels] == [("Svek", "SK032")]
    assert [company.name for company in release.companies] == ["The Globe Studios", "MPO"]
    assert release.formats == [{"name": "Vinyl", "qty": "2", "descriptions": ['12"', "33 ⅓ RPM"]}]
    assert [(t.position, t.title, t.duration) for t in release.tracklist] == [
        ("A", "Östermalm", "4:45"),
        ("B1", "Vasastaden", "6:11"),
        ("B2", "Kungsholmen", "2:49"),
        ("C1", "Södermalm", "5:38"),
        ("C2", "Norrmalm", "4:52"),
        ("D", "Gamla Stan", "5:16"),
    ]
    assert [(c.name, c.role) for c in release.credits] == [
        ("Jesper Dahlbäck", "Music By [All Tracks By]")
    ]
    assert release.genres == ["Electronic"]
    assert release.styles == ["Deep House"]
    assert release.url == "https://www.discogs.com/release/1-The-Persuader-Stockholm"
    assert release.community.status == "Accepted"
    assert len(release.videos) == 6


def test_release_master_link(client: discogs_client.Client) -> None:
    release = client.release(3870362)
    assert release.title == "Lila Wolken"
    assert [a.name for a in release.artists] == ["Marteria", "Yasha Conen", "Platnum"]
    master = release.master
    assert master is not None
    assert master.id == 482870
    assert master.title == "Lila Wolken"
    assert master.year == 2012
    assert master.main_release.id == 3870362
    assert master.main_release.title == "Lila Wolken"
    assert [t.title for t in master.tracklist] == [t.title for t in release.tracklist]


def test_release_without_master(client: discogs_client.Client) -> None:
    release = client.release(10222)
    assert release.title == "Violator"
    assert release.master.id == 18080  # in the sample, with its main release missing
    assert release.master.title == "Violator"


def test_master_and_its_versions(client: discogs_client.Client) -> None:
    master = client.master(482870)
    assert master.title == "Lila Wolken"
    assert master.genres == ["Electronic", "Hip Hop"]
    versions = master.versions
    assert versions.count == 1
    assert [(v.id, v.title) for v in versions] == [(3870362, "Lila Wolken")]


def test_artist_and_its_releases(client: discogs_client.Client) -> None:
    artist = client.artist(32)
    assert artist.name == "Jay Denes"
    assert artist.real_name == "Jay Denes"
    assert "Blue Six" in [alias.name for alias in artist.aliases]
    assert artist.url == "https://www.discogs.com/artist/32-Jay-Denes"
    releases = artist.releases
    releases.per_page = 4
    assert releases.pages == -(-releases.count // 4) > 1
    items = list(releases)
    assert len(items) == releases.count
    # One entry per release (or master) and role: the same release may be listed under
    # several roles (discogs4s artists/1/releases: "The Lords Of..." as Remix and
    # TrackAppearance).
    assert len({(item.id, item.data["role"]) for item in items}) == len(items)
    assert all(type(item).__name__ in ("Release", "Master") for item in items)
    assert all(item.title for item in items)


def test_label_and_its_releases(client: discogs_client.Client) -> None:
    label = client.label(5)
    assert label.name == "Svek"
    assert label.parent_label.name == "Goldhead Music"
    assert label.url == "https://www.discogs.com/label/5-Svek"
    releases = label.releases
    releases.per_page = 4
    items = list(releases)
    assert releases.pages == 3
    assert len(items) == releases.count == 9
    assert "Stockholm" in [item.title for item in items]
    assert all(type(item).__name__ == "Release" for item in items)
    # Following an item reaches its full document on this server.
    assert items[0].country


@pytest.mark.parametrize(
    ("fetch", "message"),
    [
        (lambda c: c.release(2147483647).title, "That release does not exist"),
        (lambda c: c.master(2147483647).title, "That master release does not exist"),
        (lambda c: c.artist(2147483647).name, "Artist not found."),
        (lambda c: c.label(2147483647).name, "Label not found"),
    ],
)
def test_not_found_reaches_the_client_as_its_http_error(
    client: discogs_client.Client, fetch: object, message: str
) -> None:
    with pytest.raises(HTTPError) as raised:
        fetch(client)  # type: ignore[operator]
    assert raised.value.status_code == 404
    assert message in raised.value.msg


def test_sorted_and_filtered_versions_across_pages(catalogue_server: RunningServer) -> None:
    client = make_client(catalogue_server)
    versions = client.master(700).versions
    versions.per_page = 2
    assert versions.count == 6
    assert versions.pages == 3
    assert {v.id for v in versions} == {7001, 7002, 7003, 7004, 7005, 7006}

    by_country = client.master(700).versions.sort("country", "desc")
    by_country.per_page = 2
    countries = [v.data["country"] for v in by_country]
    assert countries == sorted(countries, reverse=True)

    vinyl = client.master(700).versions.filter(format="Vinyl")
    vinyl.per_page = 2
    assert sorted(v.id for v in vinyl) == [7001, 7002, 7003]
    assert all(url.startswith(f"{catalogue_server.url}/") for url in requested(client))
