"""What every handler needs, bound once when the app is built (no per-request lookups)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from discogs_service.auth.crypto import SecretBox
from discogs_service.auth.oauth import OAuthProvider
from discogs_service.config import Settings
from discogs_service.services.accounts import Accounts
from discogs_service.storage import Storage
from discogs_service.storage.catalogue import CatalogueReader

T = TypeVar("T")

_HOST = re.compile(r"^(?:[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")
# The names a Host header may give links when no hosts are configured (besides the address
# the request came in on): a server reached under another name is told it by configuration.
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


@dataclass
class ApiContext:
    settings: Settings
    storage: Storage
    catalogue: CatalogueReader = field(init=False)
    embedded: bool = field(init=False)
    accounts: Accounts = field(init=False)
    oauth: OAuthProvider = field(init=False)
    allowed_hosts: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self.catalogue = self.storage.catalogue
        self.embedded = self.storage.embedded
        self.accounts = Accounts(self.storage.accounts, SecretBox(self.settings))
        self.oauth = OAuthProvider(self.accounts)
        self.allowed_hosts = frozenset(self.settings.allowed_hosts or LOCAL_NAMES)

    def base_url(self, scope: Scope) -> str:
        """The absolute base every link in an answer starts with: ``DISCOGS_PUBLIC_URL``, or
        the scheme and host this request was sent to when that host is allowed, else the
        address it came in on."""
        return self.base_url_of(scope["scheme"], header(scope, b"host"), scope.get("server"))

    def base_url_of(self, scheme: str, host: str, server: tuple[str, int] | None) -> str:
        """The same from the request's parts, for a request that is not an ASGI scope."""
        if self.settings.public_url:
            return self.settings.public_url
        return _request_base(scheme, host, server, self.allowed_hosts)

    async def call(self, function: Callable[..., T], *args: Any) -> T:
        """Run a storage-bound call: inline for SQLite (local, microseconds), in the thread
        pool for a database across the network."""
        if self.embedded:
            return function(*args)
        return await run_in_threadpool(function, *args)


@functools.lru_cache(maxsize=256)
def _request_base(
    scheme: str, host: str, server: tuple[str, int] | None, allowed: frozenset[str]
) -> str:
    # A Host header is client input spliced into answers that shared caches keep
    # (Cache-Control: public): only a plain host[:port] of an allowed name is used, else the
    # address the request came in on - one client's header must not set everyone's links.
    address, port = server or ("127.0.0.1", 80)
    if not (_HOST.match(host) and _is_allowed(_host_name(host), address, allowed)):
        host = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    return f"{scheme}://{host}"


def _host_name(host: str) -> str:
    """``host[:port]`` without the port, in lower case; IPv6 without brackets."""
    if host.startswith("["):
        return host[1 : host.index("]")].lower()
    return host.partition(":")[0].lower()


def _is_allowed(name: str, address: str, allowed: frozenset[str]) -> bool:
    if name in allowed or name == address.lower():
        return True
    return any(entry[0] == "." and (name.endswith(entry) or name == entry[1:]) for entry in allowed)


def header(scope: Scope, name: bytes) -> str:
    """One request header without building Starlette's Headers object (hot path)."""
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return ""
