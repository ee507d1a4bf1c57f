"""The search index: one small protocol, an SQLite FTS5 and a PostgreSQL full-text engine.

Both index the same fields (``search_facts.FIELDS``), already folded and tokenised in Python
(``search_text``), so the two engines agree on what matches; they differ in how they store and
rank it. SQLite: an FTS5 table whose rowid is the ``search_docs`` key, ranked with BM25 and
per-field weights. PostgreSQL: a ``tsvector`` column with a GIN index, holding each token
twice - plain, weighted by its field's importance (A..D) for ``q``, and prefixed with its
field's code for field-restricted parameters - ranked with ``ts_rank``.

A search reads the engine for what it has not seen yet and otherwise works on sets: the
matches are counted and paged from per-word match sets (``search_sets``), ranked in tiers
worked out on those sets with the head of the order scored by the engine's own formula
(``search_bm25``), and the result documents are read by key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from pyroaring import FrozenBitMap
from sqlalchemy import Connection, Engine, text

from discogs_service.prepared import Prepared
from discogs_service.search_facts import (
    ARTIST,
    FIELDS,
    KIND_CODES,
    MASTER,
    RELEASE,
    SearchFacts,
    effective,
    facts_decoder,
    facts_encoder,
    index_fields,
    result_document,
)
from discogs_service.search_facts import key as search_key
from discogs_service.search_query import QUERY_FIELDS, Clause, SearchQuery
from discogs_service.storage import search_bm25
from discogs_service.storage.search_sets import BUDGET_BYTES, MatchSets, Word, raise_index_version


@dataclass(frozen=True, slots=True)
class SearchRow:
    key: int
    kind: int
    entity_id: int
    facts: bytes
    doc: bytes
    fields: tuple[str, ...]  # index text per field, FIELDS order


@dataclass(frozen=True, slots=True)
class Hits:
    total: int
    docs: list[bytes]


class SearchIndex(Protocol):
    def replace(self, conn: Connection, rows: Sequence[SearchRow], *, fresh: bool) -> None:
        """Index ``rows`` (``fresh``: none of them is indexed yet) in the caller's transaction."""
        ...

    def delete(self, conn: Connection, keys: Sequence[int]) -> None: ...

    def start_bulk_load(self, conn: Connection) -> None:
        """A first import of a kind begins: index for writing speed until finish_bulk_load."""
        ...

    def finish_bulk_load(self, conn: Connection) -> None:
        """The bulk load ended (or was abandoned): make the index quick to query again. Cheap
        when there was none."""
        ...

    def search(self, query: SearchQuery, offset: int, limit: int) -> Hits:
        """The ``limit`` best matches from ``offset`` on, best first, and how many match."""
        ...


def search_index(engine: Engine, sets_budget: int = BUDGET_BYTES) -> SearchIndex:
    """The engine's index; ``sets_budget``: the bytes of match sets it may keep."""
    if engine.dialect.name == "sqlite":
        return SqliteSearch(engine, sets_budget)
    return PostgresSearch(engine, sets_budget)


def _upsert_docs(conn: Connection, rows: Sequence[SearchRow]) -> None:
    conn.exec_driver_sql(
        "INSERT INTO search_docs (key, kind, entity_id, facts, doc) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (key) DO UPDATE SET facts = excluded.facts, doc = excluded.doc",
        [(r.key, r.kind, r.entity_id, r.facts, r.doc) for r in rows],
    )


# Kinds that stand for more than one record come before the records when they match alike:
# a master before its versions (on Discogs "back in black" shows the master, then the
# pressings), an artist before the releases credited to the name. On SQLite the kind is the
# key's remainder by 4 (search_facts.key).
KIND_BOOST = {MASTER: 1.2, ARTIST: 1.2}
_KIND_BOOST_SQL = (
    "(CASE {kind}"
    + "".join(f" WHEN {kind} THEN {boost}" for kind, boost in KIND_BOOST.items())
    + " ELSE 1.0 END)"
)


# -- ranking within bounds ----------------------------------------------------------------------

# Ranking works through every candidate's key in Python, and a common word matches a good
# part of a million releases, so beyond RANK_LIMIT matches only the strong candidates are
# ranked - entities with the q words in the fields that weigh most (title, artist, name
# variation, label, catalogue number, barcode), which outrank the others anyway. They come
# first, ranked when they are at most RANK_LIMIT, then every other match; what is not
# ranked comes in key order.
RANK_LIMIT = 5_000
STRONG_FIELDS = ("title", "artist", "anv", "label", "catno", "barcode")


