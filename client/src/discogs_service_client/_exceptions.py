"""What can go wrong, as one tree of exceptions:

    DiscogsError                  everything the client raises (besides ValueError/TypeError for
    │                             arguments that could never be sent)
    ├── TransportError            no answer: connection refused, timeout, broken connection
    ├── DecodingError             an answer whose body is not the shape the endpoint promises
    └── HTTPStatusError           the API answered with an error status; .status, .message
        ├── ClientError           4xx
        │   ├── BadRequest        400 (OAuth: bad or expired token or verifier)
        │   ├── Unauthorized      401 (no credentials, or credentials the API refuses)
        │   ├── Forbidden         403 (not the owner; no User-Agent)
        │   ├── NotFound          404 (unknown entity or page)
        │   ├── MethodNotAllowed  405
        │   ├── Conflict          409 (an inventory export or upload already running)
        │   ├── UnprocessableEntity  422 (.detail holds the API's list of problems, if any)
        │   └── RateLimited       429 (after the retries allowed were spent)
        └── ServerError           5xx (after the retries allowed were spent)

``message`` is the API's own text (``{"message": "..."}``), or the body's start when the body
is not JSON (the OAuth endpoints answer errors in plain text).
"""

from __future__ import annotations

from typing import Any

import httpx
import msgspec

__all__ = [
    "BadRequest",
    "ClientError",
    "Conflict",
    "DecodingError",
    "DiscogsError",
    "Forbidden",
    "HTTPStatusError",
    "MethodNotAllowed",
    "NotFound",
    "RateLimited",
    "ServerError",
    "TransportError",
    "Unauthorized",
    "UnprocessableEntity",
]


class DiscogsError(Exception):
    """The base of every error the client raises."""


class TransportError(DiscogsError):
    """The request got no answer (connect, read or write failed, or timed out)."""


class DecodingError(DiscogsError):
    """An answer arrived but its body does not decode into the expected model."""


class HTTPStatusError(DiscogsError):
    """The API answered with an error status."""

    def __init__(self, status: int, message: str, response: httpx.Response) -> None:
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message
        self.response = response


class ClientError(HTTPStatusError):
    """A 4xx answer: the request must change before it can succeed."""


class BadRequest(ClientError):
    """400."""


class Unauthorized(ClientError):
    """401."""


class Forbidden(ClientError):
    """403."""


class NotFound(ClientError):
    """404."""


class MethodNotAllowed(ClientError):
    """405."""


class Conflict(ClientError):
    """409."""


class UnprocessableEntity(ClientError):
    """422. ``detail`` is the API's list of validation problems, empty when it sent none."""

    @property
    def detail(self) -> list[Any]:
        body = _json_or_none(self.response.content)
        detail = body.get("detail") if isinstance(body, dict) else None
        return detail if isinstance(detail, list) else []


class RateLimited(ClientError):
    """429: too many requests in the API's moving window."""


class ServerError(HTTPStatusError):
    """5xx."""


_BY_STATUS: dict[int, type[HTTPStatusError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    405: MethodNotAllowed,
    409: Conflict,
    422: UnprocessableEntity,
    429: RateLimited,
}


def error_for(response: httpx.Response) -> HTTPStatusError:
    """The exception for an error answer (status >= 400)."""
    status = response.status_code
    kind = _BY_STATUS.get(status) or (ServerError if status >= 500 else ClientError)
    return kind(status, message_of(response.content), response)


def message_of(body: bytes) -> str:
    """The API's ``message``; else the start of the body as text (plain-text OAuth errors,
    an HTML page from a proxy, or the empty 429 the live API sometimes sends)."""
    decoded = _json_or_none(body)
    if isinstance(decoded, dict) and isinstance(decoded.get("message"), str):
        return str(decoded["message"])
    return body[:200].decode("utf-8", "replace").strip()


def _json_or_none(body: bytes) -> Any:
    try:
        return msgspec.json.decode(body)
    except msgspec.DecodeError:
        return None
