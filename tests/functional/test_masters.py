"""``GET /masters/{id}`` and ``/masters/{id}/versions`` over HTTP on both engines.

Shapes from the go-discogs (2022) and discogs4s fixtures of masters and their versions, the
docs' versions example (master 1000), ``api-surface.md`` §2 and the 2026 live 404 recording.
Master 700 of ``tests/data/api`` has six versions to sort, filter and count.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import RunningServer
from tests.functional.support import assert_links_on, error_message, page_of

MASTER_NOT_FOUND = "That master release does not exist or may have been deleted."

# go-discogs Test_GetMasterRelease.json and discogs4s get-master-release.json (same order).
MASTER_KEYS = [
    "id",
    "main_release",
    "most_recent_release",
    "resource_url",
    "uri",
    "versions_url",
    "main_release_url",
    "most_recent_release_url",
    "num_for_sale",
    "lowest_price",
    "images",
    "genres",
    "styles",
    "year",
    "tracklist",
    "artists",
    "title",
    "data_quality",
    "videos",
]

# discogs4s get-master-release-versions.json / go-discogs Test_GetMasterReleaseVersions.json.
VERSION_KEYS = [
    "id",
    "label",
    "country",
    "title",
    "major_formats",
    "format",
    "catno",
    "released",
    "status",
    "resource_url",
    "thumb",
    "stats",
]
MASTER_700_VERSIONS = {7001, 7002, 7003, 7004, 7005, 7006}


def versions(api: httpx.Client, master_id: int = 700, **params: Any) -> dict[str, Any]:
    response = api.get(f"/masters/{master_id}/versions", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def ids(body: dict[str, Any]) -> list[int]:
    return [version["id"] for version in body["versions"]]


# -- the master document -----------------------------------------------------------------------


def test_master_has_the_key_order_of_the_api(api: httpx.Client) -> None:
    assert list(api.get("/masters/156551").json()) == MASTER_KEYS


def test_master_carries_its_main_release_tracklist_and_links(
    api: httpx.Client, catalogue_server: RunningServer
) -> None:
    base = catalogue_server.url
    body = api.get("/masters/156551").json()
    release = api.get("/releases/5134861").json()
    assert body["id"] == 156551
    assert body["title"] == "Glory To The Brave"
    assert body["year"] == 1997
    assert body["main_release"] == 5134861
    assert body["main_release_url"] == f"{base}/releases/5134861"
    assert body["most_recent_release"] == 5134861
    assert body["most_recent_release_url"] == f"{base}/releases/5134861"
    assert body["resource_url"] == f"{base}/masters/156551"
    assert body["versions_url"] == f"{base}/masters/156551/versions"
    assert body["uri"] == "https://www.discogs.com/master/156551-HammerFall-Glory-To-The-Brave"
    assert body["tracklist"] == release["tracklist"]
    assert body["artists"] == release["artists"]
    assert body["genres"] == ["Rock"]
    assert body["styles"] == ["Heavy Metal"]
    assert body["num_for_sale"] == 0
    assert body["lowest_price"] is None
    assert assert_links_on(body, base) >= 5


def test_master_most_recent_release_is_the_latest_version(
    api: httpx.Client, catalogue_server: RunningServer
) -> None:
    body = api.get("/masters/700").json()
    assert body["main_release"] == 7001
    assert body["tracklist"] == api.get("/releases/7001").json()["tracklist"]
    assert body["most_recent_release"] == 7005  # released 2019, the latest of the six
    assert body["most_recent_release_url"] == f"{catalogue_server.url}/releases/7005"


def test_master_whose_main_release_is_not_in_the_catalogue(api: httpx.Client) -> None:
    response = api.get("/masters/701")
    assert response.status_code == 200
    body = response.json()
    assert body["main_release"] == 7999
    assert body["tracklist"] == []
    assert body["most_recent_release"] == 7101


def test_sample_master_with_its_main_release(
    http: httpx.Client, sample_server: RunningServer
) -> None:
    body = http.get("/masters/482870").json()
    main = http.get(f"/releases/{body['main_release']}").json()
    assert main["master_id"] == 482870
    assert body["tracklist"] == main["tracklist"] != []
    assert assert_links_on(body, sample_server.url) >= 5


@pytest.mark.parametrize("path", ["/masters/{}", "/masters/{}/versions"])
@pytest.mark.parametrize("master_id", [2147483647, 7001, 99999999999999999999])
def test_unknown_master(api: httpx.Client, path: str, master_id: int) -> None:
    # 2147483647: the live recording GetMasterRelease_ShouldThrowResourceNotFound...
    assert error_message(api.get(path.format(master_id)), 404) == MASTER_NOT_FOUND


# -- versions ----------------------------------------------------------------------------------


def test_version_items_have_the_api_shape(
    api: httpx.Client, catalogue_server: RunningServer
) -> None:
    body = versions(api)
    assert list(body) == ["pagination", "filters", "filter_facets", "versions"]
    by_id = {version["id"]: version for version in body["versions"]}
    assert set(by_id) == MASTER_700_VERSIONS
    for version in body["versions"]:
        assert list(version) == VERSION_KEYS
    # Release 7001 carries the values of the docs' first version of master 1000 (18926).
    assert by_id[7001] == {
        "id": 7001,
        "label": "Epic",
        "country": "US",
        "title": "Plastic Dreams",
        "major_formats": ["Vinyl"],
        "format": '12", 33 ⅓ RPM',
        "catno": "49 74992",
        "released": "1993",
        "status": "Accepted",
        "resource_url": f"{catalogue_server.url}/releases/7001",
        "thumb": "",
        "stats": {"community": {"in_wantlist": 0, "in_collection": 0}},
    }
    # The docs' third version (1873038): every description, in order, no format name.
    assert by_id[7003]["format"] == '12", White Label, 33 ⅓ RPM, Promo'
    assert by_id[7003]["label"] == "R & S Records"
    assert by_id[7003]["catno"] == "RSGB 101 T"
    assert by_id[7006]["released"] == ""  # no release date in the dump
    assert by_id[7005]["major_formats"] == ["File"]


def test_versions_facets_count_every_version(api: httpx.Client) -> None:
    body = versions(api)
    assert body["filters"]["applied"] == {}
    available = body["filters"]["available"]
    assert list(available) == ["format", "label", "country", "released"]
    # Counts descending, ties by value (discogs4s master 666 and go-discogs fixtures).
    assert list(available["format"].items()) == [
        ('12"', 3),
        ("33 ⅓ RPM", 3),
        ("Vinyl", 3),
        ("Album", 2),
        ("CD", 2),
        ("File", 1),
        ("MP3", 1),
        ("Promo", 1),
        ("Single", 1),
        ("White Label", 1),
    ]
    assert list(available["label"].items()) == [("Epic", 3), ("R & S Records", 3)]
    assert list(available["country"].items()) == [
        ("UK", 2),
        ("Germany", 1),
        ("Japan", 1),
        ("UK & US", 1),
        ("US", 1),
    ]
    assert list(available["released"].items()) == [("1993", 3), ("2004", 1), ("2019", 1)]


def test_filter_facets_mirror_the_counts_with_query_encoded_values(api: httpx.Client) -> None:
    body = versions(api)
    facets = body["filter_facets"]
    assert [(f["title"], f["id"]) for f in facets] == [
        ("Format", "format"),
        ("Label", "label"),
        ("Country", "country"),
        ("Released", "released"),
    ]
    for facet in facets:
        assert list(facet) == ["title", "id", "values", "allows_multiple_values"]
        counts = body["filters"]["available"][facet["id"]]
        assert [(v["title"], v["count"]) for v in facet["values"]] == list(counts.items())
        for value in facet["values"]:
            assert list(value) == ["title", "value", "count"]
    values = {v["title"]: v["value"] for f in facets for v in f["values"]}
    # The encodings of the fixtures: '12%22' and '33+%E2%85%93+RPM' (go-discogs),
    # 'UK+%26+US' and 'White+Label' (discogs4s).
    assert values['12"'] == "12%22"
    assert values["33 ⅓ RPM"] == "33+%E2%85%93+RPM"
    assert values["UK & US"] == "UK+%26+US"
    assert values["White Label"] == "White+Label"
    assert values["R & S Records"] == "R+%26+S+Records"
    assert values["Epic"] == "Epic"
    # Every facet takes several values (go-discogs, 2022; discogs4s, older, said false for
    # "released"): several years select the versions of any of them (test_version_filters).
    multiple = {f["id"]: f["allows_multiple_values"] for f in facets}
    assert multiple == {"format": True, "label": True, "country": True, "released": True}


def test_facet_values_used_as_query_values_select_their_versions(api: httpx.Client) -> None:
    body = versions(api)
    assert all(facet["values"] for facet in body["filter_facets"])
    for facet in body["filter_facets"]:
        for value in facet["values"]:
            # A client appends the encoded value to the query string as it is.
            response = api.get(f"/masters/700/versions?{facet['id']}={value['value']}")
            assert response.status_code == 200
            assert response.json()["pagination"]["items"] == value["count"], value


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"format": "Vinyl"}, {7001, 7002, 7003}),
        ({"format": '12"'}, {7001, 7002, 7003}),
        ({"format": ["CD", "File"]}, {7004, 7005, 7006}),
        ({"label": "R & S Records"}, {7002, 7003, 7005}),
        ({"country": "UK"}, {7002, 7003}),
        ({"country": "UK & US"}, {7004}),
        ({"released": "1993"}, {7001, 7002, 7003}),
        ({"released": ["2004", "2019"]}, {7004, 7005}),
        ({"format": "Vinyl", "country": "UK"}, {7002, 7003}),
        ({"format": "Promo", "label": "Epic"}, set()),
        ({"format": ""}, MASTER_700_VERSIONS),
    ],
)
def test_version_filters(api: httpx.Client, params: dict[str, Any], expected: set[int]) -> None:
    body = versions(api, **params)
    assert set(ids(body)) == expected
    assert body["pagination"]["items"] == len(expected)
    assert body["pagination"]["pages"] == 1


def test_filtered_version_pages_keep_the_filters_in_their_urls(api: httpx.Client) -> None:
    body = versions(api, format="Vinyl", per_page=2)
    assert body["pagination"]["items"] == 3
    assert body["pagination"]["pages"] == 2
    following = body["pagination"]["urls"]["next"]
    assert "format=Vinyl" in following
    assert page_of(following) == (2, 2)
    second = api.get(following).json()
    assert set(ids(body)) | set(ids(second)) == {7001, 7002, 7003}


@pytest.mark.parametrize("field", ["title", "label", "catno", "country", "format", "released"])
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_versions_sort_by_the_field_they_show(api: httpx.Client, field: str, order: str) -> None:
    body = versions(api, sort=field, sort_order=order)
    assert set(ids(body)) == MASTER_700_VERSIONS
    shown = [version[field].casefold() for version in body["versions"]]
    assert shown == sorted(shown, reverse=order == "desc"), shown


def test_versions_default_to_release_date_ascending(api: httpx.Client) -> None:
    assert ids(versions(api)) == ids(versions(api, sort="released", sort_order="asc"))
    dated = [v["released"] for v in versions(api)["versions"] if v["released"]]
    assert dated == ["1993", "1993", "1993", "2004", "2019"]


def test_versions_sort_descending_reverses_distinct_values(api: httpx.Client) -> None:
    ascending = [v["country"] for v in versions(api, sort="country")["versions"]]
    reverse = versions(api, sort="country", sort_order="desc")
    descending = [v["country"] for v in reverse["versions"]]
    assert ascending == ["Germany", "Japan", "UK", "UK", "UK & US", "US"]
    assert descending == ascending[::-1]


@pytest.mark.parametrize("params", [{"sort": "year"}, {"sort_order": "up"}, {"page": "x"}])
def test_unreadable_version_parameters_are_422(api: httpx.Client, params: dict[str, str]) -> None:
    message = error_message(api.get("/masters/700/versions", params=params), 422)
    assert next(iter(params)) in message


def test_master_without_versions(api: httpx.Client) -> None:
    body = versions(api, master_id=702)
    assert body["pagination"] == {"page": 1, "pages": 1, "per_page": 50, "items": 0, "urls": {}}
    assert body["versions"] == []
    assert all(facet["values"] == [] for facet in body["filter_facets"])


def test_version_page_past_the_end(api: httpx.Client) -> None:
    # The live API answers 500 here (api-behaviour.md §1, "no need to copy"); this server
    # answers like every other list.
    response = api.get("/masters/700/versions", params={"page": 2})
    assert error_message(response, 404) == "Page 2 is outside of valid range [1, 1]."


def test_version_links_are_on_this_server(
    api: httpx.Client, catalogue_server: RunningServer
) -> None:
    body = versions(api, per_page=2, page=2)
    assert assert_links_on(body, catalogue_server.url) == 2 + 4  # two items, four page links
