"""The client a request counts against (``request.client_addresses``): addresses as proxies
write them, and X-Forwarded-For believed only from trusted proxies."""

from __future__ import annotations

import pytest

from discogs_service.request.client_addresses import ClientAddresses, parse_address


@pytest.mark.parametrize(
    ("written", "address"),
    [
        ("203.0.113.9", "203.0.113.9"),
        (" 203.0.113.9 ", "203.0.113.9"),
        ("203.0.113.9:51234", "203.0.113.9"),
        ("2001:db8::1", "2001:db8::1"),
        ("2001:DB8:0:0::1", "2001:db8::1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("unknown", None),
        ("_obfuscated", None),
        ("", None),
        ("203.0.113", None),
        ("[2001:db8::1", None),
    ],
)
def test_addresses_as_proxies_write_them(written: str, address: str | None) -> None:
    parsed = parse_address(written)
    assert (str(parsed) if parsed is not None else None) == address


def client_of(addresses: ClientAddresses, peer: str | None, *forwarded_for: str) -> str:
    """The client of a request from ``peer`` (None: a Unix socket) with these headers."""
    return addresses.of(peer or "", forwarded_for)


def test_without_trusted_proxies_the_peer_is_the_client() -> None:
    addresses = ClientAddresses()
    assert client_of(addresses, "198.51.100.1", "203.0.113.9") == "198.51.100.1"
    assert client_of(addresses, None) == ""  # a Unix socket: one count for all


def test_forwarded_for_from_trusted_proxies() -> None:
    addresses = ClientAddresses(("127.0.0.1", "10.0.0.0/8", "fd00::/8"))
    assert client_of(addresses, "127.0.0.1") == "127.0.0.1"
    assert client_of(addresses, "127.0.0.1", "203.0.113.9") == "203.0.113.9"
    assert client_of(addresses, "127.0.0.1", "1.1.1.1, 203.0.113.9") == "203.0.113.9"
    assert client_of(addresses, "127.0.0.1", "203.0.113.9, 10.0.0.2, fd00::5") == "203.0.113.9"
    assert client_of(addresses, "127.0.0.1", "203.0.113.9", "10.0.0.2") == "203.0.113.9"
    assert client_of(addresses, "10.0.0.1", "10.0.0.3, 10.0.0.2") == "10.0.0.3"  # all proxies
    assert client_of(addresses, "127.0.0.1", "garbage, 10.0.0.2") == "10.0.0.2"
    assert client_of(addresses, "127.0.0.1", "garbage") == "127.0.0.1"
    assert client_of(addresses, "::ffff:10.0.0.1", "203.0.113.9") == "203.0.113.9"
    # Not from a trusted peer: the header is the client's own words.
    assert client_of(addresses, "198.51.100.1", "203.0.113.9") == "198.51.100.1"
    assert client_of(addresses, None, "203.0.113.9") == ""
