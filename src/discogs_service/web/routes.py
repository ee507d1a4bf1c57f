"""The web pages' routes, mounted into the app beside the API's own."""

from __future__ import annotations

from starlette.routing import BaseRoute

from discogs_service.accounts.service import Accounts
from discogs_service.auth.oauth import OAuthProvider
from discogs_service.config import Settings
from discogs_service.storage import Storage
from discogs_service.web.lists import ListPages
from discogs_service.web.pages import Pages
from discogs_service.web.settings import SettingsPages


def build_web_routes(
    settings: Settings, storage: Storage, accounts: Accounts, oauth: OAuthProvider
) -> list[BaseRoute]:
    return [
        *Pages(settings, storage, accounts, oauth).routes(),
        *ListPages(settings, storage, accounts).routes(),
        *SettingsPages(settings, storage, accounts).routes(),
    ]