def strong_candidates(query: SearchQuery) -> SearchQuery | None:
    """``query`` with its ``q`` clause looking in the strong fields only; None without one."""
    if not any(clause.anywhere for clause in query.clauses):
        return None
    clauses = tuple(
        replace(clause, fields=STRONG_FIELDS, anywhere=False) if clause.anywhere else clause
        for clause in query.clauses
    )
    return replace(query, clauses=clauses)


# A one-letter prefix ("e*") stands for thousands of words that FTS5 merges match by match
# (its prefix index starts at two letters): ~0.7 s on a million releases, against ~2 ms for
# the letter as a word. A last word of one letter is therefore taken as it is.
MIN_PREFIX_LENGTH = 2


def without_short_prefixes(query: SearchQuery) -> SearchQuery:
    """``query`` with a last word too short to be a useful prefix matched as a whole word."""
    if not any(c.prefix_last and len(c.terms[-1]) < MIN_PREFIX_LENGTH for c in query.clauses):
        return query
    clauses = tuple(
        replace(c, prefix_last=False) if len(c.terms[-1]) < MIN_PREFIX_LENGTH else c
        for c in query.clauses
    )
    return replace(query, clauses=clauses)


@dataclass(frozen=True, slots=True)
class Part:
    """A run of the results: ``size`` matches, whose keys in order ``keys`` finds (only when
    the page reaches into the part)."""

    size: int
    keys: Callable[[], Sequence[int] | FrozenBitMap]


def parts_of(
    query: SearchQuery,
    matched: FrozenBitMap,
    strong_matches: Callable[[SearchQuery], FrozenBitMap],
    ranked: Callable[[SearchQuery, SearchQuery, FrozenBitMap], list[int]],
) -> list[Part]:
    """The results of ``query``, whose matches are ``matched`` (in key order): all ranked, or
    beyond RANK_LIMIT the strong candidates first (ranked when they are few enough), then
    the other matches in key order."""
    total = len(matched)
    if total <= RANK_LIMIT:
        return [Part(total, lambda: ranked(query, query, matched))]
    strong = strong_candidates(query)
    if strong is None:
        return [Part(total, lambda: matched)]
    candidates = strong_matches(strong) & matched
    rest = [Part(total - len(candidates), lambda: matched - candidates)]
    if len(candidates) > RANK_LIMIT:
        return [Part(len(candidates), lambda: candidates), *rest]
    return [Part(len(candidates), lambda: ranked(strong, query, candidates)), *rest]


def page_keys(parts: Sequence[Part], offset: int, limit: int) -> list[int]:
    """Keys ``offset`` to ``offset + limit`` of the parts taken one after the other."""
    keys: list[int] = []
    for part in parts:
        if offset < part.size and len(keys) < limit:
            keys += part.keys()[offset : offset + limit - len(keys)]
        offset = max(0, offset - part.size)
    return keys


def _kind_code(query: SearchQuery) -> int | None:
    return KIND_CODES[query.kind] if query.kind else None


class SqliteSearch:
    def __init__(self, engine: Engine, sets_budget: int = BUDGET_BYTES) -> None:
        self.engine = engine
        self.sets = MatchSets(self._keys_of_word, sets_budget)

    def replace(self, conn: Connection, rows: Sequence[SearchRow], *, fresh: bool) -> None:
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
        _upsert_docs(conn, rows)

    def delete_text(self, conn: Connection, keys: Sequence[int]) -> None:
        for part in _slices(keys):
            marks = ", ".join("?" * len(part))
            conn.exec_driver_sql(f"DELETE FROM search_fts WHERE rowid IN ({marks})", tuple(part))

    def delete(self, conn: Connection, keys: Sequence[int]) -> None:
        self.delete_text(conn, keys)
        for part in _slices(keys):
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

    def search(self, query: SearchQuery, offset: int, limit: int) -> Hits:
        with self.engine.connect() as conn:  # one transaction: one version of the index
            if query.impossible:
                return Hits(0, [])
            if query.matches_everything:
                return _everything(conn, _kind_code(query), offset, limit, "?")
            return _found(conn, self, without_short_prefixes(query), offset, limit, "?")

    def ranked(
        self, conn: Connection, query: SearchQuery, _whole: SearchQuery, matches: FrozenBitMap
    ) -> list[int]:
        """``matches`` (of ``query``), best first: FTS5's bm25 of the query's own words (a
        strong-candidates query's), computed from the match sets (``storage.search_bm25``)."""
        return search_bm25.fts5_ranked(conn, self.sets, query, matches, KIND_BOOST)

    @staticmethod
    def _keys_of_word(conn: Connection, word: Word) -> Iterable[int]:
        star = "*" if word.prefix else ""
        expression = f'{{{" ".join(word.fields)}}} : "{word.text}"{star}'
        cursor = conn.connection.driver_connection.execute(  # type: ignore[union-attr]
            "SELECT rowid FROM search_fts WHERE search_fts MATCH ?", (expression,)
        )
        return (key for (key,) in cursor)


