"""Reading query parameters; anything unreadable becomes the API's 422 JSON answer."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.requests import Request

from discogs_service.api.pagination import refuse_overlong_query
from discogs_service.errors import InvalidParameter
from discogs_service.services.paging import PageRequest

# A page number is an integer however large ("Page N is outside of valid range" answers it);
# only a number too long to be meant as one is refused as unreadable.
MAX_DIGITS = 100


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
