"""Every item of a paged list, fetched page by page as the iteration reaches it.

This file was written from ``_async/_paging.py`` by scripts/unasync.py: edit that one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Generic, TypeVar

from discogs_service_client._core import Params, on_server, per_page_of
from discogs_service_client._models._base import Model
from discogs_service_client._models.paging import Page, page_body
from discogs_service_client._sync._http import HTTP

T = TypeVar("T")


class Pages(Generic[T]):
    """A paged list of the API. Iterate it for every item (``for``), lazily: the next
    page is asked for when the items of the last are used up, by following the answer's own
    ``next`` link (moved onto the configured server). ``pages.page(n)`` gets one page
    with its pagination. ``cap``: no more items than this are reachable (search: 10,000).
    """

    def __init__(
        self,
        http: HTTP,
        url: str,
        key: str,
        item: Any,
        *,
        params: Params | None = None,
        per_page: int = 100,
        cap: int | None = None,
        single: bool = False,
        extra_fields: tuple[tuple[str, Any, Any], ...] = (),
    ) -> None:
        self._http = http
        self._url = url
        self._key = key
        self._params = dict(params or {})
        self.per_page = per_page_of(per_page)
        self.cap = cap
        # ``single``: the key holds one object per page (a user's submissions), not a list.
        # ``extra_fields``: typed keys of the page besides the list (a master's filters).
        self._body = page_body(key, item if single else list[item], *extra_fields)

    def __iter__(self) -> Iterator[T]:
        return self._items()

    def page(self, number: int) -> Page[T]:
        """Page ``number`` (from 1). Raises ValueError for a page past the cap."""
        if number < 1:
            raise ValueError("pages are numbered from 1")
        if self.cap is not None and (number - 1) * self.per_page >= self.cap:
            raise ValueError(f"only the first {self.cap} items of this list can be reached")
        params = {**self._params, "page": number, "per_page": self.per_page}
        return self._page_of(self._http.get(self._url, self._body, params))

    def _items(self) -> Iterator[T]:
        page = self.page(1)
        given = 0
        while True:
            for item in page.items:
                if self._capped(given):
                    return
                yield item
                given += 1
            following = page.pagination.urls.next
            last = page.pagination.page >= page.pagination.pages
            if not following or last or self._capped(given):
                return
            link = on_server(self._http.settings.base_url, following)
            page = self._page_of(self._http.get(link, self._body))

    def _capped(self, given: int) -> bool:
        return self.cap is not None and given >= self.cap

    def _page_of(self, body: Model) -> Page[T]:
        value = getattr(body, self._key)
        items = value if isinstance(value, list) else [value]
        return Page(getattr(body, "pagination"), items, body, self._key)  # noqa: B009
