"""``discogs-service serve`` as a user runs it: a fresh directory, granian, real requests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import serve_process


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCOGS_")}
    with serve_process(["--workers", "2"], env, tmp_path / "serve.log", cwd=tmp_path) as url:
        yield url, tmp_path


def test_serve_on_a_fresh_checkout_creates_the_database_and_serves_the_sample(
    fresh_server: tuple[str, Path],
) -> None:
    url, directory = fresh_server
    assert (directory / "discogs.db").is_file()
    release = httpx.get(f"{url}/releases/1", headers={"User-Agent": "MyApp/1.0"})
    assert release.status_code == 200
    assert release.json()["title"] == "Stockholm"
    assert release.json()["resource_url"] == f"{url}/releases/1"
    root = httpx.get(f"{url}/", headers={"User-Agent": "MyApp/1.0"}).json()
    assert root["statistics"]["releases"] > 1000


def test_served_answers_carry_the_api_headers(fresh_server: tuple[str, Path]) -> None:
    url, _directory = fresh_server
    response = httpx.get(f"{url}/artists/1", headers={"User-Agent": "MyApp/1.0"})
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-discogs-media-type"] == "discogs.v2"
    assert response.headers["etag"].startswith('W/"')
    missing = httpx.get(f"{url}/artists/1", headers={"User-Agent": ""})
    assert missing.status_code == 403
    assert "User-Agent" in missing.json()["message"]
