"""Stored JSON documents with holes for what is only known when a request is served.

A catalogue entity is rendered to its API JSON once, at import time. Two things cannot be
baked in: the server's public base URL (every ``resource_url`` starts with it, and by default
it is the address each request was sent to) and live values (community counts, marketplace
figures, a master's most recent release). The stored bytes are valid JSON with markers:

* a string that starts with U+0001 starts with the base URL: ``"\\u0001/releases/1"``;
* a member whose key is U+0002..U+001F is a *slot*: ``"\\u0003":0,`` is replaced by the
  members a filler supplies (or by nothing), trailing comma included.

Neither marker can come from catalogue text: XML 1.0 forbids those control characters, and an
escaped quote or backslash in the data can never produce ``"\\u00`` right after a string's
opening quote. Filling is a few ``bytes.replace`` calls, no JSON parsing on the hot path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

BASE = "\x01"
_BASE_MARK = b'"\\u0001'

_encoder = msgspec.json.Encoder()


class Slot:
    """Names a slot; use ``slot.key`` as a dict key (value 0) where the members belong."""

    __slots__ = ("code", "key", "mark")

    def __init__(self, code: int) -> None:
        if not 2 <= code <= 0x1F:
            raise ValueError("slot codes are control characters 0x02..0x1F")
        self.code = code
        self.key = chr(code)
        self.mark = b'"\\u%04x":0,' % code


COMMUNITY = Slot(0x02)  # release: have, want, rating
MARKET = Slot(0x03)  # release and master: num_for_sale, lowest_price
MOST_RECENT = Slot(0x04)  # master: most_recent_release
MOST_RECENT_URL = Slot(0x05)  # master: most_recent_release_url
TRACKLIST = Slot(0x06)  # master: the main release's tracklist
DATES = Slot(0x07)  # release: date_added, date_changed (filled when written)


def url(path: str) -> str:
    """A link on this server: base URL marker plus path."""
    return BASE + path


def encode(document: Mapping[str, Any]) -> bytes:
    """Encode a document built with :func:`url` strings and slot keys into template bytes."""
    return _encoder.encode(document)


def fill(template: bytes, base_url: bytes, slots: Mapping[Slot, bytes] | None = None) -> bytes:
    """Return the response bytes: slots replaced (members plus trailing comma, or b""),
    every link prefixed with ``base_url``."""
    body = template
    if slots:
        for slot, members in slots.items():
            body = body.replace(slot.mark, members)
    return body.replace(_BASE_MARK, b'"' + base_url)


def members(**values: Any) -> bytes:
    """Encode keyword members as the inside of a JSON object followed by a comma."""
    return _encoder.encode(values)[1:-1] + b","
