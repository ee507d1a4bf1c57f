"""Pure rules of rate limiting: the settings, the client address, the headers' figures."""

from __future__ import annotations

import pytest

from discogs_service.config import ConfigError, Settings
from discogs_service.ratelimit.quota import quota, uncounted
from discogs_service.request.client_addresses import ClientAddresses, parse_address


def test_the_default_settings_are_the_live_apis_policy() -> None:
    settings = Settings.from_env({})
    assert settings.ratelimit_enabled is True
    assert (settings.ratelimit_anonymous, settings.ratelimit_authenticated) == (25, 60)
    assert settings.ratelimit_window == 60
    assert settings.trusted_proxies == ()
    assert settings.redis_url is None


def test_settings_from_the_environment() -> None:
    settings = Settings.from_env(
        {
            "DISCOGS_RATELIMIT_ENABLED": "false",
            "DISCOGS_RATELIMIT_ANONYMOUS": "100",
            "DISCOGS_RATELIMIT_AUTHENTICATED": " 240 ",
            "DISCOGS_RATELIMIT_WINDOW": "10",
            "DISCOGS_RATELIMIT_REDIS_PREFIX": "mirror-1",
            "DISCOGS_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.7 ::1,fd00::/8",
            "DISCOGS_REDIS_URL": "redis://cache:6379/2",
        }
    )
    assert settings.ratelimit_enabled is False
    assert (settings.ratelimit_anonymous, settings.ratelimit_authenticated) == (100, 240)
    assert settings.ratelimit_window == 10
    assert settings.ratelimit_redis_prefix == "mirror-1"
    assert settings.trusted_proxies == ("10.0.0.0/8", "192.168.1.7/32", "::1/128", "fd00::/8")
    assert settings.redis_url == "redis://cache:6379/2"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DISCOGS_RATELIMIT_ANONYMOUS", "0"),
        ("DISCOGS_RATELIMIT_AUTHENTICATED", "-5"),
        ("DISCOGS_RATELIMIT_WINDOW", "1.5"),
        ("DISCOGS_RATELIMIT_ANONYMOUS", "lots"),
        ("DISCOGS_TRUSTED_PROXIES", "10.0.0.0/8, proxy.example.org"),
        ("DISCOGS_TRUSTED_PROXIES", "10.0.0.300"),
    ],
)
def test_unusable_settings_are_refused_with_the_variable_named(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: value})


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


def test_the_headers_figures_lag_by_one_and_never_go_below_zero() -> None:
    first = quota(25, 0, True)
    assert (first.limit, first.used, first.remaining, first.allowed) == (25, 0, 25, True)
    assert dict(first.headers) == {
        "x-discogs-ratelimit": "25",
        "x-discogs-ratelimit-used": "0",
        "x-discogs-ratelimit-remaining": "25",
    }
    lowered = quota(25, 60, False)  # the count of a higher limit, seen under a lower one
    assert dict(lowered.headers)["x-discogs-ratelimit-remaining"] == "0"
    assert uncounted(25) is uncounted(25)  # the answer of every uncounted request: built once
