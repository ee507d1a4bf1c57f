"""Users' lists: the API's two reads (``/users/{u}/lists``, ``/lists/{id}``) and the changes
their owners make on the web pages (the real API has no endpoints that write lists).

Shapes and key order are the live API's (DAC 2026 recordings of list 1710462 and of a user's
lists): a list is ``id, user{id, avatar_url, username, resource_url}, name, description,
public, date_added, date_changed, uri, resource_url, image_url`` (+ ``items``); an item is
``type, id, comment, uri, resource_url, image_url, display_title`` and, for releases and
masters, ``stats.community{in_wantlist, in_collection}``. A private or unknown list is
``List not found`` to anyone but its owner.

An item shows its entity as the catalogue has it now (title and uri of the stored document),
else as kept on the item's row (when added, and again by the import that removes the entity):
an item whose entity an import removed goes on answering with what was last known of it
(docs/user-data.md, Lists).
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from discogs_service import documents
from discogs_service.accounts.identity import Identity
from discogs_service.accounts.service import Accounts
from discogs_service.errors import AccountError, ListNotFound, ListRefused
from discogs_service.importer.records.common import slug
from discogs_service.limits import MAX_BIGINT
from discogs_service.list_display import display_of
from discogs_service.services.access import is_owner
from discogs_service.services.paging import PageOf, PageRequest, page_of
from discogs_service.services.users import WEB, find_user
from discogs_service.storage.accounts import UserRow
from discogs_service.storage.lists import KIND_TABLES, ItemRow, ListRow, ListStore, NewItem

KINDS = tuple(KIND_TABLES)  # release, master, artist, label
# Bounds of what an owner may write (Discogs states none): a name fits a page heading, and a
# list answers in one GET with all its items.
MAX_NAME = 255
MAX_DESCRIPTION = 10_000
MAX_COMMENT = 2_000
MAX_ITEMS = 5_000


# -- the API's reads ------------------------------------------------------------------------


def user_lists(
    accounts: Accounts,
    store: ListStore,
    username: str,
    viewer: Identity,
    request: PageRequest,
    base: str,
) -> PageOf[dict[str, Any]]:
    """A page of the user's lists, newest first: the public ones, and to their owner all."""
    user = find_user(accounts, username)
    total, rows = store.lists_of(
        user.id,
        with_private=is_owner(viewer, user.username),
        offset=request.offset,
        limit=request.per_page,
    )
    return page_of([list_summary(row, user, base) for row in rows], request, total)


def list_document(
    accounts: Accounts, store: ListStore, list_id: int, viewer: Identity, base: str
) -> dict[str, Any]:
    """``/lists/{id}``: the list and every item, as ``viewer`` may see it."""
    row, owner = _visible_list(accounts, store, list_id, viewer)
    document = list_summary(row, owner, base)
    document["items"] = [_item_document(item, base) for item in shown_items(store, row.id)]
    return document


def list_summary(row: ListRow, owner: UserRow, base: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "user": {
            "id": owner.id,
            "avatar_url": owner.avatar_url,
            "username": owner.username,
            "resource_url": f"{base}/users/{owner.username}",
        },
        "name": row.name,
        "description": row.description,
        "public": row.public,
        "date_added": documents.api_time(row.created_at),
        "date_changed": documents.api_time(row.changed_at),
        "uri": list_uri(row),
        "resource_url": f"{base}/lists/{row.id}",
        "image_url": "",
    }


def list_uri(row: ListRow) -> str:
    """``https://www.discogs.com/lists/<Name-slug>/<id>`` (a name without letters or digits
    has the slug ``List``)."""
    readable = quote(slug(row.name), safe="-") or "List"
    return f"{WEB}/lists/{readable}/{row.id}"


def _visible_list(
    accounts: Accounts, store: ListStore, list_id: int, viewer: Identity
) -> tuple[ListRow, UserRow]:
    row = store.list_by_id(list_id)
    if row is None:
        raise ListNotFound()
    try:
        owner = accounts.user_by_id(row.user_id)
    except AccountError:
        raise ListNotFound() from None
    if not owner.active or not (row.public or is_owner(viewer, owner.username)):
        raise ListNotFound()
    return row, owner


# -- items as shown -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ShownItem:
    """An item with what it shows: its entity as the catalogue has it now, else as kept;
    ``community`` (have, want) for releases and masters."""

    row: ItemRow
    display_title: str
    uri: str
    community: tuple[int, int] | None


def shown_items(store: ListStore, list_id: int) -> list[ShownItem]:
    items = store.items(list_id)
    live: dict[tuple[str, int], tuple[str, str]] = {}
    for kind in KINDS:
        ids = [item.entity_id for item in items if item.kind == kind]
        if ids:
            for entity_id, doc in store.documents(kind, ids).items():
                live[kind, entity_id] = display_of(kind, doc)
    community = _community(store, items)
    shown = []
    for item in items:
        title, uri = live.get((item.kind, item.entity_id), (item.display_title, item.uri))
        figures = community.get((item.kind, item.entity_id), (0, 0))
        stats = figures if item.kind in ("release", "master") else None
        shown.append(ShownItem(item, title, uri, stats))
    return shown


