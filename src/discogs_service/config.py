"""Settings, read once from ``DISCOGS_*`` environment variables and passed in.

Nothing in the package reads the environment except :meth:`Settings.from_env`, so a test can
build several apps (SQLite and PostgreSQL, different public URLs) in one process.
"""

from __future__ import annotations

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
    redis_url: str | None = None
    require_user_agent: bool = True
    extra: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.public_url is not None:
            object.__setattr__(self, "public_url", validate_public_url(self.public_url))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("DISCOGS_DATABASE_URL") or DEFAULT_DATABASE_URL,
            public_url=env.get("DISCOGS_PUBLIC_URL") or None,
            redis_url=env.get("DISCOGS_REDIS_URL") or None,
            require_user_agent=_flag(env.get("DISCOGS_REQUIRE_USER_AGENT"), default=True),
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


def _flag(value: str | None, *, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() not in {"0", "false", "no", "off"}
