"""``discogs-service serve`` as a user runs it: a fresh directory, granian, real requests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import USER_AGENT, free_port

BIN = Path(sys.executable).with_name("discogs-service")


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCOGS_")}
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(BIN), "serve", "--port", str(port), "--workers", "2"],
            cwd=tmp_path,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield url, tmp_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            httpx.get(url + "/", headers={"User-Agent": USER_AGENT}, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError("serve did not answer within 120 s")


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
