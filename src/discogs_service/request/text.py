"""Text a request may carry.

No text of a request may hold a NUL: PostgreSQL's text cannot (SQLite's can), so a NUL would
fail a query on one engine and be stored on the other. It is refused where requests are read -
the path and query of every request as the app takes it in (``refuse_nul_in_url``), bodies
where they are decoded (profile edits, the web forms, OAuth parameters) - so that both engines
answer alike and no query meets one.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl

from discogs_service.errors import InvalidParameter
from discogs_service.request.asgi import Scope

NUL = "\x00"
WITHOUT_NUL = "text without NUL characters"


def refuse_nul(fields: Iterable[tuple[str, object]]) -> None:
    """InvalidParameter (422) naming the first field whose name or text holds a NUL."""
    for name, value in fields:
        if NUL in name:
            raise InvalidParameter("parameter name", WITHOUT_NUL)
        if isinstance(value, str) and NUL in value:
            raise InvalidParameter(name, WITHOUT_NUL)


def refuse_nul_in_url(scope: Scope) -> None:
    """``refuse_nul`` for the path and the query string of any request; the query is decoded
    only when its raw form can hold a NUL (``%00``)."""
    if NUL in scope["path"]:
        raise InvalidParameter("path", WITHOUT_NUL)
    query: bytes = scope["query_string"]
    if b"%00" in query or b"\x00" in query:
        refuse_nul(parse_qsl(query.decode("latin-1"), keep_blank_values=True))
