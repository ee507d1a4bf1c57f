"""What every handler needs, bound once when the app is built (no per-request lookups)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from discogs_service.api.client_addresses import ClientAddresses
from discogs_service.api.request_facts import RequestReader, facts_of
from discogs_service.auth.crypto import SecretBox
from discogs_service.auth.oauth import OAuthProvider
from discogs_service.config import Settings
from discogs_service.services.accounts import Accounts
from discogs_service.storage import Storage
from discogs_service.storage.catalogue import CatalogueReader

T = TypeVar("T")


@dataclass
class ApiContext:
    settings: Settings
    storage: Storage
    catalogue: CatalogueReader = field(init=False)
    embedded: bool = field(init=False)
    accounts: Accounts = field(init=False)
    oauth: OAuthProvider = field(init=False)
    requests: RequestReader = field(init=False)

    def __post_init__(self) -> None:
        self.catalogue = self.storage.catalogue
        self.embedded = self.storage.embedded
        self.accounts = Accounts(self.storage.accounts, SecretBox(self.settings))
        self.oauth = OAuthProvider(self.accounts)
        self.requests = RequestReader(
            self.settings.public_url, ClientAddresses(self.settings.trusted_proxies)
        )

    def base_url(self, scope: Scope) -> str:
        """The absolute base every link in an answer starts with: ``DISCOGS_PUBLIC_URL``, or
        the scheme and host this request was sent to."""
        return facts_of(scope).base_url

    async def call(self, function: Callable[..., T], *args: Any) -> T:
        """Run a storage-bound call: inline for SQLite (local, microseconds), in the thread
        pool for a database across the network."""
        if self.embedded:
            return function(*args)
        return await run_in_threadpool(function, *args)
