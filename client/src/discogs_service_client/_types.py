"""The closed sets of values parameters take: sorts, statuses, conditions, currencies.

Each is a StrEnum, so a member is sent as its value. Parameters also accept the plain string
(the ``...Value`` Literal beside each enum) so that ``search(type="release")`` type-checks;
a test keeps each Literal equal to its enum.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, TypeAlias

__all__ = [
    "ArtistReleaseSort",
    "ArtistReleaseSortValue",
    "CollectionSort",
    "CollectionSortValue",
    "Condition",
    "ConditionValue",
    "ContributionSort",
    "ContributionSortValue",
    "Currency",
    "CurrencyValue",
    "InventorySort",
    "InventorySortValue",
    "ListingStatus",
    "ListingStatusValue",
    "MasterVersionSort",
    "MasterVersionSortValue",
    "OrderSort",
    "OrderSortValue",
    "OrderStatus",
    "OrderStatusValue",
    "SearchSort",
    "SearchSortValue",
    "SearchType",
    "SearchTypeValue",
    "SleeveCondition",
    "SleeveConditionValue",
    "SortOrder",
    "SortOrderValue",
]


class SortOrder(StrEnum):
    ASC = "asc"
    DESC = "desc"


SortOrderValue: TypeAlias = SortOrder | Literal["asc", "desc"]


class Currency(StrEnum):
    USD = "USD"
    GBP = "GBP"
    EUR = "EUR"
    CAD = "CAD"
    AUD = "AUD"
    JPY = "JPY"
    CHF = "CHF"
    MXN = "MXN"
    BRL = "BRL"
    NZD = "NZD"
    SEK = "SEK"
    ZAR = "ZAR"


CurrencyValue: TypeAlias = (
    Currency
    | Literal["USD", "GBP", "EUR", "CAD", "AUD", "JPY", "CHF", "MXN", "BRL", "NZD", "SEK", "ZAR"]
)


class SearchType(StrEnum):
    RELEASE = "release"
    MASTER = "master"
    ARTIST = "artist"
    LABEL = "label"


SearchTypeValue: TypeAlias = SearchType | Literal["release", "master", "artist", "label"]


class SearchSort(StrEnum):
    YEAR = "year"
    TITLE = "title"
    LABEL = "label"
    HAVE = "have"
    WANT = "want"


SearchSortValue: TypeAlias = SearchSort | Literal["year", "title", "label", "have", "want"]


class ArtistReleaseSort(StrEnum):
    YEAR = "year"
    TITLE = "title"
    FORMAT = "format"


ArtistReleaseSortValue: TypeAlias = ArtistReleaseSort | Literal["year", "title", "format"]


class MasterVersionSort(StrEnum):
    RELEASED = "released"
    TITLE = "title"
    FORMAT = "format"
    LABEL = "label"
    CATNO = "catno"
    COUNTRY = "country"


MasterVersionSortValue: TypeAlias = (
    MasterVersionSort | Literal["released", "title", "format", "label", "catno", "country"]
)


class CollectionSort(StrEnum):
    LABEL = "label"
    ARTIST = "artist"
    TITLE = "title"
    CATNO = "catno"
    FORMAT = "format"
    RATING = "rating"
    ADDED = "added"
    YEAR = "year"


CollectionSortValue: TypeAlias = (
    CollectionSort
    | Literal["label", "artist", "title", "catno", "format", "rating", "added", "year"]
)


class ContributionSort(StrEnum):
    LABEL = "label"
    ARTIST = "artist"
    TITLE = "title"
    CATNO = "catno"
    FORMAT = "format"
    RATING = "rating"
    YEAR = "year"
    ADDED = "added"


ContributionSortValue: TypeAlias = (
    ContributionSort
    | Literal["label", "artist", "title", "catno", "format", "rating", "year", "added"]
)


class InventorySort(StrEnum):
    LISTED = "listed"
    PRICE = "price"
    ITEM = "item"
    ARTIST = "artist"
    LABEL = "label"
    CATNO = "catno"
    AUDIO = "audio"
    STATUS = "status"
    LOCATION = "location"


InventorySortValue: TypeAlias = (
    InventorySort
    | Literal["listed", "price", "item", "artist", "label", "catno", "audio", "status", "location"]
)


class OrderSort(StrEnum):
    ID = "id"
    BUYER = "buyer"
    CREATED = "created"
    STATUS = "status"
    LAST_ACTIVITY = "last_activity"


OrderSortValue: TypeAlias = OrderSort | Literal["id", "buyer", "created", "status", "last_activity"]


class ListingStatus(StrEnum):
    """A listing's status; ``ALL`` only as an inventory filter. New listings take
    ``FOR_SALE`` or ``DRAFT``."""

    ALL = "All"
    FOR_SALE = "For Sale"
    DRAFT = "Draft"
    EXPIRED = "Expired"
    SOLD = "Sold"
    DELETED = "Deleted"
    SUSPENDED = "Suspended"
    VIOLATION = "Violation"


ListingStatusValue: TypeAlias = (
    ListingStatus
    | Literal["All", "For Sale", "Draft", "Expired", "Sold", "Deleted", "Suspended", "Violation"]
)


class OrderStatus(StrEnum):
    ALL = "All"
    NEW_ORDER = "New Order"
    BUYER_CONTACTED = "Buyer Contacted"
    INVOICE_SENT = "Invoice Sent"
    PAYMENT_PENDING = "Payment Pending"
    PAYMENT_RECEIVED = "Payment Received"
    IN_PROGRESS = "In Progress"
    SHIPPED = "Shipped"
    MERGED = "Merged"
    ORDER_CHANGED = "Order Changed"
    REFUND_SENT = "Refund Sent"
    CANCELLED = "Cancelled"
    CANCELLED_NON_PAYING_BUYER = "Cancelled (Non-Paying Buyer)"
    CANCELLED_ITEM_UNAVAILABLE = "Cancelled (Item Unavailable)"
    CANCELLED_PER_BUYERS_REQUEST = "Cancelled (Per Buyer's Request)"
    CANCELLED_REFUND_RECEIVED = "Cancelled (Refund Received)"


OrderStatusValue: TypeAlias = (
    OrderStatus
    | Literal[
        "All",
        "New Order",
        "Buyer Contacted",
        "Invoice Sent",
        "Payment Pending",
        "Payment Received",
        "In Progress",
        "Shipped",
        "Merged",
        "Order Changed",
        "Refund Sent",
        "Cancelled",
        "Cancelled (Non-Paying Buyer)",
        "Cancelled (Item Unavailable)",
        "Cancelled (Per Buyer's Request)",
        "Cancelled (Refund Received)",
    ]
)


class Condition(StrEnum):
    """A record's media condition."""

    MINT = "Mint (M)"
    NEAR_MINT = "Near Mint (NM or M-)"
    VERY_GOOD_PLUS = "Very Good Plus (VG+)"
    VERY_GOOD = "Very Good (VG)"
    GOOD_PLUS = "Good Plus (G+)"
    GOOD = "Good (G)"
    FAIR = "Fair (F)"
    POOR = "Poor (P)"


