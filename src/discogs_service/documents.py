"""Stored JSON documents with holes for what is only known later.

A catalogue entity is rendered to its API JSON once, at import time. Some things cannot be
baked in: the server's public base URL (every ``resource_url`` starts with it, and by default
it is the address each request was sent to), live values (community counts, marketplace
figures, a master's most recent release) and, for releases, the dates of the row the
document is written to. The stored bytes are the JSON with three single-byte markers:

* ``\\x01`` right after a string's opening quote: the base URL goes here
  (``"\\x01/releases/1"``);
* ``\\x02``: a *served slot*, filled when the document is served, in document order;
* ``\\x03``: a *written slot*, filled when the document is written to the database.

None of them can come from catalogue text: XML 1.0 forbids these control characters and the
JSON encoder escapes any control character inside a string, so a raw ``\\x01``..``\\x03``
byte is always ours. They are written with ``msgspec.Raw`` (no extra pass at import) and
filled with ``bytes.split``/``join`` and ``bytes.replace`` on single bytes, which search with
memchr: a few microseconds for a typical release, and no JSON parsing on the hot path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import msgspec

BASE_MARK = b"\x01"
SERVED_MARK = b"\x02"
WRITTEN_MARK = b"\x03"

# The live API writes times in Discogs' own zone, with its offset (-08:00 or -07:00).
_PACIFIC = ZoneInfo("America/Los_Angeles")

SERVED = msgspec.Raw(SERVED_MARK)  # a value filled when served
WRITTEN = msgspec.Raw(WRITTEN_MARK)  # a value filled when written

_encoder = msgspec.json.Encoder()


def link(path: str) -> msgspec.Raw:
    """A link on this server (``path`` is plain ASCII like ``/artists/1``)."""
    return msgspec.Raw(b'"\x01' + path.encode("ascii") + b'"')


def object_with_served_members(static: Mapping[str, Any]) -> msgspec.Raw:
    """An object whose first members are served (a slot filled with members plus a trailing
    comma), followed by ``static`` members known at import time."""
    return msgspec.Raw(b"{" + SERVED_MARK + _encoder.encode(static)[1:])


def encode(document: Mapping[str, Any]) -> bytes:
    return _encoder.encode(document)


def encode_value(value: Any) -> bytes:
    return _encoder.encode(value)


def members(**values: Any) -> bytes:
    """Keyword members as the inside of a JSON object followed by a comma (for an object
    with served members)."""
    return _encoder.encode(values)[1:-1] + b","


def with_slots_filled(template: bytes, mark: bytes, values: Sequence[bytes]) -> bytes:
    """Put ``values`` into the ``mark`` slots of ``template``, in document order."""
    # find() searches with memchr, and a memoryview slices without copying: one copy in all
    # (bytes.split on one byte walks the document byte by byte, about five times slower).
    view = memoryview(template)
    pieces: list[bytes | memoryview] = []
    start = 0
    for value in values:
        found = template.find(mark, start)
        if found < 0:
            raise ValueError(f"document has fewer slots than the {len(values)} values given")
        pieces += (view[start:found], value)
        start = found + 1
    if template.find(mark, start) >= 0:
        raise ValueError(f"document has more slots than the {len(values)} values given")
    pieces.append(view[start:])
    return b"".join(pieces)


def render(template: bytes, base_url: bytes, served: Sequence[bytes] = ()) -> bytes:
    """The answer: served slots filled in order, every link on ``base_url``."""
    body = with_slots_filled(template, SERVED_MARK, served) if served else template
    return body.replace(BASE_MARK, base_url)


# In to_json's output a link starts with an escaped \x01 right after its opening quote. Text
# that itself starts with \x01 is written the same way by the encoder, so it gets an escaped
# \x02 after it, which a link never has (its path follows).
_ESCAPED_BASE_MARK = b'"\\u0001'
_ESCAPED_TEXT = b'"\\u0001\\u0002'
_ESCAPED = re.compile(re.escape(_ESCAPED_BASE_MARK) + b"(" + re.escape(b"\\u0002") + b")?")


def to_json(template: bytes) -> bytes:
    """Valid JSON for a stored document, for the rare reader that must parse one: links keep
    an escaped marker (see :func:`from_json`), slots read as null."""
    body = template.replace(_ESCAPED_BASE_MARK, _ESCAPED_TEXT)
    body = body.replace(b"{" + SERVED_MARK, b"{").replace(b'"' + BASE_MARK, _ESCAPED_BASE_MARK)
    return body.replace(SERVED_MARK, b"null").replace(WRITTEN_MARK, b"null")


def from_json(fragment: bytes) -> bytes:
    """Back to the stored form, for a fragment cut out of :func:`to_json`'s output."""
    return _ESCAPED.sub(_unescape, fragment)


def _unescape(match: re.Match[bytes]) -> bytes:
    return _ESCAPED_BASE_MARK if match[1] else b'"' + BASE_MARK


def api_time(timestamp: int) -> str:
    """A moment as the live API writes it: ISO 8601 in US Pacific time, with its offset
    (``2026-08-23T10:02:27-07:00``; api-behaviour.md, "Dates")."""
    return datetime.fromtimestamp(timestamp, _PACIFIC).isoformat(timespec="seconds")
