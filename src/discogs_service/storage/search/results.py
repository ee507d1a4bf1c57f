"""Reading results, the same on both engines: count, rank within bounds and page through
the match sets (``search.ranking``), then render the result documents from the entries'
facts.

A result is rendered when it is served (``rendered``), not stored: storing it cost a first
import about 4 % of its CPU (rendering it in the worker, compressing it in the writer) and
the database 166 MB of 2,490 for 1,000,000 releases. Rendering costs about 10 us a result;
a process keeps the results it rendered lately (``RENDERED``), which then cost about what
reading a stored one did (benchmarks/README.md, "Search results rendered when served")."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from pyroaring import FrozenBitMap
from sqlalchemy import Connection, Engine

from discogs_service.search.facts import (
    KIND_CODES,
    SearchFacts,
    effective,
    facts_decoder,
    result_document,
)
from discogs_service.search.query import SearchQuery
from discogs_service.search.ranking import (
    KIND_BOOST,
    page_keys,
    parts_of,
    without_short_prefixes,
)
from discogs_service.storage.compressed import expand
from discogs_service.storage.search.match_sets import BUDGET_BYTES, Changes, MatchSets, Word
from discogs_service.storage.sql import slices

# (entries done, entries to do) of an index build or replay.
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Hits:
    total: int
    docs: list[bytes]
    keys: list[int]  # each doc's key (``search.facts.key``): which entity it is


class SearchEngine(ABC):
    """What both engines share: the database, this process's match sets of its words, and
    the way a search reads them (``search``). An engine says how it finds a word's entries,
    how it ranks matches, and how it opens one snapshot of the index."""

    mark: str  # the driver's parameter mark

    def __init__(self, engine: Engine, sets_budget: int = BUDGET_BYTES) -> None:
        self.engine = engine
        self.sets = MatchSets(self.keys_of_word, sets_budget, self.changes_between)

    def search(self, query: SearchQuery, offset: int, limit: int) -> Hits:
        with self.snapshot() as conn:
            return hits(conn, self, query, offset, limit, self.mark)

    @abstractmethod
    def snapshot(self) -> AbstractContextManager[Connection]:
        """A connection that sees one version of the index for the whole search: the
        version read first is the one counted."""

    @staticmethod
    @abstractmethod
    def keys_of_word(conn: Connection, word: Word) -> Iterable[int]:
        """The keys of the entries a word matches, read from the engine's own index."""

    def changes_between(self, conn: Connection | None, old: int, new: int) -> Changes | None:
        """What changed in the index from version ``old`` to ``new``, if the engine logs it
        (``match_sets``); None: the kept sets are dropped."""
        return None

    def documents(self, conn: Connection, keys: Sequence[int]) -> list[bytes]:
        """The result documents of a page's ``keys``, in that order, as the request sees
        the index."""
        return documents_of(conn, keys, self.mark)

    @abstractmethod
    def ranked(
        self, conn: Connection, query: SearchQuery, whole: SearchQuery, matches: FrozenBitMap
    ) -> list[int]:
        """``matches`` (of ``query``, a part of ``whole``), best first."""


def hits(
    conn: Connection, index: SearchEngine, query: SearchQuery, offset: int, limit: int, mark: str
) -> Hits:
    """The results of ``query`` as ``conn`` sees the index, from ``offset`` on."""
    if query.impossible:
        return Hits(0, [], [])
    if query.matches_everything:
        return everything(conn, query, offset, limit, mark)
    return found(conn, index, without_short_prefixes(query), offset, limit)


def found(
    conn: Connection, index: SearchEngine, query: SearchQuery, offset: int, limit: int
) -> Hits:
    """Count with the match sets, rank with the engine within bounds, page."""
    matched, keys = matched_page(conn, index, query, offset, limit)
    return Hits(len(matched), index.documents(conn, keys), keys)


def matched_page(
    conn: Connection, index: SearchEngine, query: SearchQuery, offset: int, limit: int
) -> tuple[FrozenBitMap, list[int]]:
    """The keys of every entry ``query`` matches (a query with terms, short prefixes left
    out), and those of the page from ``offset`` on, best first."""
    matched = index.sets.matches(conn, query)
    parts = parts_of(
        query,
        matched,
        lambda strong: index.sets.matches(conn, strong),
        lambda matching, whole, candidates: index.ranked(conn, matching, whole, candidates),
    )
    return matched, list(page_keys(parts, offset, limit))


# What an entry's result is rendered from, read beside it (``d``): a master's main
# release's facts (``search_docs.main_key``), in the same statement.
MAIN_FACTS = "m.facts"
MAIN_JOIN = "LEFT JOIN search_docs AS m ON m.key = d.main_key"


