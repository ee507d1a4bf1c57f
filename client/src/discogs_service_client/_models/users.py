"""Users and what they own: identity, profiles, submissions, collection, wantlist, lists."""

from __future__ import annotations

from discogs_service_client._models._base import Model
from discogs_service_client._models.database import (
    Artist,
    ArtistCredit,
    CollectionWantlistCounts,
    EntityCredit,
    Format,
    Label,
    Release,
    UserRef,
)

__all__ = [
    "BasicInformation",
    "CollectionField",
    "CollectionFolder",
    "CollectionItem",
    "CollectionNote",
    "CollectionValue",
    "Identity",
    "ListItem",
    "ListStats",
    "Submissions",
    "User",
    "UserList",
    "UserListSummary",
    "Want",
]


class Identity(Model):
    """Who the credentials belong to (``GET /oauth/identity``)."""

    id: int = 0
    username: str = ""
    resource_url: str = ""
    consumer_name: str = ""
    avatar_url: str | None = None


class User(Model):
    """A user's profile. The owner also sees ``email``, ``num_collection``,
    ``num_wantlist`` and ``num_unread``; others see ``curr_abbr`` empty."""

    id: int = 0
    username: str = ""
    resource_url: str = ""
    uri: str = ""
    name: str = ""
    home_page: str = ""
    location: str = ""
    profile: str = ""
    registered: str = ""
    rank: float = 0.0
    num_pending: int = 0
    num_for_sale: int = 0
    num_lists: int = 0
    releases_contributed: int = 0
    releases_rated: int = 0
    rating_avg: float = 0.0
    inventory_url: str = ""
    collection_folders_url: str = ""
    collection_fields_url: str = ""
    wantlist_url: str = ""
    avatar_url: str = ""
    curr_abbr: str = ""
    activated: bool = False
    marketplace_suspended: bool = False
    banner_url: str = ""
    buyer_rating: float = 0.0
    buyer_rating_stars: float = 0.0
    buyer_num_ratings: int = 0
    seller_rating: float = 0.0
    seller_rating_stars: float = 0.0
    seller_num_ratings: int = 0
    is_staff: bool = False
    num_collection: int | None = None
    num_wantlist: int | None = None
    email: str | None = None
    num_unread: int | None = None


class Submissions(Model):
    """One page of a user's submissions, by kind."""

    artists: list[Artist] = []
    labels: list[Label] = []
    releases: list[Release] = []


class CollectionFolder(Model):
    id: int = 0
    name: str = ""
    count: int = 0
    resource_url: str = ""


class BasicInformation(Model):
    """The summary of a release inside collection and wantlist items."""

    id: int = 0
    master_id: int | None = None
    master_url: str | None = None
    resource_url: str = ""
    thumb: str = ""
    cover_image: str = ""
    title: str = ""
    year: int = 0
    formats: list[Format] = []
    labels: list[EntityCredit] = []
    artists: list[ArtistCredit] = []
    genres: list[str] = []
    styles: list[str] = []


class CollectionNote(Model):
    """The value of one custom field on a collection item."""

    field_id: int = 0
    value: str = ""


class CollectionItem(Model):
    """One copy (instance) of a release in a collection."""

    id: int = 0
    instance_id: int = 0
    folder_id: int = 0
    rating: int = 0
    date_added: str = ""
    basic_information: BasicInformation | None = None
    notes: list[CollectionNote] = []
    resource_url: str | None = None


class CollectionField(Model):
    """A custom field of a collection: ``dropdown`` (with ``options``) or ``textarea``."""

    id: int = 0
    name: str = ""
    type: str = ""
    position: int = 0
    public: bool = False
    options: list[str] = []
    lines: int | None = None


class CollectionValue(Model):
    """Formatted amounts in the owner's currency, e.g. ``"€71.20"``."""

    minimum: str = ""
    median: str = ""
    maximum: str = ""


class Want(Model):
    id: int = 0
    resource_url: str = ""
    rating: int = 0
    notes: str | None = None
    date_added: str = ""
    basic_information: BasicInformation | None = None


class ListStats(Model):
    community: CollectionWantlistCounts | None = None
    user: CollectionWantlistCounts | None = None


class ListItem(Model):
    type: str = ""
    id: int = 0
    comment: str = ""
    uri: str = ""
    resource_url: str = ""
    image_url: str = ""
    display_title: str = ""
    stats: ListStats | None = None


class UserListSummary(Model):
    """A list as a user's lists show it (no items)."""

    id: int = 0
    name: str = ""
    description: str = ""
    public: bool = True
    date_added: str = ""
    date_changed: str = ""
    uri: str = ""
    resource_url: str = ""
    image_url: str = ""
    user: UserRef | None = None


class UserList(UserListSummary):
    """A list with its items (``GET /lists/{id}``). The documentation's old shape is read
    too: ``list_id``, ``created_ts``, ``modified_ts``, ``url``."""

    items: list[ListItem] = []
    list_id: int | None = None
    created_ts: str | None = None
    modified_ts: str | None = None
    url: str | None = None
