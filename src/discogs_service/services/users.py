"""The user profile, ``/users/{username}``: reading it (more for its owner) and editing it.

The shape and field order follow the live API (DAC 2026 recordings of one profile read by its
owner and anonymously): everyone sees the public fields with ``curr_abbr`` empty; the owner
also sees the currency, ``num_collection``, ``num_wantlist``, ``email`` and ``num_unread``.
Marketplace, rating and contribution figures are zero: this server has no marketplace, and
collections, wantlists and lists count here once they exist.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from discogs_service import documents
from discogs_service.accounts.identity import Identity
from discogs_service.accounts.service import Accounts, username_key
from discogs_service.errors import InvalidCurrency, InvalidParameter, UserNotFound
from discogs_service.services import community
from discogs_service.services.access import is_owner, require_owner
from discogs_service.storage.accounts import UserRow
from discogs_service.storage.community import owner_figures

WEB = "https://www.discogs.com"
# The marketplace currencies (the seed document's Currency enum).
CURRENCIES = ("USD", "GBP", "EUR", "CAD", "AUD", "JPY", "CHF", "MXN", "BRL", "NZD", "SEK", "ZAR")
# The editable text fields and the longest value each takes.
EDITABLE = {"name": 255, "home_page": 2000, "location": 255, "profile": 20000}
# A home page is a link on the web pages: http(s) with a host, no spaces or control
# characters - never javascript:, data: or anything else a browser would run.
WEB_ADDRESS = re.compile(r"https?://[^\x00-\x20\x7f/?#]+[^\x00-\x20\x7f]*", re.IGNORECASE)


def find_user(accounts: Accounts, username: str) -> UserRow:
    """A user by name, any letter case; a disabled account reads as deleted."""
    user = accounts.store.user_by_name(username_key(username))
    if user is None or not user.active:
        raise UserNotFound()
    return user


def profile(accounts: Accounts, username: str, viewer: Identity, base: str) -> dict[str, Any]:
    """The profile as ``viewer`` may see it."""
    user = find_user(accounts, username)
    return profile_document(accounts, user, base, owner=is_owner(viewer, user.username))


def edit_profile(
    accounts: Accounts,
    username: str,
    viewer: Identity,
    changes: Mapping[str, object],
    base: str,
) -> dict[str, Any]:
    """Apply the given fields (None or absent: unchanged) and return the owner's view.
    Only the owner may edit; an unknown currency is the live API's 404."""
    user = find_user(accounts, username)
    require_owner(viewer, user.username)
    accounts.store.update_profile(user.id, profile_changes(changes))
    return profile_document(accounts, find_user(accounts, user.username), base, owner=True)


def profile_changes(changes: Mapping[str, object]) -> dict[str, str]:
    """The columns to set. Clients send explicit nulls for unchanged fields (DAC) and an
    empty ``curr_abbr`` is ignored (live)."""
    values: dict[str, str] = {}
    for field, limit in EDITABLE.items():
        value = changes.get(field)
        if value is None:
            continue
        if not isinstance(value, str) or len(value) > limit:
            raise InvalidParameter(field, f"a string of at most {limit} characters")
        if field == "home_page" and value and not WEB_ADDRESS.fullmatch(value):
            raise InvalidParameter(field, "an http:// or https:// URL")
        values[field] = value
    currency = changes.get("curr_abbr")
    if currency is not None and currency != "":
        if not isinstance(currency, str) or currency.upper() not in CURRENCIES:
            raise InvalidCurrency()
        values["curr_abbr"] = currency.upper()
    return values


def profile_document(
    accounts: Accounts, user: UserRow, base: str, *, owner: bool
) -> dict[str, Any]:
    api = f"{base}/users/{user.username}"
    document: dict[str, Any] = {
        "id": user.id,
        "resource_url": api,
        "uri": f"{WEB}/user/{user.username}",
        "username": user.username,
        "name": user.name,
        "home_page": user.home_page,
        "location": user.location,
        "profile": user.profile,
        "registered": documents.api_time(user.registered_at),
        "rank": 0.0,
        "num_pending": 0,
        "num_for_sale": 0,
        "num_lists": 0,
        "releases_contributed": 0,
        "releases_rated": 0,
        "rating_avg": 0.0,
        "inventory_url": f"{api}/inventory",
        "collection_folders_url": f"{api}/collection/folders",
        "collection_fields_url": f"{api}/collection/fields",
        "wantlist_url": f"{api}/wants",
        "avatar_url": user.avatar_url,
        "curr_abbr": user.curr_abbr if owner else "",
        "activated": True,
        "marketplace_suspended": False,
        "banner_url": user.banner_url,
        "buyer_rating": 0.0,
        "buyer_rating_stars": 0.0,
        "buyer_num_ratings": 0,
        "seller_rating": 0.0,
        "seller_rating_stars": 0.0,
        "seller_num_ratings": 0,
        "is_staff": user.is_staff,
    }
    if owner:
        figures = owner_figures(accounts.store.engine, user.id)
        document.update(community.owner_counts(figures), email=user.email, num_unread=0)
    return document
