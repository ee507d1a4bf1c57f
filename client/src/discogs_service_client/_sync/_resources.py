"""Handles on the API's resources: made without a request, each method one request (or,
for lists, a lazily paged iteration). Named after the API's own resources.

This file was written from ``_async/_resources.py`` by scripts/unasync.py: edit that one.
"""

from __future__ import annotations

from discogs_service_client._core import body, fee_price, path
from discogs_service_client._models._base import Model
from discogs_service_client._models.database import (
    Artist,
    ArtistRelease,
    Label,
    LabelRelease,
    Master,
    MasterVersion,
    Release,
    ReleaseRating,
    VersionFacet,
)
from discogs_service_client._models.marketplace import (
    Fee,
    InventoryExport,
    InventoryUpload,
    Listing,
    MarketplaceStats,
    NewListing,
    Order,
    OrderMessage,
    Price,
)
from discogs_service_client._models.paging import VERSIONS_FIELDS
from discogs_service_client._models.users import (
    CollectionField,
    CollectionFolder,
    CollectionItem,
    CollectionValue,
    Submissions,
    User,
    UserListSummary,
    Want,
)
from discogs_service_client._sync._http import HTTP
from discogs_service_client._sync._paging import Pages
from discogs_service_client._types import (
    ArtistReleaseSortValue,
    CollectionSortValue,
    ConditionValue,
    ContributionSortValue,
    CurrencyValue,
    InventorySortValue,
    ListingStatusValue,
    MasterVersionSortValue,
    OrderSortValue,
    OrderStatusValue,
    SleeveConditionValue,
    SortOrderValue,
)


class _Folders(Model):
    folders: list[CollectionFolder] = []


class _Fields(Model):
    fields: list[CollectionField] = []


# -- the catalogue -----------------------------------------------------------------------------


class ArtistResource:
    """``/artists/{artist_id}``."""

    def __init__(self, http: HTTP, artist_id: int) -> None:
        self._http = http
        self.id = artist_id

    def get(self) -> Artist:
        return self._http.get(path("artists", self.id), Artist)

    def releases(
        self,
        *,
        sort: ArtistReleaseSortValue | None = None,
        sort_order: SortOrderValue | None = None,
        per_page: int = 100,
    ) -> Pages[ArtistRelease]:
        """The artist's releases and masters."""
        params = {"sort": sort, "sort_order": sort_order}
        url = path("artists", self.id, "releases")
        return Pages(self._http, url, "releases", ArtistRelease, params=params, per_page=per_page)


class LabelResource:
    """``/labels/{label_id}``."""

    def __init__(self, http: HTTP, label_id: int) -> None:
        self._http = http
        self.id = label_id

    def get(self) -> Label:
        return self._http.get(path("labels", self.id), Label)

    def releases(self, *, per_page: int = 100) -> Pages[LabelRelease]:
        url = path("labels", self.id, "releases")
        return Pages(self._http, url, "releases", LabelRelease, per_page=per_page)


class MasterResource:
    """``/masters/{master_id}``."""

    def __init__(self, http: HTTP, master_id: int) -> None:
        self._http = http
        self.id = master_id

    def get(self) -> Master:
        return self._http.get(path("masters", self.id), Master)

    def versions(
        self,
        *,
        format: str | None = None,
        label: str | None = None,
        released: str | None = None,
        country: str | None = None,
        sort: MasterVersionSortValue | None = None,
        sort_order: SortOrderValue | None = None,
        per_page: int = 100,
    ) -> Pages[MasterVersion]:
        """The master's releases; a page's ``extra`` holds ``filters`` and ``filter_facets``
        (see ``facets()``)."""
        params = {
            "format": format,
            "label": label,
            "released": released,
            "country": country,
            "sort": sort,
            "sort_order": sort_order,
        }
        url = path("masters", self.id, "versions")
        return Pages(
            self._http,
            url,
            "versions",
            MasterVersion,
            params=params,
            per_page=per_page,
            extra_fields=VERSIONS_FIELDS,
        )

    def facets(self) -> list[VersionFacet]:
        """The filters the master's versions can be narrowed by, with their values."""
        page = self.versions(per_page=1).page(1)
        facets: list[VersionFacet] = getattr(page.body, "filter_facets")  # noqa: B009
        return facets


# -- users ---------------------------------------------------------------------------------------