Figures = dict[tuple[str, int], tuple[int, int]]


def _community(store: ListStore, items: Sequence[ItemRow]) -> Figures:
    """(have, want) of each release item and of each master item (its main release's:
    the live API shows a master and its main release with the same figures)."""
    releases = [item.entity_id for item in items if item.kind == "release"]
    masters = store.main_releases([item.entity_id for item in items if item.kind == "master"])
    figures = store.community([*releases, *masters.values()])
    found = {("release", r): figures[r] for r in releases if r in figures}
    found.update((("master", m), figures[main]) for m, main in masters.items() if main in figures)
    return found


def _item_document(item: ShownItem, base: str) -> dict[str, Any]:
    row = item.row
    document: dict[str, Any] = {
        "type": row.kind,
        "id": row.entity_id,
        "comment": row.comment,
        "uri": item.uri,
        "resource_url": f"{base}/{KIND_TABLES[row.kind]}/{row.entity_id}",
        "image_url": "",
        "display_title": item.display_title,
    }
    if item.community is not None:
        have, want = item.community
        document["stats"] = {"community": {"in_wantlist": want, "in_collection": have}}
    return document


# -- the owner's changes (web pages) --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OwnList:
    row: ListRow
    items: int


def own_lists(store: ListStore, user: UserRow) -> list[OwnList]:
    """Every list of the user, newest first, with its number of items."""
    _total, rows = store.lists_of(user.id, with_private=True, offset=0, limit=MAX_BIGINT)
    counts = store.item_counts([row.id for row in rows])
    return [OwnList(row, counts.get(row.id, 0)) for row in rows]


def own_list(store: ListStore, user: UserRow, list_id: int) -> ListRow:
    """The user's list; ListNotFound when it is someone else's or none."""
    row = store.list_by_id(list_id)
    if row is None or row.user_id != user.id:
        raise ListNotFound()
    return row


def own_list_with_items(
    store: ListStore, user: UserRow, list_id: int
) -> tuple[ListRow, list[ShownItem]]:
    row = own_list(store, user, list_id)
    return row, shown_items(store, row.id)


def create_list(store: ListStore, user: UserRow, name: str, description: str, public: bool) -> int:
    return store.create(
        user.id, _name(name), _text(description, MAX_DESCRIPTION, "The description"), public, _now()
    )


def change_list(
    store: ListStore, user: UserRow, list_id: int, name: str, description: str, public: bool
) -> None:
    """Rename, describe and make public or private in one go."""
    row = own_list(store, user, list_id)
    store.update(
        row.id,
        _now(),
        name=_name(name),
        description=_text(description, MAX_DESCRIPTION, "The description"),
        public=public,
    )


def set_public(store: ListStore, user: UserRow, list_id: int, public: bool) -> None:
    store.update(own_list(store, user, list_id).id, _now(), public=public)


def delete_list(store: ListStore, user: UserRow, list_id: int) -> None:
    store.delete(own_list(store, user, list_id).id)


def add_item(
    store: ListStore,
    user: UserRow,
    list_id: int,
    kind: str,
    entity_id: int,
    comment: str = "",
) -> int:
    """Add a catalogue entity at the end of the list; its display title and uri are kept
    with the item. The id of the new item."""
    row = own_list(store, user, list_id)
    if kind not in KINDS:
        raise ListRefused("Choose a release, master, artist or label.")
    comment = _text(comment, MAX_COMMENT, "The comment")
    doc = store.documents(kind, [entity_id]).get(entity_id) if 0 < entity_id <= MAX_BIGINT else None
    if doc is None:
        raise ListRefused(f"There is no {kind} {entity_id} in this server's catalogue.")
    if store.item_counts([row.id]).get(row.id, 0) >= MAX_ITEMS:
        raise ListRefused(f"A list holds at most {MAX_ITEMS:,} items.")
    title, uri = display_of(kind, doc)
    added = store.add_item(row.id, NewItem(kind, entity_id, title, uri, comment), _now())
    if added is None:
        raise ListRefused(f"The list has {kind} {entity_id} already.")
    return added


def add_named_item(
    store: ListStore,
    user: UserRow,
    list_id: int,
    named: NamedItem,
    own_host: str,
) -> int:
    """Add what the owner's form names: a link (``parse_reference``), else a type and an id."""
    if named.reference.strip():
        kind, entity_id = parse_reference(named.reference, own_host)
    elif named.entity_id.strip():
        digits = named.entity_id.strip()
        if not (digits.isascii() and digits.isdigit()):
            raise ListRefused("An id is a whole number, such as 1 or 4674.")
        kind, entity_id = named.kind, _entity_id(digits)
    else:
        raise ListRefused("Paste a link, or choose the type and give the id.")
    return add_item(store, user, list_id, kind, entity_id, named.comment)


