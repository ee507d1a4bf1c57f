"""Settings, read once from ``DISCOGS_*`` environment variables and passed in.

Nothing in the package reads the environment except :meth:`Settings.from_env`, so a test can
build several apps (SQLite and PostgreSQL, different public URLs) in one process.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_DATABASE_URL = "sqlite:///discogs.db"

_PUBLIC_URL = re.compile(r"^https?://[A-Za-z0-9.\-\[\]:]+(/[A-Za-z0-9._~\-/]*)?$")


class ConfigError(ValueError):
    """A setting has a value the service cannot run with."""


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    # Absolute base of every `resource_url` and pagination link. None: the address the
    # request was sent to (scheme and Host header), so links work however the server is reached.
    public_url: str | None = None
    # Without a public URL, the host names (no ports) a Host header may give links; a leading
    # dot allows a domain and its subdomains. Empty: localhost, 127.0.0.1, ::1 and the address
    # a request came in on. Any other Host gets links to that address (request.facts).
    allowed_hosts: tuple[str, ...] = ()
    redis_url: str | None = None
    # Rate limiting as the live API does it: per client address, a moving window, a higher
    # limit for callers with valid credentials. Counted in Redis when `redis_url` is set
    # (one count for every process), else in each process's memory.
    ratelimit_enabled: bool = True
    ratelimit_anonymous: int = 25
    ratelimit_authenticated: int = 60
    ratelimit_window: int = 60  # seconds
    ratelimit_redis_prefix: str = "discogs-ratelimit"
    # Peers (addresses or CIDR networks) whose X-Forwarded-For header names the client.
    trusted_proxies: tuple[str, ...] = ()
    require_user_agent: bool = True
    # "production" makes unsafe settings fatal (a placeholder DISCOGS_SECRET_KEY).
    environment: str = "development"
    # The server key that encrypts the secrets HMAC-SHA1 needs (consumer and OAuth token
    # secrets). None: read from `secret_key_file`, generated there on first use.
    secret_key: str | None = field(default=None, repr=False)
    # None: beside the SQLite database (`discogs.db.key`); PostgreSQL needs one of the two.
    secret_key_file: str | None = None
    # Memory each server process may keep search results in between requests: PostgreSQL's
    # match sets (storage.search.match_sets), SQLite's answered pages (page_cache).
    search_cache_mb: int = 256
    extra: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.public_url is not None:
            object.__setattr__(self, "public_url", validate_public_url(self.public_url))
        _validate_counts(self)
        object.__setattr__(self, "trusted_proxies", parse_networks(self.trusted_proxies))
        object.__setattr__(self, "allowed_hosts", parse_host_names(self.allowed_hosts))
        if self.secret_key is not None:
            validate_secret_key(self.secret_key, production=self.production)

    @property
    def production(self) -> bool:
        return self.environment.strip().lower() == "production"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("DISCOGS_DATABASE_URL") or DEFAULT_DATABASE_URL,
            public_url=env.get("DISCOGS_PUBLIC_URL") or None,
            allowed_hosts=_items(env.get("DISCOGS_ALLOWED_HOSTS")),
            redis_url=env.get("DISCOGS_REDIS_URL") or None,
            ratelimit_enabled=_flag(env.get("DISCOGS_RATELIMIT_ENABLED"), default=True),
            ratelimit_anonymous=_int(env, "DISCOGS_RATELIMIT_ANONYMOUS", 25),
            ratelimit_authenticated=_int(env, "DISCOGS_RATELIMIT_AUTHENTICATED", 60),
            ratelimit_window=_int(env, "DISCOGS_RATELIMIT_WINDOW", 60),
            ratelimit_redis_prefix=env.get("DISCOGS_RATELIMIT_REDIS_PREFIX") or "discogs-ratelimit",
            trusted_proxies=_items(env.get("DISCOGS_TRUSTED_PROXIES")),
            require_user_agent=_flag(env.get("DISCOGS_REQUIRE_USER_AGENT"), default=True),
            environment=env.get("DISCOGS_ENV") or "development",
            secret_key=env.get("DISCOGS_SECRET_KEY") or None,
            secret_key_file=env.get("DISCOGS_SECRET_KEY_FILE") or None,
            search_cache_mb=_int(env, "DISCOGS_SEARCH_CACHE_MB", 256),
        )


def validate_public_url(url: str) -> str:
    """Return the URL without a trailing slash, or raise ConfigError.

    The value is spliced verbatim into stored JSON documents, so it must not contain
    characters that need escaping in JSON or in a URL.
    """
    url = url.rstrip("/")
    if not _PUBLIC_URL.match(url):
        raise ConfigError(
            f"DISCOGS_PUBLIC_URL must be an absolute http(s) URL such as "
            f"https://discogs.example.org, got {url!r}"
        )
    return url


# Values copied from examples and templates that must never protect real secrets.
_PLACEHOLDERS = re.compile(
    r"change[-_ ]?me|changeit|placeholder|replace[-_ ]?me|your[-_ ]?secret|^secret$|"
    r"^(dev|test|example|insecure|default|password|xxx+|\.\.\.)$",
    re.IGNORECASE,
)
MIN_SECRET_KEY_LENGTH = 32


def validate_secret_key(value: str, *, production: bool) -> None:
    """In production, refuse a placeholder or short DISCOGS_SECRET_KEY (ConfigError)."""
    if not value.strip():
        raise ConfigError("DISCOGS_SECRET_KEY is empty")
    if production and (
        _PLACEHOLDERS.search(value.strip()) or len(value.strip()) < MIN_SECRET_KEY_LENGTH
    ):
        raise ConfigError(
            "DISCOGS_SECRET_KEY holds a placeholder or is shorter than "
            f"{MIN_SECRET_KEY_LENGTH} characters, which DISCOGS_ENV=production refuses; "
            'generate one with: python3 -c "import secrets; print(secrets.token_urlsafe(48))"'
        )


def _validate_counts(settings: Settings) -> None:
    """Settings that count something (requests, seconds, megabytes): whole numbers >= 1."""
    for name in (
        "ratelimit_anonymous",
        "ratelimit_authenticated",
        "ratelimit_window",
        "search_cache_mb",
    ):
        value = getattr(settings, name)
        if not isinstance(value, int) or value < 1:
            raise ConfigError(f"DISCOGS_{name.upper()} must be a whole number >= 1, got {value!r}")


def parse_networks(values: tuple[str, ...]) -> tuple[str, ...]:
    """Trusted proxies: each an IPv4/IPv6 address or CIDR network, returned normalised."""
    networks = []
    for value in values:
        try:
            networks.append(str(ipaddress.ip_network(value.strip(), strict=False)))
        except ValueError:
            raise ConfigError(
                f"DISCOGS_TRUSTED_PROXIES lists addresses or networks such as 10.0.0.0/8 "
                f"or ::1, got {value!r}"
            ) from None
    return tuple(networks)


_HOST_NAME = re.compile(r"^\.?[a-z0-9]([a-z0-9\-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9\-]*[a-z0-9])?)*$")


def parse_host_names(values: tuple[str, ...]) -> tuple[str, ...]:
    """Allowed hosts: each a host name (``.example.org``: the domain and its subdomains) or
    an IP address, without a port; returned in lower case, IPv6 without brackets."""
    names = []
    for value in values:
        name = value.strip().lower()
        if name.startswith("[") and name.endswith("]"):
            name = name[1:-1]
        try:
            names.append(str(ipaddress.ip_address(name)))
            continue
        except ValueError:
            pass
        if not _HOST_NAME.match(name):
            raise ConfigError(
                f"DISCOGS_ALLOWED_HOSTS lists host names or addresses without a port, such "
                f"as discogs.example.org, .example.org or 10.0.0.7, got {value!r}"
            )
        names.append(name)
    return tuple(names)


def _items(value: str | None) -> tuple[str, ...]:
    """A list separated by commas or spaces."""
    return tuple(item for item in re.split(r"[\s,]+", value or "") if item)


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {value!r}") from None


def _flag(value: str | None, *, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() not in {"0", "false", "no", "off"}