class UserResource:
    """``/users/{username}`` and everything under it."""

    def __init__(self, http: HTTP, username: str) -> None:
        self._http = http
        self.username = username
        self.collection = CollectionResource(http, username)
        self.wantlist = WantlistResource(http, username)

    def get(self) -> User:
        """The profile (the owner sees more fields)."""
        return self._http.get(path("users", self.username), User)

    def edit(
        self,
        *,
        name: str | None = None,
        home_page: str | None = None,
        location: str | None = None,
        profile: str | None = None,
        curr_abbr: CurrencyValue | None = None,
    ) -> User:
        """Change the given fields of the owner's profile; the profile as it now is."""
        fields = {
            "name": name,
            "home_page": home_page,
            "location": location,
            "profile": profile,
            "curr_abbr": curr_abbr,
        }
        return self._http.send("POST", path("users", self.username), User, json=body(fields))

    def submissions(self, *, per_page: int = 100) -> Pages[Submissions]:
        """The user's submissions, one ``Submissions`` (artists, labels, releases) a page."""
        url = path("users", self.username, "submissions")
        return Pages(self._http, url, "submissions", Submissions, per_page=per_page, single=True)

    def contributions(
        self,
        *,
        sort: ContributionSortValue | None = None,
        sort_order: SortOrderValue | None = None,
        per_page: int = 100,
    ) -> Pages[Release]:
        params = {"sort": sort, "sort_order": sort_order}
        url = path("users", self.username, "contributions")
        return Pages(self._http, url, "contributions", Release, params=params, per_page=per_page)

    def lists(self, *, per_page: int = 100) -> Pages[UserListSummary]:
        """The user's lists (private ones only for the owner)."""
        url = path("users", self.username, "lists")
        return Pages(self._http, url, "lists", UserListSummary, per_page=per_page)

    def inventory(
        self,
        *,
        status: ListingStatusValue | None = None,
        sort: InventorySortValue | None = None,
        sort_order: SortOrderValue | None = None,
        per_page: int = 100,
    ) -> Pages[Listing]:
        """The user's listings (others see only those for sale)."""
        params = {"status": status, "sort": sort, "sort_order": sort_order}
        url = path("users", self.username, "inventory")
        return Pages(self._http, url, "listings", Listing, params=params, per_page=per_page)

    def rating(self, release_id: int) -> ReleaseRating:
        """The user's rating of a release (0: not rated)."""
        return self._http.get(path("releases", release_id, "rating", self.username), ReleaseRating)

    def rate(self, release_id: int, rating: int) -> ReleaseRating:
        """Rate a release 1 to 5 as the user (the owner)."""
        if not 1 <= rating <= 5:
            raise ValueError("a rating is 1 to 5")
        url = path("releases", release_id, "rating", self.username)
        return self._http.send("PUT", url, ReleaseRating, json={"rating": rating})

    def unrate(self, release_id: int) -> None:
        self._http.request("DELETE", path("releases", release_id, "rating", self.username))


class CollectionResource:
    """``/users/{username}/collection``: folders, items, custom fields, value."""

    def __init__(self, http: HTTP, username: str) -> None:
        self._http = http
        self.username = username

    def _path(self, *parts: str | int) -> str:
        return path("users", self.username, "collection", *parts)

    def folders(self) -> list[CollectionFolder]:
        """Every folder: 0 "All", the user's own, 1 "Uncategorized" (not paged)."""
        return (self._http.get(self._path("folders"), _Folders)).folders

    def create_folder(self, name: str) -> CollectionFolder:
        url = self._path("folders")
        return self._http.send("POST", url, CollectionFolder, json={"name": name})

    def folder(self, folder_id: int) -> FolderResource:
        return FolderResource(self._http, self.username, folder_id)

    def releases(self, release_id: int, *, per_page: int = 100) -> Pages[CollectionItem]:
        """Every copy (instance) of a release in the collection, in any folder."""
        url = self._path("releases", release_id)
        return Pages(self._http, url, "releases", CollectionItem, per_page=per_page)

    def fields(self) -> list[CollectionField]:
        """The custom fields (others see only the public ones)."""
        return (self._http.get(self._path("fields"), _Fields)).fields

    def value(self) -> CollectionValue:
        return self._http.get(self._path("value"), CollectionValue)


class FolderResource:
    """``/users/{username}/collection/folders/{folder_id}``."""

    def __init__(self, http: HTTP, username: str, folder_id: int) -> None:
        self._http = http
        self.username = username
        self.id = folder_id

    def _path(self, *parts: str | int) -> str:
        return path("users", self.username, "collection", "folders", self.id, *parts)

    def get(self) -> CollectionFolder:
        return self._http.get(self._path(), CollectionFolder)

    def rename(self, name: str) -> CollectionFolder:
        return self._http.send("POST", self._path(), CollectionFolder, json={"name": name})

    def delete(self) -> None:
        """Delete the folder (it must be empty)."""
        self._http.request("DELETE", self._path())

    def releases(
        self,
        *,
        sort: CollectionSortValue | None = None,
        sort_order: SortOrderValue | None = None,
        per_page: int = 100,
    ) -> Pages[CollectionItem]:
        params = {"sort": sort, "sort_order": sort_order}
        url = self._path("releases")
        return Pages(self._http, url, "releases", CollectionItem, params=params, per_page=per_page)

    def add(self, release_id: int) -> CollectionItem:
        """Add a copy of a release to this folder (not folder 0); the new item."""
        url = self._path("releases", release_id)
        return self._http.send("POST", url, CollectionItem)

    def instance(self, release_id: int, instance_id: int) -> InstanceResource:
        return InstanceResource(self._http, self._path("releases", release_id), instance_id)


