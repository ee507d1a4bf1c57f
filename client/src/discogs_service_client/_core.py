"""What the sync and async clients share that does no I/O: settings, URLs, parameters,
decoding answers, and which answers are errors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import httpx
import msgspec

from discogs_service_client._auth import ConsumerKey, UserToken
from discogs_service_client._cache import ETagCache
from discogs_service_client._exceptions import DecodingError, error_for
from discogs_service_client._models._base import decode
from discogs_service_client._retry import Retries

T = TypeVar("T")

DEFAULT_BASE_URL = "https://api.discogs.com"
LIVE_AUTHORIZE_URL = "https://www.discogs.com/oauth/authorize"
DEFAULT_TIMEOUT = 30.0
# The live API pages search results no further than this (api-behaviour.md §1).
SEARCH_CAP = 10_000
MAX_PER_PAGE = 100

Params = Mapping[str, str | int | float | bool | Enum | None]


@dataclass(frozen=True)
class Settings:
    """What a client was built with, checked once."""

    user_agent: str
    base_url: str
    auth: httpx.Auth | None
    retries: Retries
    cache: ETagCache | None
    authorize_url: str


def settings_of(
    user_agent: str,
    *,
    base_url: str,
    token: str | None,
    consumer_key: str | None,
    consumer_secret: str | None,
    auth: httpx.Auth | None,
    retries: Retries | int,
    cache: ETagCache | bool,
    authorize_url: str | None,
) -> Settings:
    if not user_agent or not user_agent.strip():
        raise ValueError("a User-Agent naming your application is required (the API refuses none)")
    chosen = [auth is not None, token is not None, consumer_key is not None]
    if sum(chosen) > 1:
        raise ValueError("give one of auth, token, or consumer_key with consumer_secret")
    if (consumer_key is None) != (consumer_secret is None):
        raise ValueError("consumer_key and consumer_secret go together")
    if token is not None:
        auth = UserToken(token)
    elif consumer_key is not None and consumer_secret is not None:
        auth = ConsumerKey(consumer_key, consumer_secret)
    base = base_url.rstrip("/")
    return Settings(
        user_agent=user_agent,
        base_url=base,
        auth=auth,
        retries=retries if isinstance(retries, Retries) else Retries(attempts=retries),
        cache=_cache_of(cache),
        authorize_url=authorize_url or default_authorize_url(base),
    )


def _cache_of(cache: ETagCache | bool) -> ETagCache | None:
    # Not ``cache or None``: an empty cache has no length, and is still the one to fill.
    if isinstance(cache, ETagCache):
        return cache
    return ETagCache() if cache else None


def default_authorize_url(base_url: str) -> str:
    """The live API sends users to www.discogs.com; a self-hosted server serves the page on
    its own origin."""
    if base_url == DEFAULT_BASE_URL:
        return LIVE_AUTHORIZE_URL
    return f"{base_url}/oauth/authorize"


def path(*parts: str | int) -> str:
    """A path of the API from its segments, each percent-encoded (usernames may hold
    characters that are not safe in a path)."""
    return "/" + "/".join(quote(str(part), safe="") for part in parts)


def on_server(base_url: str, link: str) -> str:
    """A link from an answer (``resource_url``, pagination ``urls``), moved onto the configured
    server: its path and query on ``base_url``. The live API writes its own host into links,
    and a server behind a proxy may write an inner one."""
    parts = urlsplit(link)
    base_path = urlsplit(base_url).path
    link_path = parts.path
    if base_path and link_path.startswith(base_path + "/"):
        link_path = link_path[len(base_path) :]
    query = f"?{parts.query}" if parts.query else ""
    return f"{base_url}{link_path}{query}"


def query(params: Params) -> dict[str, str]:
    """Parameters as the API reads them: None left out, booleans as true/false, enums by
    value."""
    out: dict[str, str] = {}
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            out[key] = "true" if value else "false"
        elif isinstance(value, Enum):
            out[key] = str(value.value)
        else:
            out[key] = str(value)
    return out


def body(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON body of the fields given (None: not given, so left out)."""
    return {
        key: (value.value if isinstance(value, Enum) else value)
        for key, value in fields.items()
        if value is not None
    }


def check(response: httpx.Response) -> httpx.Response:
    """The response, or the exception for its error status."""
    if response.status_code >= 400:
        raise error_for(response)
    return response


def decoded(content: bytes, kind: type[T]) -> T:
    try:
        return decode(content, kind)
    except (msgspec.ValidationError, msgspec.DecodeError) as error:
        raise DecodingError(f"the answer is not a {_name(kind)}: {error}") from error


def _name(kind: Any) -> str:
    return getattr(kind, "__name__", str(kind))


def per_page_of(per_page: int) -> int:
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ValueError(f"per_page must be between 1 and {MAX_PER_PAGE}")
    return per_page


def fee_price(price: float) -> str:
    """A price in the fee path, with two decimals as the live clients send it."""
    if price <= 0:
        raise ValueError("a price must be positive")
    return f"{price:.2f}"
