"""What every handler needs, bound once when the app is built (no per-request lookups)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

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

    def __post_init__(self) -> None:
        self.catalogue = self.storage.catalogue

    def base_url(self, scope: Scope) -> str:
        """The absolute base every link in an answer starts with: ``DISCOGS_PUBLIC_URL``, or
        the scheme and host this request was sent to."""
        return facts_of(scope).base_url
