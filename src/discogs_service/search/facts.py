"""What the search index knows about an entity, and how it becomes index fields and a result.

The importer distils each record's document into ``SearchFacts``; storage turns facts into the
engine's index fields (``index_fields``) and the rendered result (``result_document``). A
master borrows labels, catalogue numbers, barcodes, country, formats and tracks from its main
release, as the API's master results do.
"""

from __future__ import annotations

import functools
from typing import Any

import msgspec

from discogs_service import documents
from discogs_service.search.text import field_text

RELEASE, MASTER, ARTIST, LABEL = range(4)
KIND_NAMES = ("release", "master", "artist", "label")
KIND_CODES = {name: code for code, name in enumerate(KIND_NAMES)}
# The same by the catalogue table each kind is stored in ("releases": RELEASE, ...).
KIND_OF_TABLE = {name + "s": code for name, code in KIND_CODES.items()}

# The index fields (the columns of the FTS5 table of migration 0002, Tantivy's fields now).
FIELDS = (
    "kind",
    "title",
    "artist",
    "anv",
    "credit",
    "label",
    "catno",
    "barcode",
    "track",
    "genre",
    "style",
    "country",
    "year",
    "format",
)
_WEB = "https://www.discogs.com"


class SearchFacts(msgspec.Struct, array_like=True, omit_defaults=True):
    kind: int
    id: int
    title: str
    uri: str  # relative, as in search results: "/release/1-The-Persuader-Stockholm"
    artist_line: str = ""  # "Mr. Barth* & The Persuader": results title "Artist - Title"
    artists: list[str] = []
    anvs: list[str] = []
    credits: list[str] = []
    labels: list[str] = []
    catnos: list[str] = []
    barcodes: list[str] = []
    tracks: list[str] = []
    genres: list[str] = []
    styles: list[str] = []
    country: str = ""
    year: int = 0
    formats: list[str] = []  # names and descriptions: the results' "format"
    format_objects: msgspec.Raw = msgspec.Raw(b"[]")  # the release's "formats"
    format_quantity: int = 0
    master_id: int = 0
    main_release: int = 0


facts_encoder = msgspec.json.Encoder()
facts_decoder = msgspec.json.Decoder(SearchFacts)


def key(kind: int, entity_id: int) -> int:
    """The search row of an entity: kinds share one index, ids do not collide."""
    return entity_id * 4 + kind


def entity(search_key: int) -> tuple[int, int]:
    """(kind, id) of the entity a search row is (``key`` undone)."""
    entity_id, kind = divmod(search_key, 4)
    return kind, entity_id


# -- facts from rendered documents (in the importer) ------------------------------------------


def release_facts(doc: dict[str, Any], artist_line: str) -> SearchFacts:
    tracks = _all_tracks(doc["tracklist"])
    credits = [a["name"] for a in doc.get("extraartists", ())]
    credits += [a["name"] for t in tracks for a in t.get("extraartists", ())]
    credits += [a["name"] for t in tracks for a in t.get("artists", ())]
    return SearchFacts(
        kind=RELEASE,
        **_credited_work(doc, artist_line),
        credits=list(dict.fromkeys(credits)),
        labels=list(dict.fromkeys(label["name"] for label in doc["labels"])),
        catnos=list(dict.fromkeys(label["catno"] for label in doc["labels"] if label["catno"])),
        barcodes=[i["value"] for i in doc["identifiers"] if i["value"]],
        tracks=[t["title"] for t in tracks if t["title"]],
        country=doc.get("country") or "",
        formats=list(
            dict.fromkeys(
                [f["name"] for f in doc["formats"]]
                + [d for f in doc["formats"] for d in f["descriptions"]]
            )
        ),
        format_objects=msgspec.Raw(facts_encoder.encode(doc["formats"])),
        format_quantity=doc["format_quantity"],
        master_id=doc.get("master_id", 0),
    )


def master_facts(doc: dict[str, Any], artist_line: str) -> SearchFacts:
    return SearchFacts(
        kind=MASTER,
        **_credited_work(doc, artist_line),
        master_id=doc["id"],
        main_release=doc["main_release"],
    )


def _credited_work(doc: dict[str, Any], artist_line: str) -> dict[str, Any]:
    """The facts a release and a master have alike: who made it, what it is called, its
    genres, styles and year."""
    return {
        "id": doc["id"],
        "title": doc["title"],
        "uri": doc["uri"].removeprefix(_WEB),
        "artist_line": artist_line,
        "artists": [a["name"] for a in doc["artists"]],
        "anvs": [a["anv"] for a in doc["artists"] if a["anv"]],
        "genres": doc["genres"],
        "styles": doc["styles"],
        "year": doc["year"],
    }