@dataclass(frozen=True, slots=True)
class NamedItem:
    """An item as the owner's form names it: a link, or a type and an id (as typed)."""

    reference: str = ""
    kind: str = "release"
    entity_id: str = ""
    comment: str = ""


def comment_item(store: ListStore, user: UserRow, list_id: int, item_id: int, comment: str) -> None:
    row = own_list(store, user, list_id)
    if not store.set_comment(row.id, item_id, _text(comment, MAX_COMMENT, "The comment"), _now()):
        raise ListRefused("The list has no such item.")


def move_item(
    store: ListStore, user: UserRow, list_id: int, item_id: int, where: str | int
) -> None:
    """``where``: ``up``, ``down`` (one place) or a position from 1 (past the end: last)."""
    row = own_list(store, user, list_id)
    current = {item.id: item.position for item in store.items(row.id)}
    if item_id not in current:
        raise ListRefused("The list has no such item.")
    if where == "up":
        position = current[item_id] - 1
    elif where == "down":
        position = current[item_id] + 1
    elif isinstance(where, int) and where >= 1:
        position = where
    else:
        raise ListRefused("Give a position from 1 up.")
    store.move_item(row.id, item_id, position, _now())


def remove_item(store: ListStore, user: UserRow, list_id: int, item_id: int) -> None:
    row = own_list(store, user, list_id)
    if not store.remove_item(row.id, item_id, _now()):
        raise ListRefused("The list has no such item.")


def _name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ListRefused("Give the list a name.")
    return _text(name, MAX_NAME, "The name")


def _text(text: str, limit: int, what: str) -> str:
    if len(text) > limit:
        raise ListRefused(f"{what} is too long: at most {limit:,} characters.")
    return text


def _now() -> int:
    return int(time.time())


# -- what an owner names an item by ---------------------------------------------------------

_API_PATH = re.compile(r"/(release|master|artist|label)s/([0-9]+)/?")
# /release/123-Artist-Title, /release/123; optionally after a language (/de/, /pt_BR/) and
# the marketplace's /sell/.
_WEB_PATH = re.compile(
    r"(?:/[a-z]{2}(?:_[A-Za-z]{2})?)?(?:/sell)?/(release|master|artist|label)/([0-9]+)(?:-[^/]*)?/?"
)
# The older form: /Artist-Title/release/123.
_OLD_WEB_PATH = re.compile(r"(?:/[a-z]{2}(?:_[A-Za-z]{2})?)?/[^/]+/(release|master)/([0-9]+)/?")
# Discogs' own markup for a link: [r123], [m123], [a123], [l123] (also [r=123]).
_MARKUP = re.compile(r"\[([rmal])=?([0-9]+)\]")
_MARKUP_KINDS = {"r": "release", "m": "master", "a": "artist", "l": "label"}
NOT_A_LINK = (
    "That is not a link to a release, master, artist or label: paste its page's address on "
    "www.discogs.com (https://www.discogs.com/release/123-Artist-Title), its API address, "
    "or choose the type and give the id."
)


def parse_reference(text: str, own_host: str) -> tuple[str, int]:
    """(kind, id) of a Discogs page URL (``https://www.discogs.com/release/123-Artist-Title``,
    ``/master/…``, ``/artist/…``, ``/label/…``, the older ``/Artist-Title/release/123``),
    an API URL of Discogs' or of this server (``own_host``: its host[:port]), or Discogs'
    markup (``[r123]``). ListRefused for anything else."""
    text = text.strip()
    markup = _MARKUP.fullmatch(text)
    if markup:
        return _MARKUP_KINDS[markup[1]], _entity_id(markup[2])
    if text.lower().startswith(("www.discogs.com/", "discogs.com/", "api.discogs.com/")):
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        raise ListRefused(NOT_A_LINK) from None
    discogs = host == "discogs.com" or host.endswith(".discogs.com")
    if parts.scheme not in ("http", "https") or not (discogs or parts.netloc == own_host):
        raise ListRefused(NOT_A_LINK)
    api = host == "api.discogs.com" or parts.netloc == own_host
    for pattern in (_API_PATH,) if api else (_WEB_PATH, _OLD_WEB_PATH):
        found = pattern.fullmatch(parts.path)
        if found:
            return found[1], _entity_id(found[2])
    raise ListRefused(NOT_A_LINK)


def _entity_id(digits: str) -> int:
    number = int(digits) if len(digits) <= 19 else 0
    if not 0 < number <= MAX_BIGINT:
        raise ListRefused(f"{digits} is no id of the catalogue's.")
    return number
