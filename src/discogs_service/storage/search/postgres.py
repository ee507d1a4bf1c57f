"""The PostgreSQL engine: a ``tsvector`` column of ``search_docs`` with a GIN index, each token
in it twice - plain, weighted by its field's importance (A..D) for ``q``, and prefixed with its
field's code for field-restricted parameters - ranked with ``ts_rank`` at the head of the
match sets' coarse order (``bm25.ranked``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager

from pyroaring import FrozenBitMap
from sqlalchemy import Connection, text

from discogs_service.search.entries import IndexEntry
from discogs_service.search.facts import FIELDS
from discogs_service.search.query import QUERY_FIELDS, Clause, SearchQuery
from discogs_service.search.ranking import KIND_BOOST
from discogs_service.storage.search import bm25
from discogs_service.storage.search.match_sets import Word, raise_index_version
from discogs_service.storage.search.results import Progress, SearchEngine, kind_boost_sql
from discogs_service.storage.sql import slices

_CODES = {
    "kind": "k",
    "title": "ti",
    "artist": "ar",
    "anv": "an",
    "credit": "cr",
    "label": "la",
    "catno": "ca",
    "barcode": "ba",
    "track": "tr",
    "genre": "ge",
    "style": "st",
    "country": "co",
    "year": "ye",
    "format": "fo",
}
# ts_rank's four weights; a field's plain tokens carry the letter of its importance.
_WEIGHT_LETTERS = {10.0: "A", 8.0: "A", 3.0: "B", 1.0: "C", 0.5: "D"}


class PostgresSearch(SearchEngine):
    mark = "%s"

    def replace(self, conn: Connection, rows: Sequence[IndexEntry], *, fresh: bool) -> None:
        if not rows:
            return
        # The text vector goes in with the row: writing it by a second UPDATE left a dead
        # row version behind for every entry until a vacuum.
        conn.exec_driver_sql(
            "INSERT INTO search_docs (key, kind, entity_id, facts, doc, tsv)"
            " VALUES (%s, %s, %s, %s, %s, %s::tsvector) ON CONFLICT (key) DO UPDATE"
            " SET facts = excluded.facts, doc = excluded.doc, tsv = excluded.tsv",
            [(r.key, r.kind, r.entity_id, r.facts, r.doc, tsvector_text(r.fields)) for r in rows],
        )
        raise_index_version(conn)  # the match sets kept are stale from this commit on

    def delete(self, conn: Connection, keys: Sequence[int]) -> None:
        if not keys:
            return
        for part in slices(keys):
            conn.execute(text("DELETE FROM search_docs WHERE key = ANY(:keys)"), {"keys": part})
        raise_index_version(conn)

    def start_import(self, conn: Connection, *, bulk: bool) -> None:
        return None  # GIN keeps pending entries in a fast-update list on its own

    def finish_import(self, conn: Connection) -> None:
        return None

    def after_transaction(self, *, committed: bool) -> None:
        return None  # the text vector commits with its row

    def catch_up(self, progress: Progress | None = None) -> None:
        return None

    def close(self) -> None:
        return None

    def snapshot(self) -> AbstractContextManager[Connection]:
        return self.engine.connect().execution_options(isolation_level="REPEATABLE READ")

    def ranked(
        self, conn: Connection, query: SearchQuery, whole: SearchQuery, matches: FrozenBitMap
    ) -> list[int]:
        """``matches`` (of ``query``), best first: in the coarse order of the match sets, its
        head by ts_rank of the ``whole`` query's words wherever they are (a strong-candidates
        query is ranked as the whole q)."""
        rank = tsquery_text(whole)
        return bm25.ranked(
            conn,
            self.sets,
            query,
            matches,
            KIND_BOOST,
            _entries(conn),
            lambda keys, _phrases: self._ts_rank(conn, rank, keys),
        )

    @staticmethod
    def _ts_rank(conn: Connection, tsquery: str, keys: Sequence[int]) -> dict[int, float]:
        if not keys:
            return {}
        found = conn.exec_driver_sql(
            "SELECT key, ts_rank('{0.1, 0.3, 0.6, 1.0}', tsv, CAST(%s AS tsquery), 1)"
            f" * {kind_boost_sql('kind')} FROM search_docs WHERE key = ANY(%s)",
            (tsquery, list(keys)),
        ).all()
        return {key: float(rank) for key, rank in found}

    @staticmethod
    def keys_of_word(conn: Connection, word: Word) -> Iterable[int]:
        found = conn.exec_driver_sql(
            "SELECT key FROM search_docs WHERE tsv @@ CAST(%s AS tsquery)", (word_tsquery(word),)
        )
        return (key for (key,) in found)


def _entries(conn: Connection) -> int:
    """How many entries PostgreSQL's statistics count in the index (the coarse order's IDFs
    need no more than that)."""
    found = conn.exec_driver_sql(
        "SELECT reltuples FROM pg_class WHERE oid = 'search_docs'::regclass"
    ).scalar()
    return max(1, int(found or 0))


def word_tsquery(word: Word) -> str:
    star = ":*" if word.prefix else ""
    if word.anywhere:
        return f"'{word.text}'{star}"  # q: the plain tokens of every field
    return " | ".join(f"'{_CODES[field]}.{word.text}'{star}" for field in word.fields)


def tsvector_text(fields: Sequence[str]) -> str:
    """The tsvector of one entity: each token with its field code, and plain with the weight
    of the most important field it is in."""
    lexemes: dict[str, list[str]] = {}
    position = 0
    for name, value in zip(FIELDS, fields, strict=True):
        letter = _WEIGHT_LETTERS.get(QUERY_FIELDS.get(name, 0.0))
        for token in value.split():
            position = min(position + 1, 16383)
            lexemes.setdefault(f"{_CODES[name]}.{token}", []).append(str(position))
            if letter:
                lexemes.setdefault(token, []).append(f"{position}{letter}")
    return " ".join(f"'{lexeme}':{','.join(spots)}" for lexeme, spots in lexemes.items())


def tsquery_text(query: SearchQuery) -> str:
    parts = [f"'k.{query.kind}'"] if query.kind else []
    for clause in query.clauses:
        parts.append(_clause_tsquery(clause))
    return " & ".join(parts)


def _clause_tsquery(clause: Clause) -> str:
    terms = []
    last = len(clause.terms) - 1
    for index, term in enumerate(clause.terms):
        prefix = ":*" if clause.prefix_last and index == last else ""
        if clause.anywhere:
            terms.append(f"'{term}'{prefix}")  # q: the plain tokens of every field
        else:
            either = " | ".join(f"'{_CODES[f]}.{term}'{prefix}" for f in clause.fields)
            terms.append(f"({either})")
    every_term = "(" + " & ".join(terms) + ")"
    if clause.compact:  # only q has one, and q looks at the plain tokens
        prefix = ":*" if clause.prefix_last else ""
        return f"({every_term} | '{clause.compact}'{prefix})"
    return every_term
