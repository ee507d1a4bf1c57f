"""``<master>`` -> the ``GET /masters/{id}`` document (with slots) and its listing columns."""

from __future__ import annotations

from typing import Any

from discogs_service import documents
from discogs_service.importer.records.common import (
    Converted,
    credit_line,
    credits,
    images,
    parse_id,
    plain_name,
    reference_id,
    strings,
    videos,
    web_uri,
)
from discogs_service.search import facts as search_facts


def convert_master(element: Any) -> Converted:
    master_id = parse_id(element.get("id"), "master")
    f: dict[str, Any] = {
        "main_release": 0,
        "artists": [],
        "genres": [],
        "styles": [],
        "notes": "",
        "year": 0,
        "title": "",
        "data_quality": "",
        "videos": [],
        "images": [],
    }
    for child in element:
        tag = child.tag
        if tag in ("title", "notes", "data_quality"):
            f[tag] = child.text or ""
        elif tag in ("main_release", "year"):
            f[tag] = reference_id(child.text)
        elif tag == "artists":
            f["artists"] = credits(child)
        elif tag in ("genres", "styles"):
            f[tag] = strings(child)
        elif tag == "videos":
            f["videos"] = videos(child)
        elif tag == "images":
            f["images"] = images(child)
    document = _document(master_id, f)
    display = credit_line(f["artists"])
    return Converted(
        id=master_id,
        document=document,
        columns=(f["main_release"], f["title"], f["year"], display),
        search=search_facts.master_facts(document, display),
    )


def _document(master_id: int, f: dict[str, Any]) -> dict[str, Any]:
    """Key order of the API's master (discogs4s fixture of master 666). Served slots, in
    order: most_recent_release, most_recent_release_url, num_for_sale, lowest_price, and the
    tracklist (the main release's)."""
    main = f["main_release"]
    doc: dict[str, Any] = {
        "id": master_id,
        "main_release": main,
        "most_recent_release": documents.SERVED,
        "resource_url": documents.link(f"/masters/{master_id}"),
        "uri": web_uri(
            "master", master_id, plain_name(credit_line(f["artists"], use_anv=False)), f["title"]
        ),
        "versions_url": documents.link(f"/masters/{master_id}/versions"),
        "main_release_url": documents.link(f"/releases/{main}"),
        "most_recent_release_url": documents.SERVED,
        "num_for_sale": documents.SERVED,
        "lowest_price": documents.SERVED,
    }
    if f["images"]:
        doc["images"] = f["images"]
    doc["genres"] = f["genres"]
    doc["styles"] = f["styles"]
    doc["year"] = f["year"]
    doc["tracklist"] = documents.SERVED
    doc["artists"] = f["artists"]
    if f["notes"]:
        doc["notes"] = f["notes"]
    doc["title"] = f["title"]
    doc["data_quality"] = f["data_quality"]
    doc["videos"] = f["videos"]
    return doc
