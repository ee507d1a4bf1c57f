"""What a list item shows of a catalogue entity: its display title and www.discogs.com uri,
as Discogs writes them. The API's list reads show them from the stored document, and the
importer keeps them on the item's row when it removes the entity, so the item goes on
answering with what was last known of it (docs/user-data.md, Lists)."""

from __future__ import annotations

from typing import Any

import msgspec

from discogs_service import documents
from discogs_service.importer.records.common import credit_line


class _Shown(msgspec.Struct):
    """What an item shows of a stored document."""

    uri: str = ""
    title: str = ""
    name: str = ""
    artists: list[dict[str, Any]] = msgspec.field(default_factory=list)


_shown_decoder = msgspec.json.Decoder(_Shown)


def display_of(kind: str, doc: bytes) -> tuple[str, str]:
    """(display title, www uri) of a stored document of a list item's ``kind`` (release,
    master, artist, label): "Artist - Title" for releases and masters (ANVs starred, as
    search results), the name for artists and labels."""
    shown = _shown_decoder.decode(documents.to_json(doc))
    if kind in ("artist", "label"):
        return shown.name, shown.uri
    artists = credit_line(shown.artists) if shown.artists else ""
    return (f"{artists} - {shown.title}" if artists else shown.title), shown.uri
