"""Every failure becomes the API's JSON error body, in one place.

Bodies are written ``{"message": "..."}`` with a space after the colon: valid JSON for every
client, and the form two Node clients (disconnect, lionralfs/discogs-client) match with a
regular expression to show the message.
"""

from __future__ import annotations

import logging
import uuid

import msgspec
from starlette.exceptions import HTTPException

from discogs_service.api.answers import COMMON_HEADERS, Answer, plain_answer
from discogs_service.errors import (
    BadRequest,
    DiscogsError,
    Forbidden,
    InvalidParameter,
    NotFound,
    PayloadTooLarge,
    RequestRefused,
    Unauthorized,
    ValidationFailed,
)
from discogs_service.ratelimit import TooManyRequests
from discogs_service.request.facts import RequestFacts

log = logging.getLogger("discogs_service.api")

NOT_FOUND = "The requested resource was not found."
USER_AGENT_REQUIRED = (
    "A User-Agent header that identifies your application is required, "
    "for example MyDiscogsApp/1.0 +https://example.org."
)


def error_body(message: str) -> bytes:
    return b'{"message": ' + msgspec.json.encode(message) + b"}"


# An error is never kept by a cache: it may depend on the caller (a private list is "not
# found" to anyone but its owner) or on the moment (a release the next import brings), and
# a cache that stored one answer for everybody would hand the owner the stranger's 404.
ERROR_HEADERS = {**COMMON_HEADERS, "cache-control": "no-store"}


def error_answer(status: int, message: str, headers: dict[str, str] | None = None) -> Answer:
    return plain_answer(
        status, {**ERROR_HEADERS, **(headers or {})}, error_body(message), "application/json"
    )


# The status of each kind of domain error (a subclass takes its nearest ancestor's).
STATUSES: dict[type[DiscogsError], int] = {
    NotFound: 404,
    BadRequest: 400,
    InvalidParameter: 422,
    RequestRefused: 422,
    ValidationFailed: 422,
    Unauthorized: 401,
    Forbidden: 403,
    PayloadTooLarge: 413,
    TooManyRequests: 429,
}


def status_of(error: DiscogsError) -> int:
    for kind in type(error).__mro__:
        status = STATUSES.get(kind)
        if status is not None:
            return status
    return 500


def answer_for(exc: Exception, facts: RequestFacts) -> Answer:
    """The JSON answer for any exception a request raised: one mapping for the whole API."""
    if isinstance(exc, ValidationFailed):
        body = b'{"detail": ' + msgspec.json.encode(exc.detail) + b', "message": '
        body += msgspec.json.encode(exc.message) + b"}"
        return plain_answer(422, dict(ERROR_HEADERS), body, "application/json")
    if isinstance(exc, DiscogsError):
        return error_answer(status_of(exc), exc.message)
    if isinstance(exc, HTTPException):
        if exc.status_code == 404:
            return error_answer(404, NOT_FOUND)
        if exc.status_code == 405:
            return error_answer(
                405,
                f"Method {facts.method} is not allowed for this resource.",
                _ordered_allow(dict(exc.headers or {})),
            )
        return error_answer(exc.status_code, str(exc.detail))
    code = uuid.uuid4().hex
    log.error("unexpected error %s on %s %s", code, facts.method, facts.path, exc_info=exc)
    return error_answer(500, f"An internal server error occurred (code: {code}).")


METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _ordered_allow(headers: dict[str, str]) -> dict[str, str]:
    """Starlette lists a route's methods from a set, in an order that changes from one
    process to the next; the Allow header lists them in one order."""
    if "Allow" in headers:
        methods = [m.strip() for m in headers["Allow"].split(",")]
        known = [m for m in METHOD_ORDER if m in methods]
        headers["Allow"] = ", ".join(known + sorted(set(methods) - set(known)))
    return headers
