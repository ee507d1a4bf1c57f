"""A release's ``basic_information``: the part of it that collections, wantlists and lists
show for each item, taken from its stored document (or, for a release an import removed,
from its snapshot) and written in the order each answer of the live API uses.

Links are kept as paths (``/artists/1``) and made absolute on the server's base URL when an
answer is written, as the stored documents' links are. Image URLs are empty, as everywhere on
this server (docs/seed-spec-deviations.md, D5).
"""

from __future__ import annotations

from typing import Any

import msgspec

from discogs_service import documents


class Artist(msgspec.Struct):
    name: str
    anv: str = ""
    join: str = ""
    role: str = ""
    tracks: str = ""
    id: int = 0
    resource_url: str = ""


class Label(msgspec.Struct):
    name: str
    catno: str = ""
    entity_type: str = "1"
    entity_type_name: str = "Label"
    id: int = 0
    resource_url: str = ""


class Format(msgspec.Struct, omit_defaults=True):
    """In the order of the newest recording that has a ``text`` (go-discogs, 2022)."""

    name: str
    qty: str = "1"
    text: str = ""
    descriptions: list[str] = msgspec.field(default_factory=list)


class BasicInformation(msgspec.Struct):
    id: int
    title: str
    year: int = 0
    master_id: int = 0
    master_url: str | None = None
    resource_url: str = ""
    formats: list[Format] = msgspec.field(default_factory=list)
    labels: list[Label] = msgspec.field(default_factory=list)
    artists: list[Artist] = msgspec.field(default_factory=list)
    genres: list[str] = msgspec.field(default_factory=list)
    styles: list[str] = msgspec.field(default_factory=list)


_decoder = msgspec.json.Decoder(BasicInformation)
_encoder = msgspec.json.Encoder()
_MARK = documents.BASE_MARK.decode()

# The key order of each answer that shows it (2026 recordings): a collection item, a want.
COLLECTION_ORDER = (
    "id", "master_id", "master_url", "resource_url", "thumb", "cover_image", "title", "year",
    "formats", "labels", "artists", "genres", "styles",
)  # fmt: skip
WANT_ORDER = (
    "id", "master_id", "master_url", "resource_url", "title", "year", "formats", "artists",
    "labels", "thumb", "cover_image", "genres", "styles",
)  # fmt: skip


def of_document(template: bytes) -> BasicInformation:
    """The basic information of a stored release document (links as paths)."""
    basics = _decoder.decode(documents.to_json(template))
    basics.resource_url = _path(basics.resource_url)
    basics.master_url = _path(basics.master_url) if basics.master_url else None
    for artist in basics.artists:
        artist.resource_url = _path(artist.resource_url)
    for label in basics.labels:
        label.resource_url = _path(label.resource_url)
    return basics


def encode(basics: BasicInformation) -> bytes:
    """For keeping (``release_snapshots``)."""
    return _encoder.encode(basics)


def decode(stored: bytes) -> BasicInformation:
    return _decoder.decode(stored)


def render(basics: BasicInformation, base_url: str, order: tuple[str, ...]) -> dict[str, Any]:
    """The answer's ``basic_information``: links on ``base_url``, keys in ``order``."""
    values: dict[str, Any] = msgspec.to_builtins(basics)
    values["resource_url"] = _link(base_url, basics.resource_url)
    values["master_url"] = _link(base_url, basics.master_url) if basics.master_url else None
    for name in ("artists", "labels"):
        for credit in values[name]:
            credit["resource_url"] = _link(base_url, credit["resource_url"])
    values["thumb"] = values["cover_image"] = ""
    return {key: values[key] for key in order}


def _path(link: str) -> str:
    """A stored link without its base mark; text that is no link of ours stays as it is."""
    return link.removeprefix(_MARK)


def _link(base_url: str, path: str) -> str:
    return base_url + path if path.startswith("/") else path
