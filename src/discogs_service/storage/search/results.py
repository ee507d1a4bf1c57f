"""Reading results, the same on both engines: count, rank within bounds and page through
the match sets (``search.ranking``), then read the result documents by key."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from pyroaring import FrozenBitMap
from sqlalchemy import Connection

from discogs_service.search.facts import KIND_CODES
from discogs_service.search.query import SearchQuery
from discogs_service.search.ranking import (
    KIND_BOOST,
    page_keys,
    parts_of,
    without_short_prefixes,
)
from discogs_service.storage.search.match_sets import MatchSets


@dataclass(frozen=True, slots=True)
class Hits:
    total: int
    docs: list[bytes]


class RankingEngine(Protocol):
    """An engine as ``found`` uses it: its match sets and its ranking of matches."""

    @property
    def sets(self) -> MatchSets: ...

    def ranked(
        self, conn: Connection, query: SearchQuery, whole: SearchQuery, matches: FrozenBitMap
    ) -> list[int]: ...


def hits(
    conn: Connection, index: RankingEngine, query: SearchQuery, offset: int, limit: int, mark: str
) -> Hits:
    """The results of ``query`` as ``conn`` sees the index, from ``offset`` on."""
    if query.impossible:
        return Hits(0, [])
    if query.matches_everything:
        return everything(conn, query, offset, limit, mark)
    return found(conn, index, without_short_prefixes(query), offset, limit, mark)


def found(
    conn: Connection, index: RankingEngine, query: SearchQuery, offset: int, limit: int, mark: str
) -> Hits:
    """Count with the match sets, rank with the engine within bounds, page."""
    matched = index.sets.matches(conn, query)
    parts = parts_of(
        query,
        matched,
        lambda strong: index.sets.matches(conn, strong),
        lambda matching, whole, candidates: index.ranked(conn, matching, whole, candidates),
    )
    return Hits(len(matched), documents_of(conn, page_keys(parts, offset, limit), mark))


def documents_of(conn: Connection, keys: Sequence[int], mark: str) -> list[bytes]:
    """The result documents of ``keys``, in that order."""
    if not keys:
        return []
    marks = ", ".join([mark] * len(keys))
    rows = conn.exec_driver_sql(
        f"SELECT key, doc FROM search_docs WHERE key IN ({marks})", tuple(keys)
    ).all()
    docs = {row[0]: bytes(row[1]) for row in rows}
    return [docs[key] for key in keys]


def everything(conn: Connection, query: SearchQuery, offset: int, limit: int, mark: str) -> Hits:
    """A query without terms: every entry (of its kind), in key order."""
    kind = KIND_CODES[query.kind] if query.kind else None
    where, params = ("WHERE kind = " + mark, (kind,)) if kind is not None else ("", ())
    total = conn.exec_driver_sql(f"SELECT count(*) FROM search_docs {where}", params).scalar_one()
    rows = conn.exec_driver_sql(
        f"SELECT doc FROM search_docs {where} ORDER BY key LIMIT {mark} OFFSET {mark}",
        (*params, limit, offset),
    ).all()
    return Hits(int(total), [bytes(row[0]) for row in rows])


def kind_boost_sql(kind: str) -> str:
    """The kind boost (``search.ranking.KIND_BOOST``) of the kind that SQL ``kind`` gives."""
    boosts = "".join(f" WHEN {code} THEN {boost}" for code, boost in KIND_BOOST.items())
    return f"(CASE {kind}{boosts} ELSE 1.0 END)"
