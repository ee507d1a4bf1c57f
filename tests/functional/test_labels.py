"""``GET /labels/{id}`` and ``/labels/{id}/releases`` over HTTP on both engines.

Shapes from the go-discogs (2022) label fixtures, the docs' label-releases example (its
catalogue-number order) and the 2026 live 404 recording (``Label not found``, no period).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api_catalogue import BULK_LABEL, bulk_catno, bulk_release_ids
from tests.conftest import RunningServer
from tests.functional.support import assert_links_on, error_message

LABEL_NOT_FOUND = "Label not found"

# go-discogs Test_GetLabel.json: a label with a parent and nothing else to say.
PARENTED_LABEL_KEYS = ["id", "name", "resource_url", "uri", "releases_url", "parent_label"]
# go-discogs Test_GetLabelReleases.json.
LABEL_RELEASE_KEYS = {
    "status",
    "format",
    "catno",
    "thumb",
    "resource_url",
    "title",
    "id",
    "year",
    "artist",
    "stats",
}


def label_releases(api: httpx.Client, label_id: int, **params: Any) -> dict[str, Any]:
    response = api.get(f"/labels/{label_id}/releases", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_label_with_a_parent_has_the_api_shape(
    api: httpx.Client, catalogue_server: RunningServer
) -> None:
    base = catalogue_server.url
    body = api.get("/labels/11500").json()
    assert list(body) == [*PARENTED_LABEL_KEYS, "data_quality"]
    assert body["name"] == "Nuclear Blast America"
    assert body["uri"] == "https://www.discogs.com/label/11500-Nuclear-Blast-America"
    assert body["releases_url"] == f"{base}/labels/11500/releases"
    assert body["parent_label"] == {
        "id": 11499,
        "name": "Nuclear Blast",
        "resource_url": f"{base}/labels/11499",
    }


def test_label_document(api: httpx.Client, catalogue_server: RunningServer) -> None:
    base = catalogue_server.url
    response = api.get("/labels/11499")
    assert response.status_code == 200
    body = response.json()
    assert list(body)[:5] == ["id", "name", "resource_url", "uri", "releases_url"]
    assert list(body)[-1] == "data_quality"
    assert body["id"] == 11499
    assert body["name"] == "Nuclear Blast"
    assert body["resource_url"] == f"{base}/labels/11499"
    assert body["uri"] == "https://www.discogs.com/label/11499-Nuclear-Blast"
    assert body["contact_info"] == "Nuclear Blast GmbH\r\nDonzdorf, Germany"
    assert body["profile"] == "German heavy metal record label founded in 1987."
    assert body["urls"] == ["https://www.nuclearblast.de/"]
    assert body["sublabels"] == [
        {"id": 11500, "name": "Nuclear Blast America", "resource_url": f"{base}/labels/11500"}
    ]
    assert "parent_label" not in body
    assert body["data_quality"] == "Needs Vote"


def test_sample_labels_list_only_real_sublabels(
    http: httpx.Client, sample_server: RunningServer
) -> None:
    # The 2020 sample writes Planet E's eight sublabels as empty <label/> elements
    # (dump-format.md §2.2): there is nothing to list, not eight nameless labels.
    for label_id in (1, 5):
        body = http.get(f"/labels/{label_id}").json()
        assert body.get("sublabels", []) == [], label_id
        assert assert_links_on(body, sample_server.url) >= 2


def test_label_releases_in_catalogue_number_order(api: httpx.Client) -> None:
    # The docs' GET /labels/1/releases example lists "!K7071CD", "2INZ 00140", "546 137-2";
    # label 903 has them on releases 9030, 9020, 9010.
    body = label_releases(api, 903)
    assert [(r["catno"], r["id"]) for r in body["releases"]] == [
        ("!K7071CD", 9030),
        ("2INZ 00140", 9020),
        ("546 137-2", 9010),
    ]


def test_label_release_entries_have_the_api_shape(
    api: httpx.Client, catalogue_server: RunningServer
) -> None:
    body = label_releases(api, 902)
    catnos = [r["catno"] for r in body["releases"]]
    assert catnos == sorted(catnos)
    assert catnos[:3] == ["49 74992", "E 000", "EK 57241"]
    for entry in body["releases"]:
        assert set(entry) == LABEL_RELEASE_KEYS
    first = body["releases"][0]
    assert first == {
        "id": 7001,
        "status": "Accepted",
        "format": '12", 33 ⅓ RPM',
        "catno": "49 74992",
        "thumb": "",
        "resource_url": f"{catalogue_server.url}/releases/7001",
        "title": "Plastic Dreams",
        "year": 1993,
        "artist": "Cosmic Persuader",
        "stats": {"community": {"in_wantlist": 0, "in_collection": 0}},
    }
    # Releases of several formats and descriptions, as the docs' example prints them.
    formats = {r["id"]: r["format"] for r in body["releases"]}
    assert formats[7004] == "CD, Album"
    assert formats[7203] == '7"'


def test_bulk_label_pages_through_every_release_once(api: httpx.Client) -> None:
    seen: list[tuple[int, str]] = []
    url: str | None = f"/labels/{BULK_LABEL}/releases?per_page=25"
    while url:
        body = api.get(url).json()
        seen += [(r["id"], r["catno"]) for r in body["releases"]]
        url = body["pagination"]["urls"].get("next")
    assert seen == [(i, bulk_catno(i)) for i in bulk_release_ids()]


def test_label_without_releases(api: httpx.Client) -> None:
    assert label_releases(api, 904) == {
        "pagination": {"page": 1, "pages": 1, "per_page": 50, "items": 0, "urls": {}},
        "releases": [],
    }


def test_page_past_the_end_of_a_labels_releases(api: httpx.Client) -> None:
    response = api.get("/labels/903/releases", params={"page": 2})
    assert error_message(response, 404) == "Page 2 is outside of valid range [1, 1]."


@pytest.mark.parametrize("path", ["/labels/{}", "/labels/{}/releases"])
@pytest.mark.parametrize("label_id", [2147483647, 27031, 99999999999999999999])
def test_unknown_label(api: httpx.Client, path: str, label_id: int) -> None:
    # 2147483647: the live recording GetLabel_ShouldThrowResourceNotFoundException...
    assert error_message(api.get(path.format(label_id)), 404) == LABEL_NOT_FOUND
