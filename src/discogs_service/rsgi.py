"""Entry point for granian's RSGI interface, which ``discogs-service serve`` uses:
``granian --interface rsgi --factory discogs_service.rsgi:create_from_env``.

The app is written for ASGI (Starlette). Here a request's facts are read straight from RSGI's
request object; the hot path - anonymous ``GET`` of a release, master, artist or label
(``api/hot_path.py``) - answers from them alone, and every other request goes through the
app's general path with a scope dict built in Python and ``receive`` as a plain coroutine.
Either way the answer is written with one ``response_bytes``, its headers as the app made
them. The general path alone serves no faster than granian's own ASGI interface (17,998
against 17,822 requests/s on a million releases); the hot path under RSGI serves 29,395, and
inside the ASGI app under granian's ASGI interface 23,825 (benchmarks/README.md). Answers do
not depend on the interface: the tests send the same requests through both and compare every
status, header and body.

What RSGI does not carry: the path as sent (``raw_path``; RSGI gives the decoded path, so it
is encoded again here, which differs only where a client encodes a character it need not,
or a reserved one such as ``%2F``) and websockets (the API has none).
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import quote

from starlette.types import Message, Scope

from discogs_service.app import DiscogsApp, create_app, settle_heap
from discogs_service.config import Settings
from discogs_service.request.facts import rsgi_address

_ASGI_VERSION = {"version": "3.0", "spec_version": "2.3"}
# What a path may hold unencoded (RFC 3986 pchar and "/"): all else is encoded again.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


class RsgiApp:
    """The app served through RSGI."""

    def __init__(self, app: DiscogsApp) -> None:
        self.app = app
        self.hot_path = app.hot_path
        self.requests = app.requests

    async def __rsgi__(self, scope: Any, protocol: Any) -> None:
        facts = self.requests.of_rsgi(scope)
        answer = await self.hot_path.answer(facts)
        if answer is None:
            # A body is read before the app runs, whether the app wants it or not: granian
            # closes the connection after an answer that left the request body unread.
            body = await protocol() if facts.has_body else b""
            receive = Received(protocol, body).receive
            answer = await self.app.general_answer(facts, asgi_scope(scope), receive)
        protocol.response_bytes(*answer)

    def __rsgi_init__(self, loop: asyncio.AbstractEventLoop) -> None:
        """Nothing to start: the app opens what it needs when it is built."""

    def __rsgi_del__(self, loop: asyncio.AbstractEventLoop) -> None:
        loop.run_until_complete(self.app.aclose())


def asgi_scope(scope: Any) -> Scope:
    """The ASGI scope of an RSGI request."""
    path = scope.path
    return {
        "type": "http",
        "asgi": _ASGI_VERSION,
        "http_version": scope.http_version,
        "method": scope.method,
        "scheme": scope.scheme,
        "path": path,
        "raw_path": path.encode("ascii") if path.isascii() else quote(path, _PATH_SAFE).encode(),
        "query_string": scope.query_string.encode("latin-1"),
        "root_path": "",
        "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in scope.headers.items()],
        "client": rsgi_address(scope.client),
        "server": rsgi_address(scope.server),
    }


class Received:
    """One request's ``receive``: the body, read in one piece, then the wait for the client
    to leave."""

    __slots__ = ("body", "protocol", "received")

    def __init__(self, protocol: Any, body: bytes) -> None:
        self.protocol = protocol
        self.body = body
        self.received = False

    async def receive(self) -> Message:
        if not self.received:
            self.received = True
            return {"type": "http.request", "body": self.body, "more_body": False}
        await self.protocol.client_disconnect()
        return {"type": "http.disconnect"}


def create_from_env() -> RsgiApp:
    app = RsgiApp(create_app(Settings.from_env()))
    settle_heap()
    return app
