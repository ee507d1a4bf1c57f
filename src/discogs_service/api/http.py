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
    "access-control-allow-headers": (
        "Content-Type, authorization, User-Agent, Private-Auth-Secret, Discogs-UID"
    ),
    "x-content-type-options": "nosniff",
}
_JSON_HEADERS = [
    ("content-type", "application/json"),
    *COMMON_HEADERS.items(),
    ("vary", "Accept-Encoding"),
]
PUBLIC_CACHE = "public, must-revalidate"

# An answer as the hot path hands it to the server: status, headers as text, body.
Answer = tuple[int, list[tuple[str, str]], bytes]


def json_answer(
    request: Request,
    body: bytes,
    *,
    etag: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
    cache_control: str = PUBLIC_CACHE,
) -> Response:
    """A JSON answer with validator and compression; 304 when the client's copy is current.
    ``cache_control`` of a GET: answers that differ by caller (an owner's view) are private."""
    scope = request.scope
    extra = list(headers.items()) if headers else []
    if status == 200 and scope["method"] in ("GET", "HEAD"):
        answer = get_answer(
            body,
            etag or _body_etag(body),
            header(scope, b"if-none-match"),
            header(scope, b"accept-encoding"),
            cache_control=cache_control,
            extra=extra,
        )
    else:
        answer = _compressed(
            status, [*_JSON_HEADERS, *extra], body, header(scope, b"accept-encoding")
        )
    status, headers_of_answer, body = answer
    return RawResponse(status, encoded_headers(headers_of_answer), body)


def text_headers(raw: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    """ASGI's encoded headers as the text pairs RSGI takes."""
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in raw]


def encoded_headers(text: list[tuple[str, str]]) -> list[tuple[bytes, bytes]]:
    """Text header pairs encoded for ASGI."""
    return [(name.encode("latin-1"), value.encode("latin-1")) for name, value in text]


def get_answer(
    body: bytes,
    etag: str,
    if_none_match: str,
    accept_encoding: str,
    *,
    cache_control: str = PUBLIC_CACHE,
    extra: list[tuple[str, str]] | None = None,
) -> Answer:
    """The answer to a GET of a JSON body: its validator, 304 when the client's copy is
    current, compressed when the client accepts it; Content-Length last."""
    headers = [*_JSON_HEADERS, *(extra or ()), ("etag", etag), ("cache-control", cache_control)]
    if _matches(if_none_match, etag):
        # RFC 9110 8.6: a 304's Content-Length, if any, must be that of the 200 it stands
        # for, so it has none (nor a type: there is no body).
        return 304, headers[1:], b""
    return _compressed(200, headers, body, accept_encoding)


def _compressed(
    status: int, headers: list[tuple[str, str]], body: bytes, accept_encoding: str
) -> Answer:
    if len(body) >= GZIP_MIN_BYTES and "gzip" in accept_encoding:
        body = gzip.compress(body, GZIP_LEVEL, mtime=0)
        headers.append(("content-encoding", "gzip"))
    headers.append(("content-length", str(len(body))))
    return status, headers, body


class RawResponse(Response):
    """A Starlette response of headers already encoded, Content-Length included: no
    per-request header parsing."""

    def __init__(self, status: int, raw_headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.status_code = status
        self.body = body
        self.background = None
        self.raw_headers = raw_headers


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