class InstanceResource:
    """One copy of a release in a folder: ``.../releases/{release_id}/instances/{id}``."""

    def __init__(self, http: HTTP, release_path: str, instance_id: int) -> None:
        self._http = http
        self._url = f"{release_path}/instances/{instance_id}"
        self.id = instance_id

    def edit(self, *, rating: int | None = None, folder_id: int | None = None) -> None:
        """Rate the copy (0 to 5) and/or move it to another folder."""
        if rating is not None and not 0 <= rating <= 5:
            raise ValueError("a rating is 0 to 5")
        fields = {"rating": rating, "folder_id": folder_id}
        self._http.request("POST", self._url, json=body(fields))

    def delete(self) -> None:
        """Remove the copy from the collection."""
        self._http.request("DELETE", self._url)

    def set_field(self, field_id: int, value: str) -> None:
        """Set a custom field (a note) of the copy."""
        url = f"{self._url}/fields/{field_id}"
        self._http.request("POST", url, json={"value": value}, params={"value": value})


class WantlistResource:
    """``/users/{username}/wants``."""

    def __init__(self, http: HTTP, username: str) -> None:
        self._http = http
        self.username = username

    def wants(self, *, per_page: int = 100) -> Pages[Want]:
        url = path("users", self.username, "wants")
        return Pages(self._http, url, "wants", Want, per_page=per_page)

    def add(self, release_id: int, *, notes: str | None = None, rating: int | None = None) -> Want:
        url = path("users", self.username, "wants", release_id)
        return self._http.send("PUT", url, Want, json=body({"notes": notes, "rating": rating}))

    def edit(self, release_id: int, *, notes: str | None = None, rating: int | None = None) -> Want:
        url = path("users", self.username, "wants", release_id)
        return self._http.send("POST", url, Want, json=body({"notes": notes, "rating": rating}))

    def remove(self, release_id: int) -> None:
        self._http.request("DELETE", path("users", self.username, "wants", release_id))


# -- the marketplace ------------------------------------------------------------------------------


class OrderResource:
    """``/marketplace/orders/{order_id}`` (the seller's)."""

    def __init__(self, http: HTTP, order_id: str) -> None:
        self._http = http
        self.id = order_id

    def get(self) -> Order:
        return self._http.get(path("marketplace", "orders", self.id), Order)

    def update(
        self, *, status: OrderStatusValue | None = None, shipping: float | None = None
    ) -> Order:
        """Move the order to one of its ``next_status``, or set its shipping (which sends the
        invoice): one or the other."""
        if (status is None) == (shipping is None):
            raise ValueError("give status or shipping")
        fields = {"status": status, "shipping": shipping}
        url = path("marketplace", "orders", self.id)
        return self._http.send("POST", url, Order, json=body(fields))

    def messages(self, *, per_page: int = 100) -> Pages[OrderMessage]:
        """The order's messages and events, newest first."""
        url = path("marketplace", "orders", self.id, "messages")
        return Pages(self._http, url, "messages", OrderMessage, per_page=per_page)

    def send_message(
        self, *, message: str | None = None, status: OrderStatusValue | None = None
    ) -> OrderMessage:
        if message is None and status is None:
            raise ValueError("give a message, a status or both")
        url = path("marketplace", "orders", self.id, "messages")
        fields = {"message": message, "status": status}
        return self._http.send("POST", url, OrderMessage, json=body(fields))


