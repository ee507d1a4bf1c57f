"""What every handler needs, bound once when the app is built (no per-request lookups)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from discogs_service.accounts.service import Accounts
from discogs_service.auth.oauth import OAuthProvider
from discogs_service.config import Settings
from discogs_service.request.facts import facts_of
from discogs_service.storage import Storage
from discogs_service.storage.catalogue import CatalogueReader

T = TypeVar("T")


@dataclass
class ApiContext:
    """The parts the app is composed of (``app.py``), as the API's handlers use them."""

    settings: Settings
    storage: Storage
    accounts: Accounts
    oauth: OAuthProvider
    catalogue: CatalogueReader = field(init=False)
    embedded: bool = field(init=False)

    def __post_init__(self) -> None:
        self.catalogue = self.storage.catalogue
        self.embedded = self.storage.embedded

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
