"""The search index's engines: one small protocol, a Tantivy index for SQLite and a
PostgreSQL full-text engine.

Both index the same fields (``search.facts.FIELDS``), already folded and tokenised in Python
(``search.text``), so the two engines agree on what matches; they differ in how they store
and rank it. SQLite (``sqlite.py``): a Tantivy index beside the database file, kept from
``search_docs`` through a journal, which counts every match and ranks them all by BM25 with
per-field weights and the kind boost. PostgreSQL (``postgres.py``): a ``tsvector`` column
with a GIN index, holding each token twice - plain, weighted by its field's importance (A..D)
for ``q``, and prefixed with its field's code for field-restricted parameters - ranked with
``ts_rank``; a PostgreSQL search reads the engine for what it has not seen yet and otherwise
works on sets: the matches are counted and paged from per-word match sets
(``match_sets.py``), ranked in tiers worked out on those sets (``search.ranking``) with the
head of the order scored by ``bm25.py``. Both read the result documents by key
(``results.py``). ``writer.py`` keeps the index current through an import.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import Connection, Engine

from discogs_service.search.entries import IndexEntry
from discogs_service.search.query import SearchQuery
from discogs_service.storage.search.match_sets import BUDGET_BYTES
from discogs_service.storage.search.postgres import PostgresSearch
from discogs_service.storage.search.results import Hits, Progress
from discogs_service.storage.search.sqlite import SqliteSearch


class SearchIndex(Protocol):
    def replace(self, conn: Connection, rows: Sequence[IndexEntry], *, fresh: bool) -> None:
        """Index ``rows`` (``fresh``: none of them is indexed yet) in the caller's transaction."""
        ...

    def delete(self, conn: Connection, keys: Sequence[int]) -> None: ...

    def start_import(self, conn: Connection, *, bulk: bool) -> None:
        """An import run begins (``bulk``: the first of its kind): the index may gather its
        writes until finish_import."""
        ...

    def finish_import(self, conn: Connection) -> None:
        """The import ended (or was abandoned): what it wrote is searchable once ``conn``'s
        transaction has committed. Cheap when there was none."""
        ...

    def after_transaction(self, *, committed: bool) -> None:
        """A transaction that may have written entries ended (``committed`` or rolled back):
        an index outside the database takes what it wrote, or forgets it."""
        ...

    def catch_up(self, progress: Progress | None = None) -> None:
        """Take what a process killed between the database's commit and the index's left
        behind (cheap when nothing was)."""
        ...

    def search(self, query: SearchQuery, offset: int, limit: int) -> Hits:
        """The ``limit`` best matches from ``offset`` on, best first, and how many match."""
        ...

    def close(self) -> None: ...


def search_index(engine: Engine, sets_budget: int = BUDGET_BYTES) -> SearchIndex:
    """The engine's index; ``sets_budget``: the bytes it may keep between requests (match
    sets on PostgreSQL, answered pages on SQLite)."""
    if engine.dialect.name == "sqlite":
        return SqliteSearch(engine, sets_budget)
    return PostgresSearch(engine, sets_budget)


__all__ = ["Hits", "IndexEntry", "SearchIndex", "search_index"]
