"""The ``ts_rank`` scores a process read, kept per query text across versions of the index
(PostgreSQL's engine).

An entry's ``ts_rank`` for a query depends on its own vector and the query alone, so a score
read at one version holds at any later version that did not write the entry. Through a
refresh every batch moves the version, and a page of common words is worked out again at
nearly every request; its ``ts_rank`` of the head was 2.2 of the 4.7 ms a page took on warm
sets (200 pages of the 100,000-release benchmark's mix, 2026-12-06), and the head mostly
keeps its entries from one batch to the next.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from discogs_service.storage.search.match_sets import Changes

# What one kept score costs: a dict slot with its int key and float (sys.getsizeof, ~100
# bytes a key in a dict of a few hundred).
SCORE_BYTES = 100


class RankCache:
    """Scores by query text, each query's of one version, the least recently used query
    out first beyond ``budget`` bytes."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._lock = threading.Lock()
        self._queries: OrderedDict[str, tuple[int, dict[int, float]]] = OrderedDict()
        self._scores = 0

    def known(self, query: str, version: int, changes: Changes | None) -> dict[int, float]:
        """The scores of ``query`` kept that hold at ``version``, given the ``changes``
        from the version they are of (None: kept at ``version``, or unknown)."""
        with self._lock:
            kept = self._queries.get(query)
            if kept is not None:
                self._queries.move_to_end(query)
        if kept is None:
            return {}
        at, scores = kept
        if at == version:
            return scores
        if changes is None or at > version:
            return {}
        return {key: score for key, score in scores.items() if key not in changes.keys}

    def version_of(self, query: str) -> int | None:
        """The version ``query``'s scores are of, if any are kept."""
        with self._lock:
            kept = self._queries.get(query)
        return None if kept is None else kept[0]

    def keep(self, query: str, version: int, scores: dict[int, float]) -> None:
        """Keep ``scores`` of ``query`` as of ``version`` unless newer ones are kept."""
        with self._lock:
            kept = self._queries.get(query)
            if kept is not None:
                if kept[0] > version:
                    return
                self._scores -= len(kept[1])
            self._queries[query] = (version, scores)
            self._queries.move_to_end(query)
            self._scores += len(scores)
            while self._scores * SCORE_BYTES > self.budget and self._queries:
                _, (_, dropped) = self._queries.popitem(last=False)
                self._scores -= len(dropped)

    @property
    def scores(self) -> int:
        """How many scores are kept (for tests and diagnostics)."""
        return self._scores