def _found(
    conn: Connection,
    index: SqliteSearch | PostgresSearch,
    query: SearchQuery,
    offset: int,
    limit: int,
    mark: str,
) -> Hits:
    """Count with the match sets, rank with the engine within bounds, page."""
    matched = index.sets.matches(conn, query)
    parts = parts_of(
        query,
        matched,
        lambda strong: index.sets.matches(conn, strong),
        lambda matching, whole, candidates: index.ranked(conn, matching, whole, candidates),
    )
    return Hits(len(matched), _docs_of(conn, page_keys(parts, offset, limit), mark))


def _bm25(query: SearchQuery) -> str:
    """FTS5's own score of a match, lower is better (bm25 is negative: the boost makes it
    lower): what ``search_bm25`` computes without FTS5, and what the tests and the search
    benchmark's bare engine compare it with."""
    weights = ", ".join(str(query.weights.get(f, 0.0)) for f in FIELDS)
    return f"bm25(search_fts, {weights}) * {_KIND_BOOST_SQL.format(kind='rowid % 4')}"


def _docs_of(conn: Connection, keys: Sequence[int], mark: str) -> list[bytes]:
    """The result documents of ``keys``, in that order."""
    if not keys:
        return []
    marks = ", ".join([mark] * len(keys))
    rows = conn.exec_driver_sql(
        f"SELECT key, doc FROM search_docs WHERE key IN ({marks})", tuple(keys)
    ).all()
    docs = {row[0]: bytes(row[1]) for row in rows}
    return [docs[key] for key in keys]


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


# -- PostgreSQL -------------------------------------------------------------------------------

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


class PostgresSearch:
    def __init__(self, engine: Engine, sets_budget: int = BUDGET_BYTES) -> None:
        self.engine = engine
        self.sets = MatchSets(self._keys_of_word, sets_budget)

    def replace(self, conn: Connection, rows: Sequence[SearchRow], *, fresh: bool) -> None:
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

    def delete(self, conn: Connection, keys: Sequence[int]) -> None:
        for part in _slices(keys):
            conn.execute(text("DELETE FROM search_docs WHERE key = ANY(:keys)"), {"keys": part})

    def start_bulk_load(self, conn: Connection) -> None:
        return None  # GIN keeps pending entries in a fast-update list on its own

    def finish_bulk_load(self, conn: Connection) -> None:
        return None

    def search(self, query: SearchQuery, offset: int, limit: int) -> Hits:
        # One snapshot for the whole search: the version read first is the one counted.
        with self.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
            if query.impossible:
                return Hits(0, [])
            if query.matches_everything:
                return _everything(conn, _kind_code(query), offset, limit, "%s")
            return _found(conn, self, without_short_prefixes(query), offset, limit, "%s")

    def ranked(
        self, conn: Connection, query: SearchQuery, whole: SearchQuery, matches: FrozenBitMap
    ) -> list[int]:
        """``matches`` (of ``query``), best first: in the coarse order of the match sets, its
        head by ts_rank of the ``whole`` query's words wherever they are (a strong-candidates
        query is ranked as the whole q)."""
        rank = tsquery_text(whole)
        return search_bm25.ranked(
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
            f" * {_KIND_BOOST_SQL.format(kind='kind')} FROM search_docs WHERE key = ANY(%s)",
            (tsquery, list(keys)),
        ).all()
        return {key: float(rank) for key, rank in found}

    @staticmethod
    def _keys_of_word(conn: Connection, word: Word) -> Iterable[int]:
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


