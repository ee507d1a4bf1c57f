"""Answers as the API writes them: JSON bodies, its headers, conditional GETs and gzip.

Every request is answered with one :class:`Answer` - the hot path (``api.hot_path``), the
handlers behind the router, the error mapping (``api.errors``) - and each entry point writes
it the way its server takes it: text headers straight to RSGI, encoded once for ASGI
(:func:`send_asgi`).
"""

from __future__ import annotations

import gzip
from hashlib import blake2b
from typing import Any, NamedTuple

import msgspec
from starlette.requests import Request
from starlette.types import Send

from discogs_service.request.facts import facts_of

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

Headers = list[tuple[str, str]]

# The scope key where an endpoint behind the router leaves its answer for the app to write:
# the router calls endpoints as ASGI apps, which return nothing.
ANSWER = "discogs.answer"


class Answer(NamedTuple):
    """One request's answer: status, headers as text (Content-Length included), body."""

    status: int
    headers: Headers
    body: bytes

    def with_headers(self, extra: Headers) -> Answer:
        return Answer(self.status, self.headers + extra, self.body)


def json_answer(
    request: Request,
    body: bytes,
    *,
    etag: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
    cache_control: str = PUBLIC_CACHE,
) -> Answer:
    """A JSON answer with validator and compression; 304 when the client's copy is current.
    ``cache_control`` of a GET: answers that differ by caller (an owner's view) are private."""
    facts = facts_of(request.scope)
    extra = list(headers.items()) if headers else []
    if status == 200 and facts.method in ("GET", "HEAD"):
        return conditional_get(
            body,
            etag or _body_etag(body),
            facts.if_none_match,
            facts.accept_encoding,
            cache_control=cache_control,
            extra=extra,
        )
    return _compressed(status, [*_JSON_HEADERS, *extra], body, facts.accept_encoding)


def json_object(request: Request, value: Any, **kwargs: Any) -> Answer:
    return json_answer(request, _encoder.encode(value), **kwargs)


def encode(value: Any) -> bytes:
    return _encoder.encode(value)


def conditional_get(
    body: bytes,
    etag: str,
    if_none_match: str,
    accept_encoding: str,
    *,
    cache_control: str = PUBLIC_CACHE,
    extra: Headers | None = None,
) -> Answer:
    """The answer to a GET of a JSON body: its validator, 304 when the client's copy is
    current, compressed when the client accepts it; Content-Length last."""
    headers = [*_JSON_HEADERS, *(extra or ()), ("etag", etag), ("cache-control", cache_control)]
    if _matches(if_none_match, etag):
        # RFC 9110 8.6: a 304's Content-Length, if any, must be that of the 200 it stands
        # for, so it has none (nor a type: there is no body).
        return Answer(304, headers[1:], b"")
    return _compressed(200, headers, body, accept_encoding)


def plain_answer(status: int, headers: dict[str, str], body: bytes, content_type: str) -> Answer:
    """A body of another type than JSON, headers in the order the API's other answers use:
    the given ones (names in lower case), then Content-Length (none for 204 and 304, which
    have no body), then Content-Type."""
    pairs = [(name.lower(), value) for name, value in headers.items()]
    if status not in (204, 304):
        pairs.append(("content-length", str(len(body))))
    if content_type:
        pairs.append(("content-type", content_type))
    return Answer(status, pairs, body)


def _compressed(status: int, headers: Headers, body: bytes, accept_encoding: str) -> Answer:
    if len(body) >= GZIP_MIN_BYTES and "gzip" in accept_encoding:
        body = gzip.compress(body, GZIP_LEVEL, mtime=0)
        headers.append(("content-encoding", "gzip"))
    headers.append(("content-length", str(len(body))))
    return Answer(status, headers, body)


def _body_etag(body: bytes) -> str:
    return f'W/"{blake2b(body, digest_size=10).hexdigest()}"'


def _matches(if_none_match: str, etag: str) -> bool:
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in if_none_match.split(","))


async def send_asgi(send: Send, answer: Answer) -> None:
    """Write an answer to an ASGI server: its headers encoded, once."""
    headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in answer.headers]
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})
