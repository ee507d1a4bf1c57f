"""How a request's facts are read from an ASGI scope."""

from __future__ import annotations

from typing import Any

import pytest

from discogs_service.request.client_addresses import ClientAddresses
from discogs_service.request.facts import RequestReader


def scope(server: Any, host: bytes = b"evil.example") -> dict[str, Any]:
    return {
        "type": "http",
        "method": "GET",
        "path": "/releases/1",
        "query_string": b"",
        "scheme": "http",
        "headers": [(b"host", host), (b"user-agent", b"test/1.0")],
        "client": ("127.0.0.1", 50000),
        "server": server,
    }


@pytest.mark.parametrize("server", [("10.0.0.5", 8000), ["10.0.0.5", 8000]])
def test_the_address_the_request_came_in_on_is_read_as_a_tuple_or_a_list(server: Any) -> None:
    """ASGI's ``server`` is any pair: Starlette's TestClient sends a list."""
    reader = RequestReader(None, ClientAddresses(()))
    assert reader.of_scope(scope(server)).base_url == "http://10.0.0.5:8000"


def test_an_allowed_host_names_the_links() -> None:
    reader = RequestReader(None, ClientAddresses(()))
    assert reader.of_scope(scope(["10.0.0.5", 8000], b"localhost:8000")).base_url == (
        "http://localhost:8000"
    )


def test_without_a_server_address_links_name_the_loopback() -> None:
    reader = RequestReader(None, ClientAddresses(()))
    assert reader.of_scope(scope(None)).base_url == "http://127.0.0.1:80"
