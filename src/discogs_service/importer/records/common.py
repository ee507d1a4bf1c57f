"""Pieces every converter shares: the output record, ids, credits, images, videos, slugs.

Elements arrive from ``xmlstream`` in any dump era: empty children may be written
(``<anv/>``) or omitted, ids may be missing (unlinked credits since 2024-12, references in
2017-era dumps), order may vary. Converters read children in one pass and never rely on order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from discogs_service import documents
from discogs_service.limits import MAX_BIGINT
from discogs_service.search.facts import SearchFacts


class RecordError(ValueError):
    """A record that cannot be read; the message names what is wrong with it."""


@dataclass(slots=True)
class Converted:
    id: int
    document: dict[str, Any]
    # Table columns beyond id/digest/dates, in the order storage.dumps expects for the kind.
    columns: tuple[Any, ...]
    credits: list[tuple[int, int, str]] = field(default_factory=list)  # artist, role, trackinfo
    labels: list[tuple[int, int, str]] = field(default_factory=list)  # label, position, catno
    search: SearchFacts | None = None


def parse_id(value: str | None, what: str) -> int:
    """A positive entity id; RecordError for anything else."""
    if value is None:
        raise RecordError(f"{what} has no id")
    value = value.strip()
    if not value.isdigit() or not value.isascii():
        raise RecordError(f"{what} id {value!r} is not a number")
    number = int(value)
    if not 0 < number <= MAX_BIGINT:
        raise RecordError(f"{what} id {value!r} is out of range")
    return number


def reference_id(value: str | None) -> int:
    """An optional id of a referenced entity: 0 when absent, empty or unusable."""
    if not value:
        return 0
    value = value.strip()
    if value.isdigit() and value.isascii() and len(value) < 19:
        return int(value)
    return 0


def text(element: Any) -> str:
    return element.text or ""


def strings(parent: Any) -> list[str]:
    return [child.text or "" for child in parent]


def credit(element: Any) -> dict[str, Any]:
    """An artist credit (``<artist>`` in artists/extraartists) in API form."""
    artist_id = 0
    name = anv = join = role = tracks = ""
    for child in element:
        tag = child.tag
        if tag == "name":
            name = child.text or ""
        elif tag == "id":
            artist_id = reference_id(child.text)
        elif tag == "anv":
            anv = child.text or ""
        elif tag == "join":
            join = child.text or ""
        elif tag == "role":
            role = child.text or ""
        elif tag == "tracks":
            tracks = child.text or ""
    return {
        "name": name,
        "anv": anv,
        "join": join,
        "role": role,
        "tracks": tracks,
        "id": artist_id,
        "resource_url": documents.link(f"/artists/{artist_id}") if artist_id else "",
    }


def credits(parent: Any) -> list[dict[str, Any]]:
    return [credit(child) for child in parent if child.tag == "artist"]


def credit_line(artists: list[dict[str, Any]], *, use_anv: bool = True) -> str:
    """How Discogs prints a credit list: ANVs starred, joins spaced ("A* & B", "A, B")."""
    parts: list[str] = []
    last = len(artists) - 1
    for index, artist in enumerate(artists):
        anv = artist["anv"]
        parts.append(anv + "*" if use_anv and anv else artist["name"])
        if index < last:
            join = artist["join"].strip()
            if not join or join == ",":
                parts.append(", ")
            else:
                parts.append(f" {join} ")
    return "".join(parts)


def images(parent: Any) -> list[dict[str, Any]]:
    """Image entries as the API gave them without image credentials: sizes, no URLs."""
    result = []
    for image in parent:
        if image.tag != "image":
            continue
        uri = image.get("uri") or ""
        result.append(
            {
                "type": image.get("type") or "secondary",
                "uri": uri,
                "resource_url": uri,
                "uri150": image.get("uri150") or "",
                "width": small_int(image.get("width")),
                "height": small_int(image.get("height")),
            }
        )
    return result


def videos(parent: Any) -> list[dict[str, Any]]:
    result = []
    for video in parent:
        if video.tag != "video":
            continue
        title = description = ""
        for child in video:
            if child.tag == "title":
                title = child.text or ""
            elif child.tag == "description":
                description = child.text or ""
        result.append(
            {
                "uri": video.get("src") or "",
                "title": title,
                "description": description,
                "duration": small_int(video.get("duration")),
                "embed": (video.get("embed") or "true").strip().lower() == "true",
            }
        )
    return result


_PUNCTUATION = re.compile(r"[^\w\s-]+")
_SEPARATORS = re.compile(r"[\s_-]+")
_NUMBER_SUFFIX = re.compile(r"\s\(\d+\)$")


def slug(*words: str) -> str:
    """The readable part of a www.discogs.com URL: punctuation dropped, words joined by
    hyphens. API JSON has "AC/DC" -> "ACDC", "L.T.D." -> "LTD", "Don't" -> "Dont"."""
    return _SEPARATORS.sub("-", _PUNCTUATION.sub("", " ".join(words))).strip("-")


def plain_name(name: str) -> str:
    """An artist or label name without its disambiguation number: "Ricky (6)" -> "Ricky"."""
    return _NUMBER_SUFFIX.sub("", name)


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def web_uri(kind: str, entity_id: int, *words: str) -> str:
    """The entity's page on www.discogs.com. Letters outside ASCII are percent-encoded as
    UTF-8, as in the API's own uris (discogs4s rodneyfool-submissions.json: "%D0%90...")."""
    readable = _readable_slug(" ".join(words))
    return f"https://www.discogs.com/{kind}/{entity_id}" + (f"-{readable}" if readable else "")


def python_readable_slug(text: str) -> str:
    """The slug of ``text`` with its letters outside ASCII percent-encoded: the reference of
    the compiled ``slugs.readable_slug``, and what runs without it. A slug's ASCII
    characters are letters, digits and hyphens, which stay as they are, so only the runs of
    other letters go through ``quote``: 4.2-4.3 against 4.9 us a release for quoting the
    whole slug (half of the synthetic releases' slugs are not ASCII)."""
    return _NOT_ASCII.sub(_percent_encoded, slug(text))


def _percent_encoded(letters: re.Match[str]) -> str:
    return quote(letters[0])


_readable_slug: Callable[[str], str]
try:  # built by setup.py where a compiler was found; the same slugs as python_readable_slug
    from discogs_service.importer.records.slugs import readable_slug as _readable_slug
except ImportError:  # pragma: no cover - a build without a compiler
    _readable_slug = python_readable_slug


def small_int(value: str | None) -> int:
    """An image's size or a video's duration: 0 when absent or not a plain number. ASCII
    digits only: "²" is a digit to ``str.isdigit`` but not to ``int``."""
    if not value:
        return 0
    value = value.strip()
    if value.isascii() and value.isdigit() and len(value) < 10:
        return int(value)
    return 0
