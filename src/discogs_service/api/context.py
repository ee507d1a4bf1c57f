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


@dataclass
class ApiContext:
    settings: Settings
    storage: Storage
    catalogue: CatalogueReader = field(init=False)
    embedded: bool = field(init=False)
    accounts: Accounts = field(init=False)
    oauth: OAuthProvider = field(init=False)

    def __post_init__(self) -> None:
        self.catalogue = self.storage.catalogue
        self.embedded = self.storage.embedded
        self.accounts = Accounts(self.storage.accounts, SecretBox(self.settings))
        self.oauth = OAuthProvider(self.accounts)

    def base_url(self, scope: Scope) -> str:
        """The absolute base every link in an answer starts with: ``DISCOGS_PUBLIC_URL``, or
        the scheme and host this request was sent to."""
        return self.base_url_of(scope["scheme"], header(scope, b"host"), scope.get("server"))

    def base_url_of(self, scheme: str, host: str, server: tuple[str, int] | None) -> str:
        """The same from the request's parts, for a request that is not an ASGI scope."""
        if self.settings.public_url:
            return self.settings.public_url
        return _request_base(scheme, host, server)

    async def call(self, function: Callable[..., T], *args: Any) -> T:
        """Run a storage-bound call: inline for SQLite (local, microseconds), in the thread
        pool for a database across the network."""
        if self.embedded:
            return function(*args)
        return await run_in_threadpool(function, *args)


@functools.lru_cache(maxsize=256)
def _request_base(scheme: str, host: str, server: tuple[str, int] | None) -> str:
    # A Host header is client input spliced into JSON: only plain host[:port] is used.
    if not _HOST.match(host):
        address, port = server or ("127.0.0.1", 80)
        host = f"{address}:{port}"
    return f"{scheme}://{host}"


def header(scope: Scope, name: bytes) -> str:
    """One request header without building Starlette's Headers object (hot path)."""
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return ""
