"""The catalogue: releases, masters, artists, labels, their lists, and search results.

Field names are the API's. Dates stay the API's strings (they come with and without offsets);
``year`` is an int on documents and a string in search results, as the API sends them.
"""

from __future__ import annotations

import msgspec

from discogs_service_client._models._base import Model

__all__ = [
    "Artist",
    "ArtistCredit",
    "ArtistMember",
    "ArtistRelease",
    "CollectionWantlistCounts",
    "Community",
    "CommunityRating",
    "EntityCredit",
    "EntityRef",
    "Format",
    "Identifier",
    "Image",
    "Label",
    "LabelRelease",
    "Master",
    "MasterVersion",
    "Rating",
    "Release",
    "ReleaseRating",
    "ReleaseStats",
    "SearchCommunity",
    "SearchResult",
    "Service",
    "ServiceStatistics",
    "Track",
    "UserRef",
    "VersionFacet",
    "VersionFacetValue",
    "VersionStats",
    "Video",
]


class Image(Model):
    type: str = ""
    uri: str = ""
    resource_url: str = ""
    uri150: str = ""
    width: int = 0
    height: int = 0


class Video(Model):
    uri: str = ""
    title: str = ""
    description: str = ""
    duration: int = 0
    embed: bool = False


class ArtistCredit(Model):
    """An artist named on a release or track (``anv``: the name as credited there)."""

    id: int = 0
    name: str = ""
    anv: str = ""
    join: str = ""
    role: str = ""
    tracks: str = ""
    resource_url: str = ""
    thumbnail_url: str | None = None


class EntityCredit(Model):
    """A label, series or company named on a release."""

    id: int = 0
    name: str = ""
    catno: str = ""
    entity_type: str = ""
    entity_type_name: str = ""
    resource_url: str = ""
    thumbnail_url: str | None = None


class EntityRef(Model):
    """A link to another entity: sublabels, parent label."""

    id: int = 0
    name: str = ""
    resource_url: str = ""


class Format(Model):
    name: str = ""
    qty: str = ""
    descriptions: list[str] = []
    text: str | None = None


class Identifier(Model):
    type: str = ""
    value: str = ""
    description: str | None = None


class Track(Model):
    position: str = ""
    type_: str = ""
    title: str = ""
    duration: str = ""
    artists: list[ArtistCredit] = []
    extraartists: list[ArtistCredit] = []
    sub_tracks: list[Track] = []


class UserRef(Model):
    username: str = ""
    resource_url: str = ""
    id: int | None = None
    avatar_url: str | None = None


class Rating(Model):
    count: int = 0
    average: float = 0.0


class Community(Model):
    have: int = 0
    want: int = 0
    rating: Rating = msgspec.field(default_factory=Rating)
    submitter: UserRef | None = None
    contributors: list[UserRef] = []
    data_quality: str = ""
    status: str = ""


class Release(Model):
    id: int = 0
    title: str = ""
    status: str = ""
    year: int = 0
    resource_url: str = ""
    uri: str = ""
    artists: list[ArtistCredit] = []
    artists_sort: str = ""
    labels: list[EntityCredit] = []
    series: list[EntityCredit] = []
    companies: list[EntityCredit] = []
    formats: list[Format] = []
    data_quality: str = ""
    community: Community | None = None
    format_quantity: int = 0
    date_added: str = ""
    date_changed: str = ""
    num_for_sale: int = 0
    lowest_price: float | None = None
    master_id: int | None = None
    master_url: str | None = None
    country: str = ""
    released: str = ""
    notes: str = ""
    released_formatted: str = ""
    identifiers: list[Identifier] = []
    videos: list[Video] = []
    genres: list[str] = []
    styles: list[str] = []
    tracklist: list[Track] = []
    extraartists: list[ArtistCredit] = []
    images: list[Image] = []
    thumb: str = ""
    estimated_weight: int | None = None
    blocked_from_sale: bool = False
    is_offensive: bool = False


class Master(Model):
    id: int = 0
    title: str = ""
    main_release: int = 0
    most_recent_release: int | None = None
    resource_url: str = ""
    uri: str = ""
    versions_url: str = ""
    main_release_url: str = ""
    most_recent_release_url: str | None = None
    num_for_sale: int = 0
    lowest_price: float | None = None
    images: list[Image] = []
    genres: list[str] = []
    styles: list[str] = []
    year: int = 0
    tracklist: list[Track] = []
    artists: list[ArtistCredit] = []
    data_quality: str = ""
    videos: list[Video] = []
    notes: str = ""