def _everything(conn: Connection, kind: int | None, offset: int, limit: int, mark: str) -> Hits:
    where, params = ("WHERE kind = " + mark, (kind,)) if kind is not None else ("", ())
    total = conn.exec_driver_sql(f"SELECT count(*) FROM search_docs {where}", params).scalar_one()
    rows = conn.exec_driver_sql(
        f"SELECT doc FROM search_docs {where} ORDER BY key LIMIT {mark} OFFSET {mark}",
        (*params, limit, offset),
    ).all()
    return Hits(int(total), [bytes(row[0]) for row in rows])


def _slices(items: Sequence[Any], size: int = 900) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


# -- keeping the index current during imports ----------------------------------------------

KIND_OF_TABLE = {"releases": 0, "masters": 1, "artists": 2, "labels": 3}


class SearchWriter:
    """Writes the search entries of an import batch, in the batch's transaction."""

    def __init__(self, index: SearchIndex, marker: str) -> None:
        self.index = index
        self.marker = marker

    def write(
        self, conn: Connection, table: str, fresh: Sequence[Prepared], changed: Sequence[Prepared]
    ) -> None:
        """Index prepared records that are new or changed."""
        if fresh or changed:
            raise_index_version(conn)
        if table == "masters":
            self.index.replace(conn, self._master_rows(conn, fresh), fresh=True)
            self.index.replace(conn, self._master_rows(conn, changed), fresh=False)
            return
        kind = KIND_OF_TABLE[table]
        self.index.replace(conn, [_row(kind, r) for r in fresh], fresh=True)
        self.index.replace(conn, [_row(kind, r) for r in changed], fresh=False)
        if table == "releases":
            self._refresh_masters_of(conn, [r.id for r in [*fresh, *changed]])

    def remove(self, conn: Connection, table: str, ids: Sequence[int]) -> None:
        """Drop the entries of these entities (before they are deleted)."""
        if not ids:
            return
        raise_index_version(conn)
        kind = KIND_OF_TABLE[table]
        self.index.delete(conn, [search_key(kind, i) for i in ids])

    def _master_rows(self, conn: Connection, records: Sequence[Prepared]) -> list[SearchRow]:
        masters = [facts_decoder.decode(r.search.facts) for r in records]
        mains = self._facts(conn, [search_key(RELEASE, m.main_release) for m in masters])
        return [_built(m, mains.get(search_key(RELEASE, m.main_release))) for m in masters]

    def _refresh_masters_of(self, conn: Connection, release_ids: list[int]) -> None:
        master_ids: list[int] = []
        for part in _slices(release_ids):
            marks = ", ".join([self.marker] * len(part))
            master_ids += [
                row[0]
                for row in conn.exec_driver_sql(
                    f"SELECT id FROM masters WHERE main_release IN ({marks})", tuple(part)
                )
            ]
        if not master_ids:
            return
        masters = self._facts(conn, [search_key(MASTER, i) for i in master_ids])
        mains = self._facts(conn, [search_key(RELEASE, f.main_release) for f in masters.values()])
        rows = [_built(m, mains.get(search_key(RELEASE, m.main_release))) for m in masters.values()]
        self.index.replace(conn, rows, fresh=False)

    def _facts(self, conn: Connection, keys: list[int]) -> dict[int, SearchFacts]:
        found: dict[int, SearchFacts] = {}
        for part in _slices(keys):
            marks = ", ".join([self.marker] * len(part))
            for key, facts in conn.exec_driver_sql(
                f"SELECT key, facts FROM search_docs WHERE key IN ({marks})", tuple(part)
            ):
                found[key] = facts_decoder.decode(bytes(facts))
        return found


def _row(kind: int, record: Prepared) -> SearchRow:
    facts, fields, result = record.search
    assert fields is not None and result is not None, "only a master's entry lacks them"
    return SearchRow(search_key(kind, record.id), kind, record.id, facts, result, fields)


def _built(facts: SearchFacts, main: SearchFacts | None) -> SearchRow:
    complete = effective(facts, main)
    return SearchRow(
        search_key(facts.kind, facts.id),
        facts.kind,
        facts.id,
        facts_encoder.encode(facts),
        result_document(complete),
        index_fields(complete),
    )
