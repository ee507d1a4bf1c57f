"""``<artist>`` -> the ``GET /artists/{id}`` document."""

from __future__ import annotations

from typing import Any

from discogs_service import documents
from discogs_service.importer.records.common import (
    Converted,
    images,
    parse_id,
    reference_id,
    strings,
    web_uri,
)
from discogs_service.search import facts as search_facts


def convert_artist(element: Any) -> Converted:
    f: dict[str, Any] = {
        "id": None,
        "name": "",
        "realname": "",
        "profile": "",
        "data_quality": "",
        "urls": [],
        "namevariations": [],
        "aliases": [],
        "members": [],
        "groups": [],
        "images": [],
    }
    for child in element:
        tag = child.tag
        if tag in ("name", "realname", "profile", "data_quality"):
            f[tag] = child.text or ""
        elif tag == "id":
            f["id"] = child.text
        elif tag in ("urls", "namevariations"):
            f[tag] = [s for s in strings(child) if s]
        elif tag in ("aliases", "members", "groups"):
            f[tag] = _references(child)
        elif tag == "images":
            f["images"] = images(child)
    artist_id = parse_id(f["id"], "artist")
    document = _document(artist_id, f)
    return Converted(
        id=artist_id,
        document=document,
        columns=(f["name"],),
        search=search_facts.artist_facts(document),
    )


def _references(parent: Any) -> list[dict[str, Any]]:
    """``<name id="26">Alexi Delano</name>`` entries. Until 2015 members had no ids; 2017-2020
    dumps put the id in a preceding ``<id>`` sibling too, so that is used when the attribute
    is missing."""
    result = []
    pending_id = 0
    for child in parent:
        if child.tag == "id":
            pending_id = reference_id(child.text)
        elif child.tag == "name":
            ref_id = reference_id(child.get("id")) or pending_id
            pending_id = 0
            result.append(
                {
                    "id": ref_id,
                    "name": child.text or "",
                    "resource_url": documents.link(f"/artists/{ref_id}") if ref_id else "",
                }
            )
    return result


def _document(artist_id: int, f: dict[str, Any]) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "name": f["name"],
        "id": artist_id,
        "resource_url": documents.link(f"/artists/{artist_id}"),
        "uri": web_uri("artist", artist_id, f["name"]),
        "releases_url": documents.link(f"/artists/{artist_id}/releases"),
    }
    if f["images"]:
        doc["images"] = f["images"]
    if f["realname"]:
        doc["realname"] = f["realname"]
    doc["profile"] = f["profile"]
    for key in ("urls", "namevariations", "aliases", "members", "groups"):
        if f[key]:
            doc[key] = f[key]
    doc["data_quality"] = f["data_quality"]
    return doc
