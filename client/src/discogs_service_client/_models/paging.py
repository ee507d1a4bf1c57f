"""Pages of the API's lists: ``{"pagination": {...}, "<key>": [...]}``, one key per endpoint."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Generic, TypeVar, cast

import msgspec

from discogs_service_client._models._base import Model, to_builtins
from discogs_service_client._models.database import VersionFacet

__all__ = ["VERSIONS_FIELDS", "Page", "Pagination", "PaginationUrls", "VersionFilters", "page_body"]

T = TypeVar("T")


class PaginationUrls(Model):
    """The pages next to this one that exist (absolute URLs on the answering server)."""

    first: str | None = None
    prev: str | None = None
    next: str | None = None
    last: str | None = None


class Pagination(Model):
    page: int = 1
    pages: int = 1
    per_page: int = 50
    items: int = 0
    urls: PaginationUrls = msgspec.field(default_factory=PaginationUrls)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, where it stands (``pagination``), and the body's other
    keys as JSON values (``extra``: a master's version ``filters`` and ``filter_facets``)."""

    pagination: Pagination
    items: list[T]
    body: Model = field(repr=False)
    key: str = field(repr=False)

    @property
    def extra(self) -> Mapping[str, Any]:
        values = to_builtins(self.body)
        return {k: v for k, v in values.items() if k not in ("pagination", self.key)}


class VersionFilters(Model):
    """What a master's versions are filtered by (``applied``) and could be (``available``:
    value -> count, per filter)."""

    applied: dict[str, list[str]] = {}
    available: dict[str, dict[str, int]] = {}


# The typed keys a page of a master's versions has besides its list.
VERSIONS_FIELDS: tuple[tuple[str, Any, Any], ...] = (
    ("filters", VersionFilters | None, None),
    ("filter_facets", list[VersionFacet], msgspec.field(default_factory=list)),
)


@cache
def page_body(key: str, item: Any, *extra_fields: tuple[str, Any, Any]) -> type[Model]:
    """The Struct of a page whose items sit under ``key`` (made once per key and type)."""
    name = f"{key.title()}Page"
    fields: list[tuple[str, Any, Any]] = [
        ("pagination", Pagination, msgspec.field(default_factory=Pagination)),
        (key, item, msgspec.field(default_factory=list)),
        *extra_fields,
    ]
    made = msgspec.defstruct(name, fields, bases=(Model,), kw_only=True)
    return cast(type[Model], made)
