"""The marketplace and inventory: listings, orders and their messages, fees, price
suggestions, release statistics, inventory exports and uploads."""

from __future__ import annotations

import msgspec

from discogs_service_client._models._base import Model
from discogs_service_client._models.database import Image, VersionStats

__all__ = [
    "Fee",
    "InventoryExport",
    "InventoryUpload",
    "Listing",
    "ListingRelease",
    "MarketplaceStats",
    "NewListing",
    "Order",
    "OrderItem",
    "OrderItemRelease",
    "OrderMessage",
    "OrderRef",
    "OrderShipping",
    "OriginalPrice",
    "Price",
    "Refund",
    "Seller",
    "SellerStats",
    "Trader",
]


class Price(Model):
    value: float = 0.0
    currency: str = ""


class OriginalPrice(Model):
    """A price in the seller's currency (``curr_id``: 1 USD, 2 GBP, 3 EUR, ...)."""

    value: float = 0.0
    curr_abbr: str = ""
    curr_id: int = 0
    formatted: str = ""


class SellerStats(Model):
    rating: str | float = ""
    stars: float = 0.0
    total: int = 0


class Seller(Model):
    id: int = 0
    username: str = ""
    resource_url: str = ""
    avatar_url: str | None = None
    stats: SellerStats | None = None
    min_order_total: float | None = None
    html_url: str | None = None
    uid: int | None = None
    url: str | None = None
    payment: str | None = None
    shipping: str | None = None


class ListingRelease(Model):
    id: int = 0
    description: str = ""
    resource_url: str = ""
    artist: str = ""
    title: str = ""
    format: str = ""
    year: int = 0
    label: str = ""
    catalog_number: str = ""
    thumbnail: str = ""
    images: list[Image] = []
    stats: VersionStats | None = None


class Listing(Model):
    """A marketplace listing. The owner also sees ``weight``, ``format_quantity``,
    ``external_id``, ``location`` and ``quantity``."""

    id: int = 0
    resource_url: str = ""
    uri: str = ""
    status: str = ""
    condition: str = ""
    sleeve_condition: str = ""
    comments: str = ""
    ships_from: str = ""
    posted: str = ""
    allow_offers: bool = False
    offer_submitted: bool | None = None
    audio: bool = False
    price: Price | None = None
    original_price: OriginalPrice | None = None
    shipping_price: Price | None = None
    original_shipping_price: OriginalPrice | None = None
    seller: Seller | None = None
    release: ListingRelease | None = None
    shipping_is_blocked: bool | None = None
    in_cart: bool | None = None
    weight: float | None = None
    estimated_weight: int | None = None
    format_quantity: int | None = None
    external_id: str | None = None
    location: str | None = None
    quantity: int | None = None


class NewListing(Model):
    """The answer to creating a listing."""

    listing_id: int = 0
    resource_url: str = ""


class Trader(Model):
    """A buyer or seller as an order names them."""

    id: int = 0
    username: str = ""
    resource_url: str = ""
    avatar_url: str | None = None


class OrderItemRelease(Model):
    id: int = 0
    description: str = ""
    resource_url: str | None = None
    thumbnail: str | None = None


class OrderItem(Model):
    id: int = 0
    release: OrderItemRelease | None = None
    price: Price | None = None
    media_condition: str | None = None
    sleeve_condition: str | None = None


class OrderShipping(Model):
    currency: str = ""
    method: str = ""
    value: float = 0.0


class Order(Model):
    id: str = ""
    resource_url: str = ""
    messages_url: str = ""
    uri: str = ""
    status: str = ""
    next_status: list[str] = []
    fee: Price | None = None
    created: str = ""
    items: list[OrderItem] = []
    shipping: OrderShipping | None = None
    shipping_address: str = ""
    additional_instructions: str = ""
    archived: bool = False
    seller: Trader | None = None
    buyer: Trader | None = None
    last_activity: str = ""
    total: Price | None = None


class OrderRef(Model):
    id: str = ""
    resource_url: str = ""


class Refund(Model):
    amount: float = 0.0
    order: OrderRef | None = None


class OrderMessage(Model):
    """A message of an order's conversation, or an event in it (``type``: message, status,
    shipping, refund_sent, refund_received, ...)."""

    timestamp: str = ""
    message: str = ""
    type: str | None = None
    subject: str = ""
    order: OrderRef | None = None
    from_: Trader | None = msgspec.field(default=None, name="from")
    refund: Refund | None = None
    status_id: int | None = None
    actor: Trader | None = None
    original: float | str | None = None
    new: float | str | None = None


class Fee(Model):
    value: float = 0.0
    currency: str = ""


class MarketplaceStats(Model):
    """``lowest_price`` is None when nothing is for sale."""

    num_for_sale: int | None = None
    lowest_price: Price | None = None
    blocked_from_sale: bool = False


class InventoryExport(Model):
    id: int = 0
    status: str = ""
    created_ts: str = ""
    finished_ts: str | None = None
    url: str = ""
    download_url: str = ""
    filename: str = ""


class InventoryUpload(Model):
    """An inventory upload job; ``results`` is the API's report (lines joined by ``<p>``)."""

    id: int = 0
    status: str = ""
    type: str = ""
    created_ts: str = ""
    finished_ts: str | None = None
    filename: str = ""
    results: str = ""
