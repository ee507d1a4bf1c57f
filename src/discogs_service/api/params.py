"""Reading query parameters; anything unreadable becomes the API's 422 JSON answer."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.requests import Request

from discogs_service.errors import InvalidParameter
from discogs_service.services.paging import PageRequest

MAX_INT = 2**63 - 1
# A page number is an integer however large ("Page N is outside of valid range" answers it);
# only a number too long to be meant as one is refused as unreadable.
MAX_DIGITS = 100


def path_id(request: Request, name: str) -> int:
    return int(request.path_params[name])


def integer(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw.strip() == "":
        return None
    text = raw.strip()
    digits = text[1:] if text[:1] in "+-" else text
    if not digits.isdigit() or not digits.isascii() or len(digits) > MAX_DIGITS:
        raise InvalidParameter(name, "an integer")
    return int(text)


def page_request(request: Request) -> PageRequest:
    return PageRequest.of(integer(request, "page"), integer(request, "per_page"))


def choice(request: Request, name: str, allowed: Sequence[str], default: str) -> str:
    value = request.query_params.get(name)
    if value is None or value == "":
        return default
    if value not in allowed:
        raise InvalidParameter(name, "one of " + ", ".join(allowed))
    return value


def descending(request: Request) -> bool:
    return choice(request, "sort_order", ("asc", "desc"), "asc") == "desc"


def values(request: Request, name: str) -> list[str]:
    return [v for v in request.query_params.getlist(name) if v != ""]
