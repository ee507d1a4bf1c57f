"""``<label>`` -> the ``GET /labels/{id}`` document."""

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


def convert_label(element: Any) -> Converted:
    f: dict[str, Any] = {
        "id": None,
        "name": "",  # label 212 has had no <name> since 2024-12
        "contactinfo": "",
        "profile": "",
        "data_quality": "",
        "parent": None,
        "urls": [],
        "sublabels": [],
        "images": [],
    }
    for child in element:
        tag = child.tag
        if tag in ("name", "contactinfo", "profile", "data_quality"):
            f[tag] = child.text or ""
        elif tag == "id":
            f["id"] = child.text
        elif tag == "parentLabel":
            f["parent"] = _reference(child)
        elif tag == "urls":
            f["urls"] = [s for s in strings(child) if s]
        elif tag == "sublabels":
            # Some dumps write empty ``<label/>`` entries: no id, no name, nothing to list.
            f["sublabels"] = [
                _reference(sub)
                for sub in child
                if sub.tag == "label" and (sub.get("id") or (sub.text or "").strip())
            ]
        elif tag == "images":
            f["images"] = images(child)
    label_id = parse_id(f["id"], "label")
    document = _document(label_id, f)
    return Converted(
        id=label_id,
        document=document,
        columns=(f["name"],),
        search=search_facts.label_facts(document),
    )


def _reference(element: Any) -> dict[str, Any]:
    # Before 2019 parent and sub-labels were names without ids.
    ref_id = reference_id(element.get("id"))
    return {
        "id": ref_id,
        "name": element.text or "",
        "resource_url": documents.link(f"/labels/{ref_id}") if ref_id else "",
    }


def _document(label_id: int, f: dict[str, Any]) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": label_id,
        "name": f["name"],
        "resource_url": documents.link(f"/labels/{label_id}"),
        "uri": web_uri("label", label_id, f["name"]),
        "releases_url": documents.link(f"/labels/{label_id}/releases"),
    }
    if f["images"]:
        doc["images"] = f["images"]
    if f["contactinfo"]:
        doc["contact_info"] = f["contactinfo"]
    if f["profile"]:  # absent when empty (go-discogs Test_GetLabel.json has none)
        doc["profile"] = f["profile"]
    if f["parent"] is not None:
        doc["parent_label"] = f["parent"]
    if f["sublabels"]:
        doc["sublabels"] = f["sublabels"]
    if f["urls"]:
        doc["urls"] = f["urls"]
    # Last, as in the API (go-discogs Test_GetLabel.json: ..., parent_label, data_quality).
    doc["data_quality"] = f["data_quality"]
    return doc
