"""A user's collection: folders, the instances in them, custom fields and the value.

Who may see what (``services.access``): the owner everything; anyone else, when the owner
keeps the collection public, folder 0 ("All") with its releases, the instances of a release,
and the public custom fields with their values only. Every write is the owner's alone; anyone
else, signed in or not, gets the live API's 403 (DAC 2026: an anonymous folder create is a
403, not a 401). Shapes, key orders and texts follow the 2026 recordings; where they are
silent the choice is written in docs/seed-spec-deviations.md (D19-D29).
"""

from __future__ import annotations

import time
from typing import Any

import msgspec

from discogs_service import documents
from discogs_service.accounts.identity import Identity
from discogs_service.accounts.service import Accounts
from discogs_service.basic_information import COLLECTION_ORDER, render
from discogs_service.errors import (
    CollectionReleaseNotFound,
    FolderNotFound,
    InstanceNotFound,
    InvalidParameter,
    NotOwner,
    ReleaseNotFound,
    RequestRefused,
    ValidationFailed,
)
from discogs_service.services.access import is_owner, require_collection_visible, require_owner
from discogs_service.services.paging import PageOf, PageRequest, page_of
from discogs_service.services.users import find_user
from discogs_service.storage.accounts import UserRow
from discogs_service.storage.collection import (
    ALL,
    UNCATEGORIZED,
    CollectionStore,
    Folder,
    Instance,
    Item,
    Refused,
    StoredField,
)

SORTS = ("label", "artist", "title", "catno", "format", "rating", "added", "year")
DEFAULT_SORT = "added"
MAX_FOLDER_NAME = 255
MAX_FIELD_VALUE = 10_000

# The grading scale of the marketplace (api-surface.md section 7); a sleeve has three more.
MEDIA_CONDITIONS = [
    "Mint (M)",
    "Near Mint (NM or M-)",
    "Very Good Plus (VG+)",
    "Very Good (VG)",
    "Good Plus (G+)",
    "Good (G)",
    "Fair (F)",
    "Poor (P)",
]
SLEEVE_CONDITIONS = [*MEDIA_CONDITIONS, "Generic", "Not Graded", "No Cover"]

# The fields every user has (D23): the conditions public, the notes private. In the live
# API's key order (DAC 2026): id, name, type, position, public, then options or lines.
DEFAULT_FIELDS = [
    StoredField(1, "Media Condition", "dropdown", 1, True, "", 0),
    StoredField(2, "Sleeve Condition", "dropdown", 2, True, "", 0),
    StoredField(3, "Notes", "textarea", 3, False, "", 3),
]
_DEFAULT_OPTIONS = {1: MEDIA_CONDITIONS, 2: SLEEVE_CONDITIONS}
FIRST_CUSTOM_FIELD = len(DEFAULT_FIELDS) + 1

# Money as Discogs writes it in the user's currency (CLDR's English symbols: "€71.20",
# "A$1,597.46"); the decimals each currency is written with.
CURRENCY_SYMBOLS = {
    "USD": "$", "GBP": "£", "EUR": "€", "CAD": "CA$", "AUD": "A$", "JPY": "¥",
    "CHF": "CHF ", "MXN": "MX$", "BRL": "R$", "NZD": "NZ$", "SEK": "SEK ", "ZAR": "ZAR ",
}  # fmt: skip
NO_DECIMALS = {"JPY"}


# -- folders ----------------------------------------------------------------------------------


def folders(
    accounts: Accounts, store: CollectionStore, username: str, viewer: Identity, base: str
) -> dict[str, Any]:
    """Every folder for the owner; folder 0 alone for anyone else (public collections)."""
    user = _visible_collection(accounts, username, viewer)
    found = store.folders(user.id)
    if not is_owner(viewer, user.username):
        found = found[:1]
    return {"folders": [folder_document(user, folder, base) for folder in found]}


def folder(
    accounts: Accounts,
    store: CollectionStore,
    username: str,
    folder_id: int,
    viewer: Identity,
    base: str,
) -> dict[str, Any]:
    user = _folder_reader(accounts, username, folder_id, viewer)
    found = store.folder(user.id, folder_id)
    if found is None:
        raise FolderNotFound()
    return folder_document(user, found, base)


