"""Entry point for granian's RSGI interface, which ``discogs-service serve`` uses:
``granian --interface rsgi --factory discogs_service.rsgi:create_from_env``.

The app is written for ASGI (Starlette). Here the hot path - anonymous ``GET`` of a
release, master, artist or label (``api/direct.py``) - is answered straight from RSGI's
request object with one ``response_bytes``; every other request goes to the ASGI app through a small
bridge (a scope dict built in Python, ``receive`` and ``send`` as plain coroutines). The
bridge alone serves no faster than granian's own ASGI interface (17,998 against 17,822
requests/s on a million releases); the direct path under RSGI serves 29,395, and inside the
ASGI app under granian's ASGI interface 23,825 (benchmarks/README.md). Answers do not
depend on the interface: the tests send the same requests through both and compare every
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

from discogs_service.api.direct import Lookup, direct_target
from discogs_service.api.http import text_headers
from discogs_service.app import DiscogsApp, create_app
from discogs_service.config import Settings

_ASGI_VERSION = {"version": "3.0", "spec_version": "2.3"}
# What a path may hold unencoded (RFC 3986 pchar and "/"): all else is encoded again.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


class RsgiApp:
    """The app served through RSGI: the hot path directly, the rest through its ASGI side."""

    def __init__(self, app: DiscogsApp) -> None:
        self.app = app
        self.direct = app.direct
        self.context = app.context
        self.public_url = app.settings.public_url
        self.client_address = app.throttle.client_address

    async def __rsgi__(self, scope: Any, protocol: Any) -> None:
        if scope.method == "GET" and not scope.query_string:
            target = direct_target(scope.path)
            if target is not None and await self._answer_directly(scope, target, protocol):
                return
        # A body is read before the app runs, whether the app wants it or not: granian
        # closes the connection after an answer that left the request body unread.
        headers = scope.headers
        body = await protocol() if _has_body(headers) else b""
        exchange = Exchange(protocol, body)
        await self.app(asgi_scope(scope), exchange.receive, exchange.send)
        exchange.finish()

    async def _answer_directly(self, scope: Any, target: tuple[Lookup, int], protocol: Any) -> bool:
        """As ``DiscogsApp._answer_directly``, from RSGI's request."""
        headers = scope.headers
        if not headers.get("user-agent", "").strip() or "authorization" in headers:
            return False
        if _has_body(headers):  # read by the general path: see __rsgi__
            return False
        peer = scope.client.rpartition(":")[0].strip("[]")
        status, answer_headers, body = await self.direct.answer(
            target,
            path=scope.path,
            base_url=self.public_url
            or self.context.base_url_of(
                scope.scheme, headers.get("host", ""), _address(scope.server)
            ),
            client=self.client_address.of(peer, lambda: _all(headers, "x-forwarded-for")),
            if_none_match=headers.get("if-none-match", ""),
            accept_encoding=headers.get("accept-encoding", ""),
        )
        protocol.response_bytes(status, answer_headers, body)
        return True

    def __rsgi_init__(self, loop: asyncio.AbstractEventLoop) -> None:
        """Nothing to start: the app opens what it needs when it is built."""

    def __rsgi_del__(self, loop: asyncio.AbstractEventLoop) -> None:
        loop.run_until_complete(self.app.aclose())


def _all(headers: Any, name: str) -> list[str]:
    return [value for key, value in headers.items() if key == name]


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
        "client": _address(scope.client),
        "server": _address(scope.server),
    }


def _has_body(headers: Any) -> bool:
    return headers.get("content-length", "0") != "0" or "transfer-encoding" in headers


def _address(text: str) -> tuple[str, int] | None:
    """``"host:port"`` (``"[::1]:port"`` for IPv6) as ASGI's (host, port); None on a Unix socket."""
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit():
        return None
    return host.strip("[]"), int(port)


class Exchange:
    """One request's ``receive`` and ``send``: the body, read in one piece, then the wait
    for the client to leave; the answer written in one call, or streamed when the app sends
    it in parts."""

    __slots__ = ("body", "headers", "protocol", "received", "status", "stream")

    def __init__(self, protocol: Any, body: bytes) -> None:
        self.protocol = protocol
        self.body = body
        self.received = False
        self.status = 500
        self.headers: list[tuple[str, str]] = []
        self.stream: Any = None

    async def receive(self) -> Message:
        if not self.received:
            self.received = True
            return {"type": "http.request", "body": self.body, "more_body": False}
        await self.protocol.client_disconnect()
        return {"type": "http.disconnect"}

    async def send(self, message: Message) -> None:
        kind = message["type"]
        if kind == "http.response.start":
            self.status = message["status"]
            self.headers = text_headers(message["headers"])
        elif kind == "http.response.body":
            body = message.get("body", b"")
            if self.stream is not None:
                await self.stream.send_bytes(body)
            elif message.get("more_body", False):
                self.stream = self.protocol.response_stream(self.status, self.headers)
                await self.stream.send_bytes(body)
            else:
                self.protocol.response_bytes(self.status, self.headers, body)
                self.status = 0  # answered

    def finish(self) -> None:
        """An app that returned without a whole answer: end what was started, or answer 500
        the way an ASGI server would."""
        if self.stream is not None or self.status == 0:
            return
        self.protocol.response_bytes(
            500, [("content-type", "text/plain")], b"Internal Server Error"
        )


def create_from_env() -> RsgiApp:
    return RsgiApp(create_app(Settings.from_env()))
