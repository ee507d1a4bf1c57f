"""Helpers the HTTP tests share: reading error bodies, Link headers, page URLs and links."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

# Keys whose values are links to this server, in every document and list item.
SERVER_LINK_KEYS = frozenset(
    {
        "resource_url",
        "releases_url",
        "versions_url",
        "main_release_url",
        "most_recent_release_url",
        "master_url",
    }
)

_LINK = re.compile(r'<([^>]*)>;\s*rel="?([a-z]+)"?')


def error_message(response: httpx.Response, status: int) -> str:
    """The ``message`` of a JSON error answer with this status; fails on anything else."""
    assert response.status_code == status, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert list(body) == ["message"], body
    message = body["message"]
    assert isinstance(message, str)
    return message


def link_header(response: httpx.Response) -> dict[str, str]:
    """rel -> URL of the ``Link`` header."""
    return {rel: url for url, rel in _LINK.findall(response.headers.get("link", ""))}


def query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def without_paging(url: str) -> list[tuple[str, str]]:
    return sorted((k, v) for k, v in query(url) if k not in ("page", "per_page"))


def page_of(url: str) -> tuple[int, int]:
    params = dict(query(url))
    return int(params["page"]), int(params["per_page"])


def links(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(where, URL) of every server link and every ``uri`` in a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}"
            if isinstance(item, str) and (key in SERVER_LINK_KEYS or key == "uri"):
                yield where, item
            elif key == "urls" and isinstance(item, dict):  # pagination, not an artist's urls
                for rel, url in item.items():
                    yield f"{where}.{rel}", url
            else:
                yield from links(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from links(item, f"{path}[{index}]")


def assert_links_on(value: Any, base: str) -> int:
    """Every server link in ``value`` starts with ``base``, every entity ``uri`` with the
    web site; image and video URIs are the catalogue's own. Returns how many were checked."""
    checked = 0
    for where, url in links(value):
        if ".images[" in where or ".videos[" in where:
            continue
        if where.endswith(".uri"):
            assert url.startswith("https://www.discogs.com/"), (where, url)
        elif url:  # credits without a Discogs page have no link
            assert url.startswith(base + "/"), (where, url)
            checked += 1
    return checked