def artist_facts(doc: dict[str, Any]) -> SearchFacts:
    names = [doc["name"], doc.get("realname", ""), *doc.get("namevariations", ())]
    return SearchFacts(
        kind=ARTIST,
        id=doc["id"],
        title=doc["name"],
        uri=doc["uri"].removeprefix(_WEB),
        artists=[n for n in names if n],
    )


def label_facts(doc: dict[str, Any]) -> SearchFacts:
    return SearchFacts(
        kind=LABEL,
        id=doc["id"],
        title=doc["name"],
        uri=doc["uri"].removeprefix(_WEB),
        labels=[doc["name"]] if doc["name"] else [],
    )


def _all_tracks(tracklist: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tracks and their sub-tracks in document order. A list, not a generator a track: a
    release's facts 15.8-16.5 against 14.0-14.5 us (8,979 synthetic releases, the same
    facts)."""
    found: list[dict[str, Any]] = []
    for track in tracklist:
        found.append(track)
        if "sub_tracks" in track:
            found += _all_tracks(track["sub_tracks"])
    return found


# -- index fields and results (in storage) ----------------------------------------------------


def effective(facts: SearchFacts, main: SearchFacts | None) -> SearchFacts:
    """A master's facts completed with its main release's; other kinds unchanged."""
    if facts.kind != MASTER or main is None:
        return facts
    return msgspec.structs.replace(
        facts,
        anvs=facts.anvs or main.anvs,
        credits=main.credits,
        labels=main.labels,
        catnos=main.catnos,
        barcodes=main.barcodes,
        tracks=main.tracks,
        country=main.country,
        formats=main.formats,
    )


def index_fields(facts: SearchFacts) -> tuple[str, ...]:
    """The text of each index field, in ``FIELDS`` order (tokens, space-separated)."""
    # An artist's or label's name is in its artist or label field, not a title: so
    # release_title finds releases and masters only.
    titled = facts.kind in (RELEASE, MASTER)
    return (
        KIND_NAMES[facts.kind],
        field_text([facts.title]) if titled else "",
        field_text(facts.artists, compact=True),
        field_text(facts.anvs, compact=True),
        field_text(facts.credits),
        field_text(facts.labels, compact=True),
        field_text(facts.catnos, compact=True),
        field_text(facts.barcodes, compact=True),
        field_text(facts.tracks),
        _vocabulary_text(tuple(facts.genres)),
        _vocabulary_text(tuple(facts.styles)),
        _vocabulary_text((facts.country,)),
        str(facts.year) if facts.year else "",
        _vocabulary_text(tuple(facts.formats)),
    )


@functools.lru_cache(maxsize=8192)
def _vocabulary_text(values: tuple[str, ...]) -> str:
    """``field_text`` of a field whose values come from a small vocabulary: genres, styles,
    countries, format names and descriptions. In 1,000 releases of the August 2020 dump,
    1-17 % of the genre, style and format values were distinct (track titles 91 %), so most
    entries find their text already folded: a release's index fields 70.5-74.8 against
    62.6-65.9 us (8,979 synthetic releases, the same fields)."""
    return field_text(values)


def result_document(facts: SearchFacts) -> bytes:
    """The search result, key order of the API's (go-discogs search fixture, 2022). Served
    slots, in order: user_data, then community for releases and masters."""
    kind = KIND_NAMES[facts.kind]
    resource = documents.link(f"/{kind}s/{facts.id}")
    if facts.kind in (ARTIST, LABEL):
        return documents.encode(
            {
                "id": facts.id,
                "type": kind,
                "user_data": documents.SERVED,
                "master_id": None,
                "master_url": None,
                "uri": facts.uri,
                "title": facts.title,
                "thumb": "",
                "cover_image": "",
                "resource_url": resource,
            }
        )
    result: dict[str, Any] = {}
    if facts.country:
        result["country"] = facts.country
    if facts.year:
        result["year"] = str(facts.year)
    result["format"] = facts.formats
    result["label"] = facts.labels
    result["type"] = kind
    result["genre"] = facts.genres
    result["style"] = facts.styles
    result["id"] = facts.id
    if facts.barcodes:
        result["barcode"] = facts.barcodes
    result["user_data"] = documents.SERVED
    # A release without a master: master_id 0 and master_url null, as in the API's lists.
    result["master_id"] = facts.master_id
    result["master_url"] = (
        documents.link(f"/masters/{facts.master_id}") if facts.master_id else None
    )
    result["uri"] = facts.uri
    result["catno"] = facts.catnos[0] if facts.catnos else ""
    result["title"] = f"{facts.artist_line} - {facts.title}" if facts.artist_line else facts.title
    result["thumb"] = ""
    result["cover_image"] = ""
    result["resource_url"] = resource
    result["community"] = documents.SERVED
    if facts.kind == RELEASE:
        result["format_quantity"] = facts.format_quantity
        result["formats"] = facts.format_objects
    return documents.encode(result)
