"""Reading a request's body once, with a limit, and handing it on."""

from __future__ import annotations

from discogs_service.errors import InvalidCredentials, PayloadTooLarge
from discogs_service.request.asgi import Message, Receive

MAX_SIGNED_FORM_BODY = 1024 * 1024


async def read_body(receive: Receive, limit: int = MAX_SIGNED_FORM_BODY) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise InvalidCredentials()  # the client went away
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge()
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    """A receive that hands the already-read body to the handler, then passes through."""
    sent = False

    async def receive_again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return receive_again
