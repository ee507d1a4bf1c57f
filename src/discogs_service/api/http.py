"""Writing answers the way api.discogs.com does: JSON bodies, its headers, conditional GETs
and gzip."""

from __future__ import annotations

import gzip
from hashlib import blake2b
from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response

from discogs_service.api.context import header

_encoder = msgspec.json.Encoder()
GZIP_MIN_BYTES = 860
GZIP_LEVEL = 5

# Headers the live API sends on its JSON answers (2026 recordings).
COMMON_HEADERS = {
    "x-discogs-media-type": "discogs.v2",
    "access-control-allow-origin": "*",
    "access-control-expose-headers": "Location",
    "x-content-type-options": "nosniff",
}
_JSON_HEADERS = [
    (b"content-type", b"application/json"),
    *((k.encode(), v.encode()) for k, v in COMMON_HEADERS.items()),
    (b"vary", b"Accept-Encoding"),
]


def json_answer(
    request: Request,
    body: bytes,
    *,
    etag: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
    cache_control: str = "public, must-revalidate",
) -> Response:
    """A JSON answer with validator and compression; 304 when the client's copy is current.
    ``cache_control`` of a GET: answers that differ by caller (an owner's view) are private."""
    raw = list(_JSON_HEADERS)
    if headers:
        raw += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    scope = request.scope
    if status == 200 and scope["method"] in ("GET", "HEAD"):
        etag = etag or _body_etag(body)
        raw.append((b"etag", etag.encode("latin-1")))
        raw.append((b"cache-control", cache_control.encode("latin-1")))
        if _matches(header(scope, b"if-none-match"), etag):
            return RawResponse(304, raw[1:], b"")
    if len(body) >= GZIP_MIN_BYTES and "gzip" in header(scope, b"accept-encoding"):
        body = gzip.compress(body, GZIP_LEVEL, mtime=0)
        raw.append((b"content-encoding", b"gzip"))
    return RawResponse(status, raw, body)


class RawResponse(Response):
    """A Starlette response built from pre-encoded headers: no per-request header parsing,
    which matters on the hot path (GET /releases/{id})."""

    def __init__(self, status: int, raw_headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.status_code = status
        self.body = body
        self.background = None
        self.raw_headers = [*raw_headers, (b"content-length", str(len(body)).encode())]


def json_object(request: Request, value: Any, **kwargs: Any) -> Response:
    return json_answer(request, _encoder.encode(value), **kwargs)


def encode(value: Any) -> bytes:
    return _encoder.encode(value)


def _body_etag(body: bytes) -> str:
    return f'W/"{blake2b(body, digest_size=10).hexdigest()}"'


def _matches(if_none_match: str, etag: str) -> bool:
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in if_none_match.split(","))