class ArtistMember(Model):
    """A member of a group, or a group an artist belongs to."""

    id: int = 0
    name: str = ""
    resource_url: str = ""
    active: bool | None = None
    thumbnail_url: str | None = None


class Artist(Model):
    id: int = 0
    name: str = ""
    resource_url: str = ""
    uri: str = ""
    releases_url: str = ""
    images: list[Image] = []
    realname: str | None = None
    profile: str = ""
    urls: list[str] = []
    namevariations: list[str] = []
    aliases: list[ArtistMember] = []
    # Strings in the documentation's oldest examples, objects since.
    members: list[ArtistMember | str] = []
    groups: list[ArtistMember] = []
    data_quality: str = ""


class Label(Model):
    id: int = 0
    name: str = ""
    resource_url: str = ""
    uri: str = ""
    releases_url: str = ""
    images: list[Image] = []
    profile: str = ""
    contact_info: str = ""
    urls: list[str] = []
    sublabels: list[EntityRef] = []
    parent_label: EntityRef | None = None
    data_quality: str = ""


class CollectionWantlistCounts(Model):
    """Counts for the community; for the caller (``user``, ``user_data``) the API sends
    booleans in search results and counts elsewhere."""

    in_collection: int | bool = 0
    in_wantlist: int | bool = 0


class VersionStats(Model):
    """How many have a release in a collection or wantlist; ``user``: the caller's own."""

    community: CollectionWantlistCounts | None = None
    user: CollectionWantlistCounts | None = None


class ArtistRelease(Model):
    """A release or master in an artist's list (``type`` says which)."""

    id: int = 0
    type: str = ""
    main_release: int | None = None
    artist: str = ""
    title: str = ""
    year: int | None = None
    resource_url: str = ""
    role: str = ""
    thumb: str = ""
    status: str | None = None
    format: str | None = None
    label: str | None = None
    trackinfo: str | None = None
    stats: VersionStats | None = None


class LabelRelease(Model):
    id: int = 0
    status: str = ""
    format: str = ""
    catno: str = ""
    thumb: str = ""
    resource_url: str = ""
    title: str = ""
    year: int = 0
    artist: str = ""
    stats: VersionStats | None = None


class MasterVersion(Model):
    id: int = 0
    label: str = ""
    country: str = ""
    title: str = ""
    major_formats: list[str] = []
    format: str = ""
    catno: str = ""
    released: str = ""
    status: str = ""
    resource_url: str = ""
    thumb: str = ""
    stats: VersionStats | None = None


class VersionFacetValue(Model):
    title: str = ""
    value: str = ""
    count: int = 0


class VersionFacet(Model):
    """One filter of a master's versions, with the values it can take."""

    title: str = ""
    id: str = ""
    values: list[VersionFacetValue] = []
    allows_multiple_values: bool = False


class SearchCommunity(Model):
    have: int = 0
    want: int = 0


class SearchResult(Model):
    """One hit of a database search: a release, master, artist or label (``type``)."""

    id: int = 0
    type: str = ""
    title: str = ""
    uri: str = ""
    resource_url: str = ""
    thumb: str = ""
    cover_image: str = ""
    country: str | None = None
    year: str | None = None
    format: list[str] = []
    label: list[str] = []
    genre: list[str] = []
    style: list[str] = []
    barcode: list[str] = []
    catno: str | None = None
    master_id: int | None = None
    master_url: str | None = None
    user_data: CollectionWantlistCounts | None = None
    community: SearchCommunity | None = None
    format_quantity: int | None = None
    formats: list[Format] = []


class ReleaseRating(Model):
    """One user's rating of a release (0: not rated)."""

    username: str = ""
    release_id: int = 0
    rating: int = 0


class CommunityRating(Model):
    release_id: int = 0
    rating: Rating = msgspec.field(default_factory=Rating)


class ReleaseStats(Model):
    """The live API answers ``is_offensive``; its documentation ``num_have``/``num_want``."""

    num_have: int | None = None
    num_want: int | None = None
    is_offensive: bool | None = None


class ServiceStatistics(Model):
    releases: int = 0
    artists: int = 0
    labels: int = 0


class Service(Model):
    """The API's root document."""

    hello: str = ""
    api_version: str = ""
    documentation_url: str = ""
    statistics: ServiceStatistics | None = None
