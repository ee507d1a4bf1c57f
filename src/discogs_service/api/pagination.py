"""The ``pagination`` object and ``Link`` header of a list answer.

Page URLs repeat the request's own query string (other parameters included, as the live
API does) with ``page`` and ``per_page`` set, on this server's public base URL.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request

from discogs_service.errors import InvalidParameter
from discogs_service.services.paging import PageOf

# Page links repeat the request's parameters, and the Link header holds up to four links: a
# reverse proxy must hold the whole header block in one buffer, which for nginx is by default
# one memory page (proxy_buffer_size, 4 KB on x86-64; more is its 502). 512 characters of
# parameters, URL-encoded as the links carry them, make at most about 3.1 KB of headers
# with a 60-character public URL. A search needs far less: only its first 32 words count.
MAX_REPEATED_QUERY = 512


def pagination(
    request: Request, page: PageOf[Any], base_url: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """(pagination object, headers): a ``Link`` header with the same pages as the object's
    ``urls``, as the live API's (page 1 of the 2014 headers: ``last`` and ``next`` only).
    A single page has no ``urls``; its header names it as ``first`` and ``last``, because
    the seed spec requires the header on every list answer."""
    current, pages = page.request.page, page.pages
    targets: dict[str, int] = {}
    if current > 1:
        targets["first"] = 1
        targets["prev"] = current - 1
    if current < pages:
        targets["next"] = current + 1
        targets["last"] = pages
    urls = {
        rel: _page_url(request, base_url, number, page.request.per_page)
        for rel, number in targets.items()
    }
    links = urls or {
        rel: _page_url(request, base_url, 1, page.request.per_page) for rel in ("first", "last")
    }
    headers = {"link": ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items())}
    body = {
        "page": current,
        "pages": pages,
        "per_page": page.request.per_page,
        "items": page.total,
        "urls": urls,
    }
    return body, headers


def refuse_overlong_query(request: Request) -> None:
    """InvalidParameter (422) when the parameters page links would repeat are too long for
    the Link header (``MAX_REPEATED_QUERY``): checked before a list is fetched."""
    if len(urlencode(_repeated(request))) > MAX_REPEATED_QUERY:
        raise InvalidParameter(
            "query string", f"at most {MAX_REPEATED_QUERY} characters, URL-encoded"
        )


def _repeated(request: Request) -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.query_params.multi_items() if k not in ("page", "per_page")]


def _page_url(request: Request, base_url: str, number: int, per_page: int) -> str:
    params = [*_repeated(request), ("page", str(number)), ("per_page", str(per_page))]
    return f"{base_url}{request.url.path}?{urlencode(params)}"


def list_answer_parts(
    request: Request, page: PageOf[Any], base_url: str, key: str
) -> tuple[dict[str, Any], dict[str, str]]:
    body, headers = pagination(request, page, base_url)
    return {"pagination": body, key: page.items}, headers