def create_folder(
    accounts: Accounts,
    store: CollectionStore,
    username: str,
    viewer: Identity,
    name: object,
    base: str,
) -> dict[str, Any]:
    user = _owner(accounts, username, viewer)
    return folder_document(user, store.create_folder(user.id, _folder_name(name)), base)


def rename_folder(
    accounts: Accounts,
    store: CollectionStore,
    username: str,
    folder_id: int,
    viewer: Identity,
    name: object,
    base: str,
) -> dict[str, Any]:
    user = _owner(accounts, username, viewer)
    if folder_id in (ALL, UNCATEGORIZED):
        raise RequestRefused(f"Folder {folder_id} cannot be renamed.")
    renamed = store.rename_folder(user.id, folder_id, _folder_name(name))
    if renamed is None:
        raise FolderNotFound()
    return folder_document(user, renamed, base)


def delete_folder(
    accounts: Accounts, store: CollectionStore, username: str, folder_id: int, viewer: Identity
) -> None:
    user = _owner(accounts, username, viewer)
    if folder_id in (ALL, UNCATEGORIZED):
        raise RequestRefused(f"Folder {folder_id} cannot be deleted.")
    refused = store.delete_folder(user.id, folder_id)
    if refused is Refused.NO_FOLDER:
        raise FolderNotFound()
    if refused is Refused.NOT_EMPTY:
        raise RequestRefused("A folder must be empty before it can be deleted.")


def folder_document(user: UserRow, folder: Folder, base: str) -> dict[str, Any]:
    return {
        "id": folder.id,
        "name": folder.name,
        "count": folder.count,
        "resource_url": f"{_collection_url(user, base)}/folders/{folder.id}",
    }


# -- items ------------------------------------------------------------------------------------


def folder_releases(
    accounts: Accounts,
    store: CollectionStore,
    username: str,
    folder_id: int,
    viewer: Identity,
    sort: str,
    descending: bool,
    page: PageRequest,
    base: str,
) -> PageOf[dict[str, Any]]:
    """A page of the folder's instances in the order asked for (ties: oldest first)."""
    user = _folder_reader(accounts, username, folder_id, viewer)
    if folder_id not in (ALL, UNCATEGORIZED) and store.folder(user.id, folder_id) is None:
        raise FolderNotFound()
    total, items = store.page(user.id, folder_id, sort, descending, page.offset, page.per_page)
    shown = _shown_fields(store, user, viewer)
    return page_of([item_document(item, base, shown) for item in items], page, total)


def release_items(
    accounts: Accounts,
    store: CollectionStore,
    username: str,
    release_id: int,
    viewer: Identity,
    page: PageRequest,
    base: str,
) -> PageOf[dict[str, Any]]:
    """The user's instances of a release, in any folder (none: an empty list)."""
    user = _visible_collection(accounts, username, viewer)
    total, items = store.items_of_release(user.id, release_id, page.offset, page.per_page)
    shown = _shown_fields(store, user, viewer)
    return page_of([item_document(item, base, shown) for item in items], page, total)


def add_release(
    accounts: Accounts,
    store: CollectionStore,
    username: str,
    folder_id: int,
    release_id: int,
    viewer: Identity,
    base: str,
) -> dict[str, Any]:
    """A new instance of the release in the folder: the item, keys in alphabetical order at
    every level, as the live API answers this POST (DAC 2026)."""
    user = _owner(accounts, username, viewer)
    if folder_id == ALL:
        raise RequestRefused("Invalid folder_id: releases cannot be added to folder 0.")
    added = store.add(user.id, folder_id, release_id, int(time.time()))
    if added is Refused.NO_FOLDER:
        raise FolderNotFound()
    if not isinstance(added, Item):
        raise ReleaseNotFound()
    item = item_document(added, base, set())
    basics = {k: v for k, v in item["basic_information"].items() if k not in ("genres", "styles")}
    item["basic_information"] = basics
    item["resource_url"] = (
        f"{_collection_url(user, base)}/folders/{added.folder_id}/releases/{release_id}"
        f"?instance_id={added.instance_id}"
    )
    return _sorted_keys(item)  # type: ignore[no-any-return]


