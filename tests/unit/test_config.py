"""Settings read from the environment that are not about one subsystem's rules."""

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