def documents_of(conn: Connection, keys: Sequence[int], mark: str) -> list[bytes]:
    """The result documents of ``keys``, in that order."""
    if not keys:
        return []
    marks = ", ".join([mark] * len(keys))
    rows = conn.exec_driver_sql(
        f"SELECT d.key, d.facts, {MAIN_FACTS} FROM search_docs AS d {MAIN_JOIN}"
        f" WHERE d.key IN ({marks})",
        tuple(keys),
    ).all()
    docs = rendered(conn, {row[0]: row[1:] for row in rows})
    return [docs[key] for key in keys]


def rendered(conn: Connection, stored: dict[int, Sequence[Any]]) -> dict[int, bytes]:
    """The result documents of entries by key, from their stored facts and, for a master,
    its main release's (None: not imported), which give its result the labels, formats and
    country it shows."""
    found: dict[int, bytes] = {}
    for key, (facts, main) in stored.items():
        source = (bytes(facts), None if main is None else bytes(main))
        doc = RENDERED.get(source)
        if doc is None:
            doc = result_document(effective(_decoded(source[0], conn), _main(source[1], conn)))
            RENDERED.keep(source, doc)
        found[key] = doc
    return found


def _decoded(value: bytes, conn: Connection) -> SearchFacts:
    return facts_decoder.decode(expand(value, conn))


def _main(value: bytes | None, conn: Connection) -> SearchFacts | None:
    return None if value is None else _decoded(value, conn)


RenderedFrom = tuple[bytes, bytes | None]  # an entry's stored facts, and its main release's


class RenderedResults:
    """Results rendered lately in this process, by the stored bytes they were rendered from,
    the least recently used let go beyond ``budget`` bytes. The same stored facts always
    render the same result (a frame names its dictionary, whose id zstd derives from its
    content), so a kept result is never stale: an entry an import changed is read with other
    bytes, which find nothing kept."""

    # What a kept result costs beyond its bytes: the dict's slot, the key's tuple, three
    # bytes objects' headers.
    OVERHEAD = 200

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0
        self._kept: OrderedDict[RenderedFrom, bytes] = OrderedDict()
        self._lock = threading.Lock()  # the server reads on a pool of threads

    def get(self, source: RenderedFrom) -> bytes | None:
        with self._lock:
            doc = self._kept.get(source)
            if doc is not None:
                self._kept.move_to_end(source)
            return doc

    def keep(self, source: RenderedFrom, doc: bytes) -> None:
        with self._lock:
            if source in self._kept:
                return
            self._kept[source] = doc
            self.size += _cost(source, doc)
            while self.size > self.budget:
                dropped, dropped_doc = self._kept.popitem(last=False)
                self.size -= _cost(dropped, dropped_doc)

    def __len__(self) -> int:
        return len(self._kept)


def _cost(source: RenderedFrom, doc: bytes) -> int:
    return len(source[0]) + len(source[1] or b"") + len(doc) + RenderedResults.OVERHEAD


# Per result of the 1,000,000-release catalogue, read 50 to a statement: 14.1 us rendered
# from its facts, 5.9 kept, 4.3 of that the SQL (benchmarks/README.md, "Search results
# rendered when served"). 16 MB keep about 16,000 results (970 bytes each with their keys).
RENDERED = RenderedResults(16 << 20)


def stored_facts(conn: Connection, keys: Sequence[int], mark: str) -> dict[int, SearchFacts]:
    """The search facts of the entries of ``keys`` that are stored, by key: what the index
    is built from (a master's entry also takes its main release's)."""
    found: dict[int, SearchFacts] = {}
    for part in slices(keys):
        marks = ", ".join([mark] * len(part))
        for key, facts in conn.exec_driver_sql(
            f"SELECT key, facts FROM search_docs WHERE key IN ({marks})", tuple(part)
        ):
            found[key] = _decoded(bytes(facts), conn)
    return found


def everything(conn: Connection, query: SearchQuery, offset: int, limit: int, mark: str) -> Hits:
    """A query without terms: every entry (of its kind), in key order."""
    kind = KIND_CODES[query.kind] if query.kind else None
    where, params = ("WHERE d.kind = " + mark, (kind,)) if kind is not None else ("", ())
    total = conn.exec_driver_sql(
        f"SELECT count(*) FROM search_docs AS d {where}", params
    ).scalar_one()
    rows = conn.exec_driver_sql(
        f"SELECT d.key, d.facts, {MAIN_FACTS} FROM search_docs AS d {MAIN_JOIN}"
        f" {where} ORDER BY d.key LIMIT {mark} OFFSET {mark}",
        (*params, limit, offset),
    ).all()
    keys = [int(row[0]) for row in rows]
    docs = rendered(conn, {row[0]: row[1:] for row in rows})
    return Hits(int(total), [docs[key] for key in keys], keys)


def kind_boost_sql(kind: str) -> str:
    """The kind boost (``search.ranking.KIND_BOOST``) of the kind that SQL ``kind`` gives."""
    boosts = "".join(f" WHEN {code} THEN {boost}" for code, boost in KIND_BOOST.items())
    return f"(CASE {kind}{boosts} ELSE 1.0 END)"