def change_instance(
    accounts: Accounts,
    store: CollectionStore,
    username: str,
    path: tuple[int, int, int],
    viewer: Identity,
    changes: dict[str, object],
) -> None:
    """Rate the instance's release (``rating`` 0..5, 0 withdraws it) and/or move the
    instance to another folder (``folder_id``)."""
    user = _owner(accounts, username, viewer)
    rating = _optional_integer(changes, "rating")
    if rating is not None and not 0 <= rating <= 5:
        raise InvalidParameter("rating", "an integer from 0 to 5")
    target = _optional_integer(changes, "folder_id")
    instance = _instance(store, user, path)
    if target is not None and (target == ALL or not store.folder_exists(user.id, target)):
        raise _no_target_folder()
    refused = store.change(user.id, instance, rating=rating, folder_id=target)
    if refused is Refused.NO_FOLDER:
        raise _no_target_folder()
    if refused is Refused.NO_INSTANCE:
        raise InstanceNotFound()


def remove_instance(
    accounts: Accounts,
    store: CollectionStore,
    username: str,
    path: tuple[int, int, int],
    viewer: Identity,
) -> None:
    user = _owner(accounts, username, viewer)
    if not store.remove(user.id, _instance(store, user, path)):
        raise InstanceNotFound()


def item_document(item: Item, base: str, shown_fields: set[int] | None) -> dict[str, Any]:
    """An instance as listings show it (the GET key order of DAC 2026); ``notes`` only when
    it has values the viewer may see (``shown_fields``: None, every field)."""
    document: dict[str, Any] = {
        "id": item.release_id,
        "instance_id": item.instance_id,
        "date_added": documents.api_time(item.added_at),
        "rating": item.rating,
        "basic_information": render(item.basics, base, COLLECTION_ORDER),
        "folder_id": item.folder_id,
    }
    notes = [
        {"field_id": field_id, "value": value}
        for field_id, value in item.notes
        if shown_fields is None or field_id in shown_fields
    ]
    if notes:
        document["notes"] = notes
    return document


# -- custom fields ----------------------------------------------------------------------------


def fields(
    accounts: Accounts, store: CollectionStore, username: str, viewer: Identity
) -> dict[str, Any]:
    user = _visible_collection(accounts, username, viewer)
    owner = is_owner(viewer, user.username)
    return {
        "fields": [
            field_document(field) for field in all_fields(store, user.id) if owner or field.public
        ]
    }


def all_fields(store: CollectionStore, user_id: int) -> list[StoredField]:
    return [*DEFAULT_FIELDS, *store.custom_fields(user_id)]


def field_document(field: StoredField) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": field.id,
        "name": field.name,
        "type": field.type,
        "position": field.position,
        "public": field.public,
    }
    if field.type == "dropdown":
        document["options"] = _DEFAULT_OPTIONS.get(field.id) or msgspec.json.decode(field.options)
    else:
        document["lines"] = field.lines
    return document


def set_field(
    accounts: Accounts,
    store: CollectionStore,
    username: str,
    path: tuple[int, int, int, int],
    viewer: Identity,
    value: object,
) -> None:
    """Set a custom field's value on an instance; an empty value clears it. A dropdown takes
    any text, as the live API does in 2026 (DAC test of a value that is no option)."""
    user = _owner(accounts, username, viewer)
    folder_id, release_id, instance_id, field_id = path
    if folder_id != ALL and not store.folder_exists(user.id, folder_id):
        raise ValidationFailed(_NO_FOLDER, ("path", "folder_id"))
    instance = store.instance(user.id, instance_id)
    if instance is None or not _at(instance, folder_id, release_id):
        raise CollectionReleaseNotFound()
    if field_id not in {field.id for field in all_fields(store, user.id)}:
        raise ValidationFailed(
            "HTTP fetch failed from 'collection': 400: Bad Request", ("body", "value")
        )
    # An absent value (or a JSON null) is refused: the documents require one, and clearing
    # a field is asked for with "".
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise InvalidParameter("value", "a string")
    text = str(value)
    if len(text) > MAX_FIELD_VALUE:
        raise InvalidParameter("value", f"at most {MAX_FIELD_VALUE} characters")
    if not store.set_note(user.id, instance_id, field_id, text):
        raise CollectionReleaseNotFound()


