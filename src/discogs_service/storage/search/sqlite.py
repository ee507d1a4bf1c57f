"""The SQLite engine: an FTS5 table (``search_fts``) whose rowid is the ``search_docs`` key,
ranked with FTS5's bm25 and per-field weights, computed from the match sets (``bm25.py``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager

from pyroaring import FrozenBitMap
from sqlalchemy import Connection

from discogs_service.search.entries import IndexEntry
from discogs_service.search.facts import FIELDS
from discogs_service.search.query import SearchQuery
from discogs_service.search.ranking import KIND_BOOST
from discogs_service.storage.search import bm25
from discogs_service.storage.search.match_sets import Word
from discogs_service.storage.search.results import SearchEngine, kind_boost_sql
from discogs_service.storage.sql import slices


class SqliteSearch(SearchEngine):
    mark = "?"

    def replace(self, conn: Connection, rows: Sequence[IndexEntry], *, fresh: bool) -> None:
        if not rows:
            return
        if not fresh:
            self.delete_text(conn, [r.key for r in rows])
        columns = ", ".join(FIELDS)
        marks = ", ".join("?" * (len(FIELDS) + 1))
        conn.exec_driver_sql(
            f"INSERT INTO search_fts (rowid, {columns}) VALUES ({marks})",
            [(r.key, *r.fields) for r in rows],
        )
        conn.exec_driver_sql(
            "INSERT INTO search_docs (key, kind, entity_id, facts, doc) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET facts = excluded.facts, doc = excluded.doc",
            [(r.key, r.kind, r.entity_id, r.facts, r.doc) for r in rows],
        )

    def delete_text(self, conn: Connection, keys: Sequence[int]) -> None:
        for part in slices(keys):
            marks = ", ".join("?" * len(part))
            conn.exec_driver_sql(f"DELETE FROM search_fts WHERE rowid IN ({marks})", tuple(part))

    def delete(self, conn: Connection, keys: Sequence[int]) -> None:
        self.delete_text(conn, keys)
        for part in slices(keys):
            marks = ", ".join("?" * len(part))
            conn.exec_driver_sql(f"DELETE FROM search_docs WHERE key IN ({marks})", tuple(part))

    # FTS5 writes each transaction's entries as a new segment and, by default, merges
    # segments four at a time as they pile up: on a first import of a million releases every
    # entry is merged again at each of ~5 levels. A bulk load merges only in a crisis (64
    # segments on one level) and once at the end ("optimize"): 69 against 105 us of CPU per
    # entry for a million entries, optimize included (benchmarks/README.md).
    def start_bulk_load(self, conn: Connection) -> None:
        self._configure(conn, automerge=0, crisismerge=64)

    def finish_bulk_load(self, conn: Connection) -> None:
        automerge = conn.exec_driver_sql(
            "SELECT v FROM search_fts_config WHERE k = 'automerge'"
        ).scalar()
        if automerge != 0:
            return
        conn.exec_driver_sql("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
        self._configure(conn, automerge=4, crisismerge=16)  # FTS5's defaults

    @staticmethod
    def _configure(conn: Connection, **settings: int) -> None:
        for name, value in settings.items():
            conn.exec_driver_sql(
                "INSERT INTO search_fts (search_fts, rank) VALUES (?, ?)", (name, value)
            )

    def snapshot(self) -> AbstractContextManager[Connection]:
        return self.engine.connect()  # one transaction: one version of the index

    def ranked(
        self, conn: Connection, query: SearchQuery, _whole: SearchQuery, matches: FrozenBitMap
    ) -> list[int]:
        """``matches`` (of ``query``), best first: FTS5's bm25 of the query's own words (a
        strong-candidates query's), computed from the match sets (``bm25.py``)."""
        return bm25.fts5_ranked(conn, self.sets, query, matches, KIND_BOOST)

    @staticmethod
    def keys_of_word(conn: Connection, word: Word) -> Iterable[int]:
        star = "*" if word.prefix else ""
        expression = f'{{{" ".join(word.fields)}}} : "{word.text}"{star}'
        cursor = conn.connection.driver_connection.execute(  # type: ignore[union-attr]
            "SELECT rowid FROM search_fts WHERE search_fts MATCH ?", (expression,)
        )
        return (key for (key,) in cursor)


def bm25_sql(query: SearchQuery) -> str:
    """FTS5's own score of a match, lower is better (bm25 is negative: the boost makes it
    lower): what ``bm25.fts5_ranked`` computes without FTS5, and what the tests and the search
    benchmark's bare engine compare it with."""
    weights = ", ".join(str(query.weights.get(f, 0.0)) for f in FIELDS)
    # The kind is the key's remainder by 4 (search.facts.key).
    return f"bm25(search_fts, {weights}) * {kind_boost_sql('rowid % 4')}"


def fts5_expression(query: SearchQuery) -> str:
    """An FTS5 MATCH expression. Terms are quoted: they are folded letters and digits, so no
    query text can reach FTS5 as an operator."""
    parts = [f'kind : "{query.kind}"'] if query.kind else []
    for clause in query.clauses:
        terms = [f'"{term}"' for term in clause.terms]
        star = "*" if clause.prefix_last else ""
        terms[-1] += star
        wanted = f"({' '.join(terms)})"
        if clause.compact:
            wanted = f'({wanted} OR "{clause.compact}"{star})'
        parts.append(f"{{{' '.join(clause.fields)}}} : {wanted}")
    return " AND ".join(parts)
