"""The pages a process answered, kept until the index moves on (both engines).

Tantivy counts and ranks every match of a query: ~65 ms for a word in 776,503 of the
1,000,000-release benchmark's entries, and common words are the ones people type (10 ms a
query on average over the benchmark's mix, against 0.3 ms for a page kept here:
benchmarks/README.md). A page is the count and the keys of one (query, offset, limit); its
documents are read from the database on every request, so a page costs its keys' bytes
alone. Every commit to the index raises ``search_state.version``, and a process drops all
its pages when it sees a new version: no page outlives the index it was read from.

PostgreSQL ranks on match sets (``results.found``), a few milliseconds a request warm, most of
it its ``ts_rank`` of the head and its round trips; a kept page skips both, and the version
is checked in the statement that reads the page's documents (``postgres.PostgresSearch``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from discogs_service.search.query import SearchQuery

# The bytes a kept page is counted as: its keys and the dictionary's own overhead.
_KEY_BYTES = 8
_PAGE_OVERHEAD = 200


class PageCache:
    """Pages of one process, least recently used first out beyond ``budget`` bytes."""

    def __init__(self, budget: int) -> None:
        self._budget = budget
        self._lock = threading.Lock()
        self._version: int | None = None
        self._pages: OrderedDict[Hashable, tuple[int, list[int]]] = OrderedDict()
        self._used = 0

    @property
    def budget(self) -> int:
        return self._budget

    def get(self, version: int, page: Hashable) -> tuple[int, list[int]] | None:
        """The count and keys kept for ``page`` at ``version``; None when not kept."""
        with self._lock:
            if version != self._version:
                self._pages.clear()
                self._used = 0
                self._version = version
                return None
            found = self._pages.get(page)
            if found is not None:
                self._pages.move_to_end(page)
            return found

    def latest(self, page: Hashable) -> tuple[int, int, list[int]] | None:
        """The version of the newest pages kept, and ``page``'s count and keys if it is one
        of them: the caller checks that the index is still at that version."""
        with self._lock:
            found = self._pages.get(page)
            if found is None or self._version is None:
                return None
            self._pages.move_to_end(page)
            return self._version, *found

    def keep(self, version: int, page: Hashable, total: int, keys: list[int]) -> None:
        """Keep a page read at ``version``, unless the index has moved on since; a newer
        version than the kept pages' drops them."""
        size = _PAGE_OVERHEAD + _KEY_BYTES * len(keys)
        with self._lock:
            if self._version is None or version > self._version:
                self._pages.clear()
                self._used = 0
                self._version = version
            if version != self._version or page in self._pages or size > self._budget:
                return
            self._pages[page] = (total, keys)
            self._used += size
            while self._used > self._budget:
                _, (_, dropped) = self._pages.popitem(last=False)
                self._used -= _PAGE_OVERHEAD + _KEY_BYTES * len(dropped)

    @property
    def pages(self) -> int:
        return len(self._pages)


def query_key(query: SearchQuery) -> Hashable:
    """What tells a query's pages apart."""
    return (query.clauses, query.kind, tuple(sorted(query.weights.items())))
