"""The sample catalogue answers over HTTP on both engines."""

from __future__ import annotations

import httpx

from tests.conftest import RunningServer


def test_release_one_is_served_with_links_to_this_server(
    http: httpx.Client, sample_server: RunningServer
) -> None:
    response = http.get("/releases/1")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == 1
    assert body["title"] == "Stockholm"
    assert body["resource_url"] == f"{sample_server.url}/releases/1"
    assert body["artists"][0]["resource_url"] == f"{sample_server.url}/artists/1"
    assert body["uri"] == "https://www.discogs.com/release/1-The-Persuader-Stockholm"
