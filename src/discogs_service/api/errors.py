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
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from discogs_service.api.http import COMMON_HEADERS
from discogs_service.errors import DiscogsError

log = logging.getLogger("discogs_service.api")

NOT_FOUND = "The requested resource was not found."
USER_AGENT_REQUIRED = (
    "A User-Agent header that identifies your application is required, "
    "for example MyDiscogsApp/1.0 +https://example.org."
)


def error_body(message: str) -> bytes:
    return b'{"message": ' + msgspec.json.encode(message) + b"}"


def error_answer(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return Response(
        error_body(message),
        status,
        {**COMMON_HEADERS, **(headers or {})},
        media_type="application/json",
    )


async def on_discogs_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DiscogsError)
    return error_answer(exc.status, exc.message)


async def on_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return error_answer(404, NOT_FOUND)
    if exc.status_code == 405:
        return error_answer(
            405,
            f"Method {request.method} is not allowed for this resource.",
            dict(exc.headers or {}),
        )
    return error_answer(exc.status_code, str(exc.detail))


async def on_unexpected(request: Request, exc: Exception) -> Response:
    code = uuid.uuid4().hex
    log.error("unexpected error %s on %s %s", code, request.method, request.url.path, exc_info=exc)
    return error_answer(500, f"An internal server error occurred (code: {code}).")


class RequireUserAgent:
    """The live API refuses requests without a User-Agent (403); so does this server, with a
    JSON body that says why instead of a CDN's HTML page."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not _has_user_agent(scope):
            await error_answer(403, USER_AGENT_REQUIRED)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _has_user_agent(scope: Scope) -> bool:
    return any(name == b"user-agent" and value.strip() for name, value in scope["headers"])
