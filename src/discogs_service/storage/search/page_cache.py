"""The pages a process answered, kept until the index moves on (both engines).

Tantivy counts and ranks every match of a query: ~65 ms for a word in 776,503 of the
1,000,000-release benchmark's entries, and common words are the ones people type (10 ms a
query on average over the benchmark's mix, against 0.3 ms for a page kept here:
benchmarks/README.md). A page is the count and the keys of one (query, offset, limit); its
documents are read from the database on every request, so a page costs its keys' bytes
alone. Every commit to the index raises ``search_state.version``; a page is kept with the
version it was read at, and answered again only at that version, or at a later one the
engine shows to give the same page.

PostgreSQL ranks on match sets (``results.found``), a few milliseconds a request warm, most of
it its ``ts_rank`` of the head and its round trips; a kept page skips both, and the version
is checked in the statement that reads the page's documents (``postgres.PostgresSearch``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from pyroaring import FrozenBitMap

from discogs_service.search.query import SearchQuery

# How far behind a refresh's writes a search may answer, in seconds: on SQLite the index a
# refresh writes commits this often (``sqlite.REFRESH_COMMIT_SECONDS``); on PostgreSQL a
# page kept at a version the import marked this recently answers as kept (``postgres``).
REFRESH_LAG_SECONDS = 60.0
# The bytes a kept page is counted as: its keys and the dictionary's own overhead.
_KEY_BYTES = 8
_PAGE_OVERHEAD = 200


@dataclass(frozen=True, slots=True)
class KeptPage:
    """A page as the index answered it at ``version``: the count of every match and the
    page's keys. ``sizes``, ``matches`` and ``entries``: what the engine needs to tell
    whether a later version of the index still gives the same page (``postgres``), or
    None."""

    version: int
    total: int
    keys: list[int]
    sizes: tuple[int, ...] | None = None
    matches: FrozenBitMap | None = None
    entries: int | None = None

    @property
    def bytes(self) -> int:
        matches = 0 if self.matches is None else self.matches.__sizeof__()
        return _PAGE_OVERHEAD + _KEY_BYTES * len(self.keys) + matches


class PageCache:
    """Pages of one process, each with the version of the index it is of, least recently
    used first out beyond ``budget`` bytes."""

    def __init__(self, budget: int) -> None:
        self._budget = budget
        self._lock = threading.Lock()
        self._pages: OrderedDict[Hashable, KeptPage] = OrderedDict()
        self._used = 0

    @property
    def budget(self) -> int:
        return self._budget

    def get(self, version: int, page: Hashable) -> KeptPage | None:
        """``page`` as kept at ``version``; None when not kept, or kept of another version
        (an older one is dropped)."""
        with self._lock:
            found = self._pages.get(page)
            if found is None or found.version != version:
                if found is not None and found.version < version:
                    self._drop(page)
                return None
            self._pages.move_to_end(page)
            return found

    def latest(self, page: Hashable) -> KeptPage | None:
        """``page`` as kept, of whichever version: the caller checks the index's."""
        with self._lock:
            found = self._pages.get(page)
            if found is not None:
                self._pages.move_to_end(page)
            return found

    def keep(self, page: Hashable, kept: KeptPage) -> None:
        """Keep ``page`` unless one of a newer version is kept."""
        with self._lock:
            found = self._pages.get(page)
            if (found is not None and found.version >= kept.version) or (kept.bytes > self._budget):
                return
            if found is not None:
                self._drop(page)
            self._pages[page] = kept
            self._used += kept.bytes
            while self._used > self._budget:
                _, dropped = self._pages.popitem(last=False)
                self._used -= dropped.bytes

    def _drop(self, page: Hashable) -> None:
        self._used -= self._pages.pop(page).bytes

    @property
    def pages(self) -> int:
        return len(self._pages)


def query_key(query: SearchQuery) -> Hashable:
    """What tells a query's pages apart."""
    return (query.clauses, query.kind, tuple(sorted(query.weights.items())))
