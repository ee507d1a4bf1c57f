"""``GET /``: the service greeting and the size of the catalogue.

Shape and texts from ``api-surface.md`` §0 (LION test fixture, PROBE 2026: ``api_version``
v2 and the three counts).
"""

from __future__ import annotations

import httpx

from discogs_service.storage import Storage
from tests.api_catalogue import count_records
from tests.conftest import USER_AGENT, serve
from tests.functional.support import error_message


def test_root_greets_and_counts_the_catalogue(api: httpx.Client) -> None:
    response = api.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert list(body) == ["hello", "api_version", "documentation_url", "statistics"]
    assert body["hello"] == "Welcome to the Discogs API."
    assert body["api_version"] == "v2"
    assert body["documentation_url"] == "http://www.discogs.com/developers/"
    assert body["statistics"] == {
        "releases": count_records("releases"),
        "artists": count_records("artists"),
        "labels": count_records("labels"),
    }


def test_root_of_an_empty_catalogue(storage: Storage) -> None:
    with serve(storage) as url:
        response = httpx.get(f"{url}/", headers={"User-Agent": USER_AGENT})
    assert response.status_code == 200
    assert response.json()["statistics"] == {"releases": 0, "artists": 0, "labels": 0}


def test_root_answers_get_only(api: httpx.Client) -> None:
    message = error_message(api.post("/"), 405)
    assert message == "Method POST is not allowed for this resource."
