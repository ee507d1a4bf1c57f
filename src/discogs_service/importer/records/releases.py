"""``<release>`` -> the ``GET /releases/{id}`` document, listing summary and index rows."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from discogs_service import documents, summaries
from discogs_service.importer.records import formats
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

_compiled_reader: Callable[[Any, dict[str, Any]], dict[str, Any] | None] | None
try:  # built by setup.py where a compiler was found; the same fields as read_fields
    from discogs_service.importer.records.native import read_release_fields as _compiled_reader
except ImportError:  # pragma: no cover - a build without a compiler
    _compiled_reader = None

_TRACKINFO_LIMIT = 25


def convert_release(element: Any) -> Converted:
    release_id = parse_id(element.get("id"), "release")
    fields = _fields(element)
    artists = fields["artists"]
    fmts = fields["formats"]
    released = fields["released"]
    year = formats.release_year(released or "")
    status = element.get("status") or "Accepted"
    document = _document(release_id, status, year, fields)
    display = credit_line(artists)
    summary = summaries.ReleaseSummary(
        title=fields["title"],
        artist=display,
        year=year,
        country=fields["country"] or "",
        status=status,
        format=formats.listing_format(fmts),
        descriptions=formats.version_format(fmts),
        major_formats=formats.major_formats(fmts),
        labels=[(label["name"], label["catno"]) for label in fields["labels"]],
        facet_formats=formats.facet_formats(fmts),
    )
    return Converted(
        id=release_id,
        document=document,
        search=search_facts.release_facts(document, display),
        columns=(
            fields["master_id"],
            fields["title"],
            year,
            released or "",
            summary.format,
            summaries.summary_encoder.encode(summary),
        ),
        credits=_discography_rows(fields),
        labels=[
            (entry["id"], position, entry["catno"])
            for position, entry in enumerate(fields["labels"] + fields["series"])
            if entry["id"]
        ],
    )


def _fields(element: Any) -> dict[str, Any]:
    if _compiled_reader is not None:
        fields = _compiled_reader(element, absent_fields())
        if fields is not None:
            return fields
    return read_fields(element)


def absent_fields() -> dict[str, Any]:
    """What a release without any of the children says: where both readers start."""
    return {
        "title": "",
        "artists": [],
        "extraartists": [],
        "labels": [],
        "series": [],
        "companies": [],
        "formats": [],
        "genres": [],
        "styles": [],
        "tracklist": [],
        "identifiers": [],
        "videos": [],
        "images": [],
        "country": None,
        "released": None,
        "notes": None,
        "data_quality": "",
        "master_id": 0,
        "is_main_release": False,
    }


def read_fields(element: Any) -> dict[str, Any]:
    """The release's children as the document's parts (the reference of ``native``)."""
    fields = absent_fields()
    for child in element:
        tag = child.tag
        if tag in _SIMPLE:
            fields[tag] = child.text or ""
        elif tag in _READERS:
            fields[tag] = _READERS[tag](child)
        elif tag == "master_id":
            fields["master_id"] = reference_id(child.text)
            fields["is_main_release"] = child.get("is_main_release") == "true"
    return fields


def _labels(parent: Any, entity_type: str, type_name: str) -> list[dict[str, Any]]:
    result = []
    for entry in parent:
        label_id = reference_id(entry.get("id"))
        result.append(
            {
                "name": entry.get("name") or "",
                "catno": entry.get("catno") or "",
                "entity_type": entity_type,
                "entity_type_name": type_name,
                "id": label_id,
                "resource_url": documents.link(f"/labels/{label_id}") if label_id else "",
            }
        )
    return result


def _companies(parent: Any) -> list[dict[str, Any]]:
    result = []
    for company in parent:
        values = {"id": "", "name": "", "catno": "", "entity_type": "", "entity_type_name": ""}
        for child in company:
            if child.tag in values:
                values[child.tag] = child.text or ""
        label_id = reference_id(values["id"])
        result.append(
            {
                "name": values["name"],
                "catno": values["catno"],
                "entity_type": values["entity_type"],
                "entity_type_name": values["entity_type_name"],
                "id": label_id,
                "resource_url": documents.link(f"/labels/{label_id}") if label_id else "",
            }
        )
    return result


def _formats(parent: Any) -> list[dict[str, Any]]:
    result = []
    for fmt in parent:
        descriptions: list[str] = []
        for child in fmt:
            if child.tag == "descriptions":
                descriptions = strings(child)
        entry: dict[str, Any] = {"name": fmt.get("name") or "", "qty": fmt.get("qty") or ""}
        if fmt.get("text"):
            entry["text"] = fmt.get("text")
        entry["descriptions"] = descriptions
        result.append(entry)
    return result


def _identifiers(parent: Any) -> list[dict[str, str]]:
    result = []
    for identifier in parent:
        entry = {"type": identifier.get("type") or "", "value": identifier.get("value") or ""}
        if identifier.get("description"):
            entry["description"] = identifier.get("description")
        result.append(entry)
    return result


def _tracklist(parent: Any) -> list[dict[str, Any]]:
    return [_track(child) for child in parent if child.tag == "track"]


def _track(element: Any) -> dict[str, Any]:
    position = title = duration = ""
    artists = extraartists = sub_tracks = None
    for child in element:
        tag = child.tag
        if tag == "position":
            position = child.text or ""
        elif tag == "title":
            title = child.text or ""
        elif tag == "duration":
            duration = child.text or ""
        elif tag == "artists":
            artists = credits(child)
        elif tag == "extraartists":
            extraartists = credits(child)
        elif tag == "sub_tracks":
            sub_tracks = _tracklist(child)
    if sub_tracks:
        kind = "index"
    elif not position and not duration:
        kind = "heading"
    else:
        kind = "track"
    track: dict[str, Any] = {"position": position, "type_": kind, "title": title}
    if artists:
        track["artists"] = artists
    if extraartists:
        track["extraartists"] = extraartists
    track["duration"] = duration
    if sub_tracks:
        track["sub_tracks"] = sub_tracks
    return track


_SIMPLE = frozenset({"title", "country", "released", "notes", "data_quality"})
_READERS = {
    "artists": credits,
    "extraartists": credits,
    "labels": lambda e: _labels(e, "1", "Label"),
    "series": lambda e: _labels(e, "2", "Series"),
    "companies": _companies,
    "formats": _formats,
    "genres": strings,
    "styles": strings,
    "tracklist": _tracklist,
    "identifiers": _identifiers,
    "videos": videos,
    "images": images,
}


def _document(release_id: int, status: str, year: int, f: dict[str, Any]) -> dict[str, Any]:
    """The release in the key order of the live API (2026 recording of release 5134861)."""
    artists = f["artists"]
    released = f["released"]
    doc: dict[str, Any] = {
        "id": release_id,
        "status": status,
        "year": year,
        "resource_url": documents.link(f"/releases/{release_id}"),
        "uri": web_uri(
            "release",
            release_id,
            plain_name(credit_line(artists, use_anv=False)),
            f["title"],
        ),
        "artists": artists,
        "artists_sort": credit_line(artists, use_anv=False),
        "labels": f["labels"],
        "series": f["series"],
        "companies": f["companies"],
        "formats": f["formats"],
        "data_quality": f["data_quality"],
        # Served slots: have/want/rating, num_for_sale, lowest_price; written slots: the
        # dates of the database row.
        "community": documents.object_with_served_members(
            {"data_quality": f["data_quality"], "status": status}
        ),
        "format_quantity": formats.format_quantity(f["formats"]),
        "date_added": documents.WRITTEN,
        "date_changed": documents.WRITTEN,
        "num_for_sale": documents.SERVED,
        "lowest_price": documents.SERVED,
    }
    if f["master_id"]:
        doc["master_id"] = f["master_id"]
        doc["master_url"] = documents.link(f"/masters/{f['master_id']}")
    doc["title"] = f["title"]
    if f["country"] is not None:
        doc["country"] = f["country"]
    if released is not None:
        doc["released"] = released
    if f["notes"]:
        doc["notes"] = f["notes"]
    if released:
        doc["released_formatted"] = formats.released_formatted(released)
    doc["identifiers"] = f["identifiers"]
    doc["videos"] = f["videos"]
    doc["genres"] = f["genres"]
    doc["styles"] = f["styles"]
    doc["tracklist"] = f["tracklist"]
    if f["extraartists"]:
        doc["extraartists"] = f["extraartists"]
    if f["images"]:
        doc["images"] = f["images"]
    doc["thumb"] = ""
    doc["blocked_from_sale"] = False
    doc["is_offensive"] = False
    return doc


def _discography_rows(f: dict[str, Any]) -> list[tuple[int, int, str]]:
    """The (artist, role, trackinfo) rows this release adds to artists' release lists.

    Main artists list it as Main (UnofficialRelease when a format says so); release credits
    as Remix, Producer or Appearance by their role text; track artists as TrackAppearance and
    track credits like release credits, with the track titles as ``trackinfo``.
    """
    unofficial = any("Unofficial Release" in fmt["descriptions"] for fmt in f["formats"])
    main_role = summaries.UNOFFICIAL if unofficial else summaries.MAIN
    rows: dict[tuple[int, int], list[str]] = {}
    main_ids = {a["id"] for a in f["artists"] if a["id"]}
    for artist_id in main_ids:
        rows[artist_id, main_role] = []
    for credit in f["extraartists"]:
        if credit["id"]:
            rows.setdefault((credit["id"], _credit_role(credit["role"])), [])
    for track in _credited_tracks(f["tracklist"], []):
        title = track["title"]
        for artist in track.get("artists", ()):
            if artist["id"] and artist["id"] not in main_ids:
                rows.setdefault((artist["id"], summaries.TRACK_APPEARANCE), []).append(title)
        for credit in track.get("extraartists", ()):
            if credit["id"]:
                rows.setdefault((credit["id"], _credit_role(credit["role"])), []).append(title)
    return [
        (artist, role, _trackinfo(titles) if titles else "")
        for (artist, role), titles in rows.items()
    ]


# Roles are a small vocabulary ("Producer", "Written-By", "Mixed By"): each is classified
# once. Together with the lists below, a release's rows took 11.6-12.3 against 13.8 us
# (synthetic releases: 11 rows, 5 release credits, 3.7 credited tracks each).
@functools.lru_cache(maxsize=4096)
def _credit_role(role_text: str) -> int:
    lowered = role_text.lower()
    if "remix" in lowered:
        return summaries.REMIX
    if "producer" in lowered:
        return summaries.PRODUCER
    return summaries.APPEARANCE


def _credited_tracks(
    tracklist: list[dict[str, Any]], found: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Tracks and sub-tracks that credit anyone (most tracks credit no one), added to
    ``found``."""
    for track in tracklist:
        if "artists" in track or "extraartists" in track:
            found.append(track)
        if "sub_tracks" in track:
            _credited_tracks(track["sub_tracks"], found)
    return found


def _trackinfo(titles: list[str]) -> str:
    """Track titles as the API abbreviates them: 22 characters and "..." beyond 25."""
    text = ", ".join(dict.fromkeys(titles))
    return text if len(text) <= _TRACKINFO_LIMIT else text[:22] + "..."
