"""Pagination as the real API does it: 1-based pages, 50 per page by default, at most 100."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, Self, TypeVar

from discogs_service.errors import PageOutOfRange
from discogs_service.limits import MAX_BIGINT

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PageRequest:
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def of(cls, page: int | None, per_page: int | None) -> PageRequest:
        """Clamp like the live API: per_page above 100 is 100 (not an error); a page or
        per_page below 1 is treated as absent (clients send page=0 and get page 1)."""
        page = page if page is not None and page >= 1 else 1
        if per_page is None or per_page < 1:
            per_page = DEFAULT_PER_PAGE
        return cls(page, min(per_page, MAX_PER_PAGE))

    @property
    def offset(self) -> int:
        # Capped so that a huge page number reaches the database as a valid OFFSET: such a
        # page is past the end of any listing, and check() answers it 404 once the total is
        # known.
        return min((self.page - 1) * self.per_page, MAX_BIGINT)


@dataclass(frozen=True, slots=True)
class PageOf(Generic[T]):
    items: Sequence[T]
    request: PageRequest
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))

    def check(self) -> Self:
        """Self, or PageOutOfRange when the requested page is past the last one."""
        if self.request.page > self.pages:
            raise PageOutOfRange(self.request.page, self.pages)
        return self


def page_of(items: Sequence[T], request: PageRequest, total: int) -> PageOf[T]:
    return PageOf(items, request, total).check()
