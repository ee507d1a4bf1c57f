"""Reading query parameters; anything unreadable becomes the API's 422 JSON answer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import Scope

from discogs_service.api.pagination import refuse_overlong_query
from discogs_service.errors import InvalidParameter
from discogs_service.services.paging import PageRequest

MAX_INT = 2**63 - 1
# A page number is an integer however large ("Page N is outside of valid range" answers it);
# only a number too long to be meant as one is refused as unreadable.
MAX_DIGITS = 100
# No text of a request may hold a NUL: PostgreSQL's text cannot (SQLite's can), so a NUL would
# fail a query on one engine and be stored on the other. It is refused where requests are
# read - the path and query of every request as the app takes it in (refuse_nul_in_url),
# bodies where they are decoded (profile edits, the web forms, OAuth parameters) - so that
# both engines answer alike and no query meets one.
NUL = "\x00"
WITHOUT_NUL = "text without NUL characters"


def path_id(request: Request, name: str) -> int:
    return int(request.path_params[name])


def integer(request: Request, name: str) -> int | None:
    """The parameter as an integer, None when absent or empty. A repeated parameter counts
    once (its first value), but every value given must be readable."""
    numbers = []
    for text in values(request, name):
        digits = text[1:] if text[:1] in "+-" else text
        if not digits.isdigit() or not digits.isascii() or len(digits) > MAX_DIGITS:
            raise InvalidParameter(name, "an integer")
        numbers.append(int(text))
    return numbers[0] if numbers else None


def page_request(request: Request) -> PageRequest:
    """The page a list request asks for. Every list reads it first, so the parameters its
    page links will repeat are bounded here, before any work."""
    refuse_overlong_query(request)
    return PageRequest.of(integer(request, "page"), integer(request, "per_page"))


def choice(request: Request, name: str, allowed: Sequence[str], default: str) -> str:
    """One of ``allowed``, ``default`` when absent or empty; like ``integer`` for repeats."""
    given = values(request, name)
    for value in given:
        if value not in allowed:
            raise InvalidParameter(name, "one of " + ", ".join(allowed))
    return given[0] if given else default


def descending(request: Request) -> bool:
    return choice(request, "sort_order", ("asc", "desc"), "asc") == "desc"


def values(request: Request, name: str) -> list[str]:
    return [v for v in request.query_params.getlist(name) if v != ""]


def single_values(request: Request, names: Sequence[str]) -> dict[str, str]:
    """The given parameters among ``names``, each by its first non-empty value."""
    found = {}
    for name in names:
        given = values(request, name)
        if given:
            found[name] = given[0]
    return found


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