ConditionValue: TypeAlias = (
    Condition
    | Literal[
        "Mint (M)",
        "Near Mint (NM or M-)",
        "Very Good Plus (VG+)",
        "Very Good (VG)",
        "Good Plus (G+)",
        "Good (G)",
        "Fair (F)",
        "Poor (P)",
    ]
)


class SleeveCondition(StrEnum):
    """A sleeve's condition: the media conditions and three of its own."""

    MINT = "Mint (M)"
    NEAR_MINT = "Near Mint (NM or M-)"
    VERY_GOOD_PLUS = "Very Good Plus (VG+)"
    VERY_GOOD = "Very Good (VG)"
    GOOD_PLUS = "Good Plus (G+)"
    GOOD = "Good (G)"
    FAIR = "Fair (F)"
    POOR = "Poor (P)"
    GENERIC = "Generic"
    NOT_GRADED = "Not Graded"
    NO_COVER = "No Cover"


SleeveConditionValue: TypeAlias = (
    SleeveCondition
    | Literal[
        "Mint (M)",
        "Near Mint (NM or M-)",
        "Very Good Plus (VG+)",
        "Very Good (VG)",
        "Good Plus (G+)",
        "Good (G)",
        "Fair (F)",
        "Poor (P)",
        "Generic",
        "Not Graded",
        "No Cover",
    ]
)