# -- value ------------------------------------------------------------------------------------


def value(accounts: Accounts, username: str, viewer: Identity) -> dict[str, str]:
    """The collection's estimated value, the owner's alone. This server keeps no sales or
    listings to estimate from, so it answers as the live API does for a collection without
    price data: zero in the owner's currency (D26)."""
    user = find_user(accounts, username)
    require_owner(viewer, user.username)
    zero = money(0, user.curr_abbr)
    return {"maximum": zero, "median": zero, "minimum": zero}


def money(amount: float, currency: str) -> str:
    symbol = CURRENCY_SYMBOLS.get(currency, "$")
    digits = 0 if currency in NO_DECIMALS else 2
    return f"{symbol}{amount:,.{digits}f}"


# -- rules shared by the use cases -------------------------------------------------------------

_NO_FOLDER = "Invalid folder_id: folder does not exist."


def _no_target_folder() -> ValidationFailed:
    return ValidationFailed(_NO_FOLDER, ("body", "folder_id"))


def _visible_collection(accounts: Accounts, username: str, viewer: Identity) -> UserRow:
    user = find_user(accounts, username)
    require_collection_visible(viewer, user)
    return user


def _folder_reader(accounts: Accounts, username: str, folder_id: int, viewer: Identity) -> UserRow:
    """Folder 0 of a public collection is anyone's to read; any other folder its owner's."""
    user = _visible_collection(accounts, username, viewer)
    if folder_id != ALL and not is_owner(viewer, user.username):
        raise NotOwner()
    return user


def _owner(accounts: Accounts, username: str, viewer: Identity) -> UserRow:
    user = find_user(accounts, username)
    require_owner(viewer, user.username)
    return user


def _instance(store: CollectionStore, user: UserRow, path: tuple[int, int, int]) -> Instance:
    """The user's instance the path names: its folder must exist (404 folder), and the
    instance be of the path's release and in the path's folder, or the path's folder be 0
    (404 item)."""
    folder_id, release_id, instance_id = path
    if folder_id != ALL and not store.folder_exists(user.id, folder_id):
        raise FolderNotFound()
    instance = store.instance(user.id, instance_id)
    if instance is None or not _at(instance, folder_id, release_id):
        raise InstanceNotFound()
    return instance


def _at(instance: Instance, folder_id: int, release_id: int) -> bool:
    return instance.release_id == release_id and folder_id in (ALL, instance.folder_id)


def _shown_fields(store: CollectionStore, user: UserRow, viewer: Identity) -> set[int] | None:
    if is_owner(viewer, user.username):
        return None
    return {field.id for field in all_fields(store, user.id) if field.public}


def _folder_name(name: object) -> str:
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_FOLDER_NAME:
        raise InvalidParameter("name", f"a folder name of 1 to {MAX_FOLDER_NAME} characters")
    return name


def _optional_integer(changes: dict[str, object], name: str) -> int | None:
    given = changes.get(name)
    if given is None or given == "":
        return None
    number = _integer_of(given)
    # The columns hold 64-bit integers: a number past them is no id or rating of any kind.
    if number is None or not -(2**63) <= number < 2**63:
        raise InvalidParameter(name, "an integer")
    return number


def _integer_of(given: object) -> int | None:
    if isinstance(given, bool):
        return None
    if isinstance(given, int):
        return given
    if isinstance(given, float) and given.is_integer():
        return int(given)  # JSON has one kind of number: 5.0 is the integer 5
    if isinstance(given, str):
        digits = given.strip()
        if digits.startswith(("+", "-")):  # one sign: int() refuses "+-5"
            digits = digits[1:]
        # ASCII digits only: "²" is a digit to str.isdigit but not to int.
        if digits.isascii() and digits.isdigit() and len(given) < 40:
            return int(given)
    return None


def _collection_url(user: UserRow, base: str) -> str:
    return f"{base}/users/{user.username}/collection"


def _sorted_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted_keys(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted_keys(entry) for entry in value]
    return value
