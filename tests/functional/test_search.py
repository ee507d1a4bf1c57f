"""GET /database/search over HTTP on both engines: every parameter, the result shapes of the
real API, matching rules, paging and its limit. The records are those of
``tests/search_catalogue.py``; expectations come from reading the API reference
(search recordings of 2022 and 2026, api-surface.md, api-behaviour.md)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.functional.support import error_message, link_header, page_of
from tests.search_catalogue import ARTISTS, LABELS, MASTERS, RELEASES

BASE_KEYS = ["id", "type", "user_data", "master_id", "master_url", "uri", "title"]
IMAGE_KEYS = ["thumb", "cover_image", "resource_url"]
# Key order of release and master results (go-discogs search fixture, 2022).
RELEASE_KEYS = [
    "country",
    "year",
    "format",
    "label",
    "type",
    "genre",
    "style",
    "id",
    "barcode",
    "user_data",
    "master_id",
    "master_url",
    "uri",
    "catno",
    "title",
    "thumb",
    "cover_image",
    "resource_url",
    "community",
    "format_quantity",
    "formats",
]
NO_ONE = {"in_wantlist": False, "in_collection": False}


def search(find: httpx.Client, **parameters: Any) -> dict[str, Any]:
    response = find.get("/database/search", params=parameters)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert list(body) == ["pagination", "results"]
    return body


def found(find: httpx.Client, **parameters: Any) -> list[tuple[str, int]]:
    """(type, id) of every result, best first."""
    body = search(find, per_page=100, **parameters)
    assert body["pagination"]["items"] == len(body["results"])
    return [(r["type"], r["id"]) for r in body["results"]]


def ids(find: httpx.Client, **parameters: Any) -> set[tuple[str, int]]:
    return set(found(find, **parameters))


def result(find: httpx.Client, kind: str, entity_id: int, **parameters: Any) -> dict[str, Any]:
    for item in search(find, type=kind, per_page=100, **parameters)["results"]:
        if item["id"] == entity_id:
            return dict(item)
    raise AssertionError(f"{kind} {entity_id} not found by {parameters}")


# -- result shapes -------------------------------------------------------------------------


def test_a_release_result_has_the_apis_keys_and_values(
    find: httpx.Client, search_server: Any
) -> None:
    item = result(find, "release", 41, q="back in black")
    assert list(item) == RELEASE_KEYS
    base = search_server.url
    assert item == {
        "country": "Europe",
        "year": "2003",  # a string in search results
        "format": ["CD", "Album", "Reissue", "Remastered"],
        "label": ["Epic", "Albert Productions"],
        "type": "release",
        "genre": ["Rock"],
        "style": ["Hard Rock"],
        "id": 41,
        # every identifier's value, as the API lists matrix numbers among barcodes
        "barcode": ["5 099751 076520", "510765 2 01"],
        "user_data": NO_ONE,
        "master_id": 30,
        "master_url": f"{base}/masters/30",
        "uri": "/release/41-ACDC-Back-In-Black",  # relative
        "catno": "510765 2",  # the first label's
        "title": "AC/DC - Back In Black",
        "thumb": "",  # no image credentials: empty, as for anonymous callers
        "cover_image": "",
        "resource_url": f"{base}/releases/41",
        "community": {"want": 0, "have": 0},
        "format_quantity": 1,
        "formats": [{"name": "CD", "qty": "1", "descriptions": ["Album", "Reissue", "Remastered"]}],
    }


def test_a_master_result_borrows_its_main_releases_facts(
    find: httpx.Client, search_server: Any
) -> None:
    item = result(find, "master", 31, q="homogenic")
    base = search_server.url
    assert item == {
        "country": "UK",
        "year": "1997",
        "format": ["CD", "Album"],
        "label": ["One Little Indian"],
        "type": "master",
        "genre": ["Electronic"],
        "style": ["Trip Hop", "Experimental"],
        "id": 31,
        "barcode": ["5-016958-031320"],
        "user_data": NO_ONE,
        "master_id": 31,
        "master_url": f"{base}/masters/31",
        "uri": "/master/31-Bj%C3%B6rk-Homogenic",
        "catno": "TPLP71CD",
        "title": "Björk - Homogenic",
        "thumb": "",
        "cover_image": "",
        "resource_url": f"{base}/masters/31",
        "community": {"want": 0, "have": 0},
    }
    assert list(item) == [k for k in RELEASE_KEYS if k not in ("format_quantity", "formats")]


def test_unknown_facts_are_left_out_and_a_release_without_master_says_so(
    find: httpx.Client,
) -> None:
    item = result(find, "release", 51, q="untitled demo")
    assert "country" not in item and "year" not in item and "barcode" not in item
    assert (item["master_id"], item["master_url"]) == (0, None)
    assert item["title"] == "Bowie* - Untitled Demo"  # the name as credited
    assert item["style"] == []


@pytest.mark.parametrize(
    ("kind", "entity_id", "query", "title", "uri", "resource"),
    [
        ("artist", 11, "bjork", "Björk", "/artist/11-Bj%C3%B6rk", "artists/11"),
        (
            "label",
            21,
            "ostermalm",
            "Östermalm Records",
            "/label/21-%C3%96stermalm-Records",
            "labels/21",
        ),
    ],
)
def test_artist_and_label_results_are_short(
    find: httpx.Client,
    search_server: Any,
    kind: str,
    entity_id: int,
    query: str,
    title: str,
    uri: str,
    resource: str,
) -> None:
    item = result(find, kind, entity_id, q=query)
    assert item == {
        "id": entity_id,
        "type": kind,
        "user_data": NO_ONE,
        "master_id": None,
        "master_url": None,
        "uri": uri,
        "title": title,
        "thumb": "",
        "cover_image": "",
        "resource_url": f"{search_server.url}/{resource}",
    }
    assert list(item) == BASE_KEYS + IMAGE_KEYS


def test_every_resource_url_is_served(find: httpx.Client) -> None:
    body = search(find, per_page=100)
    entities = len(ARTISTS) + len(LABELS) + len(MASTERS) + len(RELEASES)
    assert len(body["results"]) == body["pagination"]["items"] == entities  # no q: everything
    for item in body["results"]:
        response = find.get(item["resource_url"])
        assert response.status_code == 200, item["resource_url"]
        assert response.json()["id"] == item["id"]


# -- parameters ----------------------------------------------------------------------------

R, M, A, L = "release", "master", "artist", "label"


@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        ({"q": "homogenic"}, {(M, 31), (R, 42)}),
        ({"query": "homogenic"}, {(M, 31), (R, 42)}),  # the seed's name for q
        ({"q": "bowie", "type": "artist"}, {(A, 15)}),
        ({"q": "records", "type": "label"}, {(L, 21), (L, 24), (L, 28)}),
        ({"type": "master"}, {(M, 30), (M, 31), (M, 32)}),
        ({"title": "AC/DC - Back In Black"}, {(M, 30), (R, 40), (R, 41)}),
        ({"title": "Homogenic"}, {(M, 31), (R, 42)}),
        ({"release_title": "debut"}, {(R, 43)}),
        ({"release_title": "Björk"}, set()),  # the title only, not the artist
        ({"credit": "Mutt Lange"}, {(A, 16), (M, 30), (R, 40)}),
        ({"credit": "brian eno", "type": "release"}, {(R, 46)}),
        ({"artist": "bjork", "type": "release"}, {(R, 42), (R, 43)}),
        ({"anv": "Bjørk"}, {(R, 43)}),
        ({"anv": "bjork", "type": "master"}, set()),
        ({"label": "one little indian"}, {(L, 22), (M, 31), (R, 42), (R, 43)}),
        ({"label": "varese sarabande", "type": "release"}, {(R, 49)}),
        ({"genre": "electronic", "type": "release"}, {(R, 42), (R, 43), (R, 48), (R, 50)}),
        ({"genre": "stage & screen"}, {(R, 49)}),
        ({"style": "deep house"}, {(R, 48)}),
        ({"style": "trip hop", "type": "release"}, {(R, 42)}),
        ({"country": "iceland"}, {(R, 44)}),
        ({"country": "UK", "year": "1980"}, {(R, 47)}),
        ({"year": "1980", "type": "master"}, {(M, 30)}),
        ({"year": "nineteen"}, set()),
        ({"format": "vinyl", "type": "release"}, {(R, 40), (R, 43), (R, 46), (R, 47), (R, 48)}),
        ({"format": "remastered"}, {(R, 41)}),
        ({"catno": "SD 16018"}, {(M, 30), (R, 40)}),
        ({"catno": "sd16018", "type": "release"}, {(R, 40)}),
        ({"catno": "tplp-31"}, {(R, 43)}),
        ({"barcode": "5016958031320"}, {(M, 31), (R, 42)}),
        ({"barcode": "5 099751 076520"}, {(R, 41)}),
        ({"barcode": "5-099751-076520"}, {(R, 41)}),
        ({"track": "wonderwall"}, {(M, 32), (R, 45)}),
        ({"track": "venus as a boy"}, {(R, 43)}),
        ({"submitter": "someone"}, set()),  # the dumps do not say who submitted
        ({"contributor": "someone"}, set()),
        ({"q": "black", "artist": "ac/dc", "format": "cd", "country": "europe"}, {(R, 41)}),
        ({"q": "rock", "genre": "rock", "year": "1977", "label": "rca"}, {(R, 46)}),
    ],
)
def test_each_parameter_matches_its_fields_and_all_combine(
    find: httpx.Client, parameters: dict[str, str], expected: set[tuple[str, int]]
) -> None:
    assert ids(find, **parameters) == expected


def test_no_parameters_list_everything(find: httpx.Client) -> None:
    body = search(find, per_page=100)
    kinds = {item["type"] for item in body["results"]}
    assert kinds == {"release", "master", "artist", "label"}
    assert body["pagination"]["items"] == 12 + 3 + 11 + 11


def test_empty_parameters_are_absent(find: httpx.Client) -> None:
    assert ids(find, q="homogenic", artist="", year="", type="") == {(M, 31), (R, 42)}


def test_an_unknown_type_is_refused_as_the_api_refuses_bad_values(find: httpx.Client) -> None:
    response = find.get("/database/search", params={"type": "album"})
    assert "type" in error_message(response, 422)


# -- matching ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bjork", (A, 11)),
        ("BJÖRK", (A, 11)),
        ("Guðmundsdóttir", (A, 11)),  # the real name
        ("gudmundsdottir", (A, 11)),
        ("ostermalm", (R, 48)),
        ("Östermalm", (L, 21)),
        ("motorhead", (R, 47)),
        ("sigur ros agaetis byrjun", (R, 44)),
        ("ac dc", (A, 10)),
        ("acdc", (A, 10)),
        ("AC / DC", (A, 10)),
        ("heroes", (R, 46)),
        ('"Heroes"', (R, 46)),
        ("!!!", (A, 19)),
        ("chk chk chk", (A, 19)),
        ("whats the story", (M, 32)),
        ("what's the story morning glory?", (M, 32)),
        ("near dark", (R, 49)),
        ("not and or", (R, 49)),  # a track of FTS operator words
        ("back in bl", (M, 30)),  # the last word as a prefix
        ("homog", (M, 31)),
        ("tplp71cd", (R, 42)),
        ("TPLP 71 CD", (R, 42)),
        ("tplp-71-cd", (R, 42)),
        ("5099751076520", (R, 41)),
        ("5 099751 076520", (R, 41)),
    ],
)
def test_q_folds_case_diacritics_and_punctuation(
    find: httpx.Client, query: str, expected: tuple[str, int]
) -> None:
    assert expected in ids(find, q=query)


def test_only_the_last_word_is_a_prefix(find: httpx.Client) -> None:
    assert ids(find, q="bac in black") == set()
    assert (M, 30) in ids(find, q="black in bac")


def test_every_word_of_q_must_match(find: httpx.Client) -> None:
    assert ids(find, q="bjork wonderwall") == set()


def test_parameters_are_whole_words_not_prefixes(find: httpx.Client) -> None:
    assert ids(find, artist="bjor") == set()
    assert ids(find, artist="bjork", type="artist") == {(A, 11)}


# -- paging --------------------------------------------------------------------------------


def test_pages_carry_the_query_in_their_links(find: httpx.Client) -> None:
    body = search(find, q="rock", per_page=2, page=2)
    pagination = body["pagination"]
    items = pagination["items"]
    assert items > 4
    assert (pagination["page"], pagination["pages"], pagination["per_page"]) == (
        2,
        -(-items // 2),
        2,
    )
    urls = pagination["urls"]
    assert set(urls) == {"first", "prev", "next", "last"}
    assert "q=rock" in urls["next"] and page_of(urls["next"]) == (3, 2)
    response = find.get("/database/search", params={"q": "rock", "per_page": 2, "page": 2})
    assert link_header(response) == urls


def test_paging_through_gives_every_result_once(find: httpx.Client) -> None:
    everything = found(find, q="rock")
    assert len(everything) > 3 * 2  # several pages of three
    paged: list[tuple[str, int]] = []
    for page in range(1, 100):
        body = search(find, q="rock", per_page=3, page=page)
        paged += [(r["type"], r["id"]) for r in body["results"]]
        if page == body["pagination"]["pages"]:
            break
    assert paged == everything


def test_a_page_past_the_end_is_404_with_the_apis_message(find: httpx.Client) -> None:
    response = find.get("/database/search", params={"q": "rock", "per_page": 5, "page": 99})
    items = search(find, q="rock")["pagination"]["items"]
    pages = -(-items // 5)
    assert error_message(response, 404) == f"Page 99 is outside of valid range [1, {pages}]."


def test_nothing_found_is_one_empty_page(find: httpx.Client) -> None:
    body = search(find, q="zzzzzz")
    assert body == {
        "pagination": {"page": 1, "pages": 1, "per_page": 50, "items": 0, "urls": {}},
        "results": [],
    }
    response = find.get("/database/search", params={"q": "zzzzzz", "page": 2147483647})
    assert error_message(response, 404) == "Page 2147483647 is outside of valid range [1, 1]."
