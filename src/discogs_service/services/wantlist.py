"""A user's wantlist: ``/users/{username}/wants`` and each want in it.

The want object follows the live API (DAC 2026 recording of a PUT): ``id`` (the release's),
``resource_url``, ``date_added``, ``basic_information``, ``rating``, ``notes``; ``notes`` only
for the owner (developer docs). Anyone may read a public wantlist, only the owner a private
one; only the owner changes it, and anyone else - signed in or not - gets the live API's 403
(``services.access``). A want's ``rating`` is the user's rating of the release: setting it
rates the release, 0 withdraws the rating (docs/user-data.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from discogs_service import basic_information, documents
from discogs_service.accounts.identity import Identity
from discogs_service.accounts.service import Accounts
from discogs_service.errors import InvalidParameter, WantNotFound
from discogs_service.services.access import is_owner, require_owner, require_wantlist_visible
from discogs_service.services.paging import PageOf, PageRequest, page_of
from discogs_service.services.ratings import rating_value
from discogs_service.services.users import find_user
from discogs_service.storage.accounts import UserRow
from discogs_service.storage.catalogue import CatalogueReader
from discogs_service.storage.wantlist import Want, WantChange, WantStore

# What a want's write reads (python3-discogs-client also sends release_id and notes_public:
# the path names the release, and notes are the owner's alone, so both are ignored).
FIELDS = ("notes", "rating")
# The longest notes kept (the live limit is not recorded; D35).
MAX_NOTES = 10_000


def wantlist(
    accounts: Accounts,
    wants: WantStore,
    username: str,
    viewer: Identity,
    request: PageRequest,
    base: str,
) -> PageOf[dict[str, Any]]:
    """A page of the wantlist, in the order the wants were added."""
    user = _visible_wantlist(accounts, username, viewer)
    total, page = wants.page(user.id, request.offset, request.per_page)
    owner = is_owner(viewer, user.username)
    return page_of([want_object(want, user, base, owner=owner) for want in page], request, total)


def want(
    accounts: Accounts,
    wants: WantStore,
    username: str,
    release_id: int,
    viewer: Identity,
    base: str,
) -> dict[str, Any]:
    """One want, as the wantlist shows it (the want's ``resource_url``; D32)."""
    user = _visible_wantlist(accounts, username, viewer)
    return want_object(
        _shown_want(wants, user, release_id), user, base, owner=is_owner(viewer, user.username)
    )


def add_want(
    accounts: Accounts,
    catalogue: CatalogueReader,
    wants: WantStore,
    username: str,
    release_id: int,
    viewer: Identity,
    fields: Mapping[str, object],
    base: str,
) -> dict[str, Any]:
    """``PUT``: add the release to the owner's wantlist, or, when it is there already, keep
    its date and write the notes and rating given."""
    user = _owners(accounts, username, viewer)
    change = want_change(release_id, fields)
    if not catalogue.exists("releases", release_id):
        # A release an import removed can still be edited by whoever wants it already.
        _shown_want(wants, user, release_id)
    wants.add(user.id, change)
    return want_object(_shown_want(wants, user, release_id), user, base, owner=True)


def edit_want(
    accounts: Accounts,
    wants: WantStore,
    username: str,
    release_id: int,
    viewer: Identity,
    fields: Mapping[str, object],
    base: str,
) -> dict[str, Any]:
    """``POST``: write the notes and rating given of a want in the owner's wantlist."""
    user = _owners(accounts, username, viewer)
    change = want_change(release_id, fields)
    _shown_want(wants, user, release_id)
    if not wants.edit(user.id, change):
        raise WantNotFound()  # removed in between
    return want_object(_shown_want(wants, user, release_id), user, base, owner=True)


def remove_want(
    accounts: Accounts, wants: WantStore, username: str, release_id: int, viewer: Identity
) -> None:
    """``DELETE``: remove the want; a release not in the wantlist is no error (live)."""
    user = _owners(accounts, username, viewer)
    wants.remove(user.id, release_id)


def want_change(release_id: int, fields: Mapping[str, object]) -> WantChange:
    """The notes and rating given (None: not given), checked."""
    notes = fields.get("notes")
    if notes is not None and (not isinstance(notes, str) or len(notes) > MAX_NOTES):
        raise InvalidParameter("notes", f"text of at most {MAX_NOTES} characters")
    return WantChange(release_id, notes, rating_value(fields.get("rating"), lowest=0))


def want_object(want: Want, user: UserRow, base: str, *, owner: bool) -> dict[str, Any]:
    """A want as the API writes it, in the recorded key order."""
    assert want.basics is not None, "only a shown want is written"
    item: dict[str, Any] = {
        "id": want.release_id,
        "resource_url": f"{base}/users/{user.username}/wants/{want.release_id}",
        "date_added": documents.api_time(want.added_at),
        "basic_information": basic_information.render(
            want.basics, base, basic_information.WANT_ORDER
        ),
        "rating": want.rating,
    }
    if owner:
        item["notes"] = want.notes
    return item


def _visible_wantlist(accounts: Accounts, username: str, viewer: Identity) -> UserRow:
    user = find_user(accounts, username)
    require_wantlist_visible(viewer, user)
    return user


def _owners(accounts: Accounts, username: str, viewer: Identity) -> UserRow:
    user = find_user(accounts, username)
    require_owner(viewer, user.username)
    return user


def _shown_want(wants: WantStore, user: UserRow, release_id: int) -> Want:
    """The user's want of the release when the wantlist shows it (its release is in the
    catalogue or was kept as a snapshot); else the live API's 404."""
    found = wants.want(user.id, release_id)
    if found is None or found.basics is None:
        raise WantNotFound()
    return found
