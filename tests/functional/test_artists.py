"""``GET /artists/{id}`` and ``/artists/{id}/releases`` over HTTP on both engines.

Shapes from the discogs4s (artist 23755, artists/1/releases), go-discogs (2022) and docs
fixtures; the 404 text and the page-range message from the 2026 live recordings. Artist 800
of ``tests/data/api`` is credited once in every role.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import RunningServer
from tests.functional.support import assert_links_on, error_message

ARTIST_NOT_FOUND = "Artist not found."

# discogs4s artists/23755.json, less images (artist 800 has none in its dump record).
ARTIST_KEYS = [
    "name",
    "id",
    "resource_url",
    "uri",
    "releases_url",
    "realname",
    "profile",
    "urls",
    "namevariations",
    "aliases",
    "groups",
    "data_quality",
]

# go-discogs Test_GetArtistReleases.json: the keys of a master and of a release entry.
MASTER_ENTRY_KEYS = {
    "id",
    "title",
    "type",
    "main_release",
    "artist",
    "role",
    "resource_url",
    "year",
    "thumb",
    "stats",
}
RELEASE_ENTRY_KEYS = {
    "id",
    "status",
    "type",
    "format",
    "label",
    "title",
    "resource_url",
    "role",
    "artist",
    "year",
    "thumb",
    "stats",
}

# The role groups in the order the API lists them: discogs4s artists/1/releases (Main,
# Remix, Producer, Appearance, TrackAppearance) and go-discogs (..., UnofficialRelease).
ROLES = ["Main", "Remix", "Producer", "Appearance", "TrackAppearance", "UnofficialRelease"]


def releases(api: httpx.Client, artist_id: int = 800, **params: Any) -> list[dict[str, Any]]:
    response = api.get(f"/artists/{artist_id}/releases", params=params)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["releases"]
    return items


def entries(items: list[dict[str, Any]], role: str | None = None) -> list[tuple[str, int]]:
    return [(i["type"], i["id"]) for i in items if role is None or i["role"] == role]


def test_artist_document(api: httpx.Client, catalogue_server: RunningServer) -> None:
    base = catalogue_server.url
    response = api.get("/artists/800")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ARTIST_KEYS
    assert body["name"] == "Cosmic Persuader"
    assert body["id"] == 800
    assert body["resource_url"] == f"{base}/artists/800"
    assert body["uri"] == "https://www.discogs.com/artist/800-Cosmic-Persuader"
    assert body["releases_url"] == f"{base}/artists/800/releases"
    assert body["realname"] == "Test Person"
    assert body["urls"] == ["https://example.org/cosmic-persuader"]
    assert body["namevariations"] == ["C. Persuader", "The Cosmic Persuader"]
    # Related artists as in discogs4s 23755: id, name, resource_url.
    assert body["aliases"] == [
        {"id": 801, "name": "Guest Artist", "resource_url": f"{base}/artists/801"}
    ]
    assert body["groups"] == [
        {"id": 804, "name": "Persuader Collective", "resource_url": f"{base}/artists/804"}
    ]
    assert body["data_quality"] == "Correct"


def test_band_lists_its_members(api: httpx.Client, catalogue_server: RunningServer) -> None:
    body = api.get("/artists/287459").json()
    assert body["uri"] == "https://www.discogs.com/artist/287459-HammerFall"
    assert [(m["id"], m["name"]) for m in body["members"]] == [
        (300001, "Oscar Dronjak"),
        (300002, "Joacim Cans"),
    ]
    assert "realname" not in body  # absent, not empty, when the dump has none
    assert "aliases" not in body
    assert body["images"][0]["type"] == "primary"
    # resource_url, releases_url and one per member
    assert assert_links_on(body, catalogue_server.url) == 4


def test_artist_releases_group_by_role_then_year(api: httpx.Client) -> None:
    items = releases(api)
    assert [i["role"] for i in items] == sorted((i["role"] for i in items), key=ROLES.index), (
        "role groups out of order"
    )
    assert entries(items) == [
        # Main: a release of a master is listed as its master; undated entries come last
        # (discogs4s artists/1/releases, sort=year: "Live @ The T..." closes its group).
        ("master", 700),
        ("release", 7200),
        ("master", 701),
        ("release", 7201),
        ("release", 7202),  # Remix
        ("release", 7204),  # Producer
        ("release", 7206),  # Appearance
        ("release", 7203),  # TrackAppearance
        ("release", 7205),  # UnofficialRelease
    ]
    assert [i["role"] for i in items] == ["Main"] * 4 + ROLES[1:]


def test_artist_release_entries_have_the_api_shape(
    api: httpx.Client, catalogue_server: RunningServer
) -> None:
    base = catalogue_server.url
    by_id = {i["id"]: i for i in releases(api)}
    master = by_id[700]
    assert set(master) == MASTER_ENTRY_KEYS
    assert master["type"] == "master"
    assert master["main_release"] == 7001
    assert master["artist"] == "Cosmic Persuader"
    assert master["title"] == "Plastic Dreams"
    assert master["year"] == 1993
    assert master["resource_url"] == f"{base}/masters/700"
    assert master["thumb"] == ""
    assert master["stats"] == {"community": {"in_wantlist": 0, "in_collection": 0}}

    kaos = by_id[7200]
    assert set(kaos) == RELEASE_ENTRY_KEYS
    # discogs4s artists/1: "Kaos", a 10" release, has format '10"' and its label's name.
    assert kaos["format"] == '10"'
    assert kaos["label"] == "Epic"
    assert kaos["status"] == "Accepted"
    assert kaos["artist"] == "Cosmic Persuader"
    assert kaos["resource_url"] == f"{base}/releases/7200"

    # Without a release date the entry has no year at all (discogs4s "Live @ The T...").
    assert set(by_id[7201]) == RELEASE_ENTRY_KEYS - {"year"}
    assert by_id[7201]["format"] == "Cass"

    # Track appearances name the tracks (go-discogs: "trackinfo": "Geminiden Regen") and
    # carry the release's own artist credit.
    track = by_id[7203]
    assert set(track) == RELEASE_ENTRY_KEYS | {"trackinfo"}
    assert track["trackinfo"] == "Cosmic Track"
    assert track["artist"] == "Guest Artist"
    assert by_id[7202]["role"] == "Remix"
    assert by_id[7205]["role"] == "UnofficialRelease"


def test_artist_releases_year_descending(api: httpx.Client) -> None:
    items = releases(api, sort="year", sort_order="desc")
    dated_main = [(i["type"], i["id"]) for i in items if i["role"] == "Main" and "year" in i]
    assert dated_main == [("master", 701), ("release", 7200), ("master", 700)]
    assert sorted(entries(items)) == sorted(entries(releases(api)))


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_artist_releases_by_title(api: httpx.Client, order: str) -> None:
    items = releases(api, sort="title", sort_order=order)
    main = [i["title"] for i in items if i["role"] == "Main"]
    expected = ["Kaos", "Plastic Dreams", "Second Master", "Untitled Demo"]
    assert main == (expected if order == "asc" else expected[::-1])


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_artist_releases_by_format(api: httpx.Client, order: str) -> None:
    items = releases(api, sort="format", sort_order=order)
    main_releases = [i["format"] for i in items if i["role"] == "Main" and i["type"] == "release"]
    assert main_releases == (['10"', "Cass"] if order == "asc" else ["Cass", '10"'])


@pytest.mark.parametrize("params", [{"sort": "label"}, {"sort_order": "down"}])
def test_unreadable_sort_is_422(api: httpx.Client, params: dict[str, str]) -> None:
    message = error_message(api.get("/artists/800/releases", params=params), 422)
    assert next(iter(params)) in message


def test_artist_without_releases(api: httpx.Client) -> None:
    response = api.get("/artists/803/releases")
    assert response.status_code == 200
    assert response.json() == {
        "pagination": {"page": 1, "pages": 1, "per_page": 50, "items": 0, "urls": {}},
        "releases": [],
    }


def test_page_past_the_end_of_an_artists_releases(api: httpx.Client) -> None:
    # The live recording GetArtistReleases_ShouldThrowResourceNotFoundException_WhenPage...:
    # artist 287459, page=2147483647&per_page=50 -> "... valid range [1, 9]." (9 pages there).
    response = api.get("/artists/287459/releases", params={"page": 2147483647, "per_page": 50})
    assert error_message(response, 404) == "Page 2147483647 is outside of valid range [1, 1]."


@pytest.mark.parametrize("path", ["/artists/{}", "/artists/{}/releases"])
@pytest.mark.parametrize("artist_id", [2147483647, 300001, 99999999999999999999])
def test_unknown_artist(api: httpx.Client, path: str, artist_id: int) -> None:
    assert error_message(api.get(path.format(artist_id)), 404) == ARTIST_NOT_FOUND


def test_sample_artist_releases_link_to_this_server(
    http: httpx.Client, sample_server: RunningServer
) -> None:
    body = http.get("/artists/32/releases").json()
    assert body["pagination"]["items"] == len(body["releases"]) > 5
    assert assert_links_on(body, sample_server.url) == len(body["releases"])
    artist = http.get("/artists/32").json()
    assert artist["releases_url"] == f"{sample_server.url}/artists/32/releases"


def test_web_uri_slugs_are_percent_encoded(http: httpx.Client) -> None:
    # The API percent-encodes letters outside ASCII in its uris (discogs4s
    # rodneyfool-submissions.json line 970: "https://www.discogs.com/%D0%90%D0%BD...").
    body = http.get("/artists/81").json()
    assert body["name"] == "Pépé Bradock"
    assert body["uri"] == "https://www.discogs.com/artist/81-P%C3%A9p%C3%A9-Bradock"
    assert body["uri"].isascii()