class MarketplaceResource:
    """``/marketplace``: listings, orders, fees, price suggestions and statistics."""

    def __init__(self, http: HTTP) -> None:
        self._http = http

    def listing(self, listing_id: int, *, curr_abbr: CurrencyValue | None = None) -> Listing:
        url = path("marketplace", "listings", listing_id)
        return self._http.get(url, Listing, {"curr_abbr": curr_abbr})

    def create_listing(
        self,
        *,
        release_id: int,
        condition: ConditionValue,
        price: float,
        status: ListingStatusValue | None = None,
        sleeve_condition: SleeveConditionValue | None = None,
        comments: str | None = None,
        allow_offers: bool | None = None,
        external_id: str | None = None,
        location: str | None = None,
        weight: float | str | None = None,
        format_quantity: int | str | None = None,
    ) -> NewListing:
        """List a release for sale (``status`` "For Sale", the default, or "Draft")."""
        fields = {
            "release_id": release_id,
            "condition": condition,
            "price": price,
            "status": status,
            "sleeve_condition": sleeve_condition,
            "comments": comments,
            "allow_offers": allow_offers,
            "external_id": external_id,
            "location": location,
            "weight": weight,
            "format_quantity": format_quantity,
        }
        url = path("marketplace", "listings")
        return self._http.send("POST", url, NewListing, json=body(fields))

    def edit_listing(
        self,
        listing_id: int,
        *,
        release_id: int,
        condition: ConditionValue,
        price: float,
        status: ListingStatusValue | None = None,
        sleeve_condition: SleeveConditionValue | None = None,
        comments: str | None = None,
        allow_offers: bool | None = None,
        external_id: str | None = None,
        location: str | None = None,
        weight: float | str | None = None,
        format_quantity: int | str | None = None,
        curr_abbr: CurrencyValue | None = None,
    ) -> None:
        """Change a listing (For Sale, Draft or Expired ones): the fields of
        ``create_listing``, release, condition and price included as the API requires."""
        fields = {
            "release_id": release_id,
            "condition": condition,
            "price": price,
            "status": status,
            "sleeve_condition": sleeve_condition,
            "comments": comments,
            "allow_offers": allow_offers,
            "external_id": external_id,
            "location": location,
            "weight": weight,
            "format_quantity": format_quantity,
        }
        url = path("marketplace", "listings", listing_id)
        self._http.request("POST", url, json=body(fields), params={"curr_abbr": curr_abbr})

    def delete_listing(self, listing_id: int) -> None:
        self._http.request("DELETE", path("marketplace", "listings", listing_id))

    def orders(
        self,
        *,
        status: OrderStatusValue | None = None,
        created_after: str | None = None,
        created_before: str | None = None,
        archived: bool | None = None,
        sort: OrderSortValue | None = None,
        sort_order: SortOrderValue | None = None,
        per_page: int = 100,
    ) -> Pages[Order]:
        """The seller's orders (``created_after``/``created_before``: ISO 8601)."""
        params = {
            "status": status,
            "created_after": created_after,
            "created_before": created_before,
            "archived": archived,
            "sort": sort,
            "sort_order": sort_order,
        }
        url = path("marketplace", "orders")
        return Pages(self._http, url, "orders", Order, params=params, per_page=per_page)

    def order(self, order_id: str) -> OrderResource:
        return OrderResource(self._http, order_id)

    def fee(self, price: float, currency: CurrencyValue | None = None) -> Fee:
        """The marketplace fee on a price (in the seller's currency, or ``currency``)."""
        parts: list[str | int] = ["marketplace", "fee", fee_price(price)]
        if currency is not None:
            parts.append(str(currency))
        return self._http.get(path(*parts), Fee)

    def price_suggestions(self, release_id: int) -> dict[str, Price]:
        """A suggested price per media condition (empty when there is no data)."""
        url = path("marketplace", "price_suggestions", release_id)
        return self._http.get(url, dict[str, Price])

    def stats(self, release_id: int, *, curr_abbr: CurrencyValue | None = None) -> MarketplaceStats:
        url = path("marketplace", "stats", release_id)
        return self._http.get(url, MarketplaceStats, {"curr_abbr": curr_abbr})


class InventoryResource:
    """``/inventory``: the caller's inventory exports and CSV uploads."""

    def __init__(self, http: HTTP) -> None:
        self._http = http

    def export(self) -> str:
        """Start an export; the URL of its status (the answer's ``Location``)."""
        response = self._http.request("POST", path("inventory", "export"))
        return str(response.headers.get("location", ""))

    def exports(self, *, per_page: int = 100) -> Pages[InventoryExport]:
        url = path("inventory", "export")
        return Pages(self._http, url, "items", InventoryExport, per_page=per_page)

    def export_status(self, export_id: int) -> InventoryExport:
        return self._http.get(path("inventory", "export", export_id), InventoryExport)

    def download(self, export_id: int) -> bytes:
        """The finished export's CSV file."""
        url = path("inventory", "export", export_id, "download")
        return (self._http.request("GET", url)).content

    def upload(self, kind: str, csv: bytes, filename: str = "upload.csv") -> str:
        """Upload a CSV file of listings to ``add``, ``change`` or ``delete``; the URL of the
        job's status (the answer's ``Location``)."""
        if kind not in ("add", "change", "delete"):
            raise ValueError("kind is add, change or delete")
        files = {"upload": (filename, csv, "text/csv")}
        response = self._http.request("POST", path("inventory", "upload", kind), files=files)
        return str(response.headers.get("location", ""))

    def uploads(self, *, per_page: int = 100) -> Pages[InventoryUpload]:
        url = path("inventory", "upload")
        return Pages(self._http, url, "items", InventoryUpload, per_page=per_page)

    def upload_status(self, upload_id: int) -> InventoryUpload:
        return self._http.get(path("inventory", "upload", upload_id), InventoryUpload)
