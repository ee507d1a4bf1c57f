"""Settings read from the environment (``config``): defaults, parsing, refusals."""

from __future__ import annotations

import pytest

from discogs_service.config import ConfigError, Settings


def test_search_match_sets_have_a_memory_budget_per_process() -> None:
    assert Settings.from_env({}).search_cache_mb == 256
    assert Settings.from_env({"DISCOGS_SEARCH_CACHE_MB": "64"}).search_cache_mb == 64


@pytest.mark.parametrize("value", ["0", "-5", "lots"])
def test_an_unusable_search_cache_size_is_refused_by_name(value: str) -> None:
    with pytest.raises(ConfigError, match="DISCOGS_SEARCH_CACHE_MB"):
        Settings.from_env({"DISCOGS_SEARCH_CACHE_MB": value})


def test_allowed_hosts_are_names_or_addresses_without_ports() -> None:
    assert Settings.from_env({}).allowed_hosts == ()
    listed = "Discogs.Example.org, .mirror.example  10.0.0.7,[::1]"
    assert Settings.from_env({"DISCOGS_ALLOWED_HOSTS": listed}).allowed_hosts == (
        "discogs.example.org",
        ".mirror.example",
        "10.0.0.7",
        "::1",
    )


@pytest.mark.parametrize("value", ["*", "example.org:8080", "http://example.org", "a b/c"])
def test_an_allowed_host_that_is_not_a_name_is_refused_by_name(value: str) -> None:
    with pytest.raises(ConfigError, match="DISCOGS_ALLOWED_HOSTS"):
        Settings.from_env({"DISCOGS_ALLOWED_HOSTS": value})


# -- rate limiting and proxies --------------------------------------------------------------


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
