"""The PostgreSQL engine: a ``tsvector`` per entry in ``search_terms`` with a GIN index
(``lexemes``), ranked with ``ts_rank`` at the head of the match sets' coarse order
(``bm25.ranked``); each write logged for the servers' kept sets (``change_log``)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from contextlib import AbstractContextManager
from weakref import WeakKeyDictionary

from pyroaring import FrozenBitMap
from sqlalchemy import Connection, Engine, RootTransaction, text

from discogs_service.search import ranking
from discogs_service.search.entries import IndexEntry
from discogs_service.search.query import SearchQuery
from discogs_service.search.ranking import KIND_BOOST, without_short_prefixes
from discogs_service.storage.search import bm25
from discogs_service.storage.search.change_log import ChangeLog, log_changes
from discogs_service.storage.search.lexemes import tsquery_text, tsvector_text, word_tsquery
from discogs_service.storage.search.match_sets import (
    BUDGET_BYTES,
    Changes,
    NeedsSnapshot,
    Word,
    index_version,
    kind_word,
    query_words,
    raise_index_version,
)
from discogs_service.storage.search.page_cache import (
    REFRESH_LAG_SECONDS,
    KeptPage,
    PageCache,
    query_key,
)
from discogs_service.storage.search.rank_cache import RankCache
from discogs_service.storage.search.results import (
    MAIN_FACTS,
    MAIN_JOIN,
    Hits,
    Progress,
    SearchEngine,
    kind_boost_sql,
    matched_page,
    rendered,
)
from discogs_service.storage.sql import bigint_array, insert_rows, read_only, slices
from discogs_service.storage.tables import search_docs

# The shares of the memory budget that keep answered pages (``page_cache``), the change
# log's versions read (``change_log``) and the ``ts_rank`` scores read (``rank_cache``); the
# match sets keep the rest, 208 MB of the default 256 (the benchmark's 500 queries over
# 1,000,000 releases keep ~200 MB of sets). A page of 50 results takes ~600 bytes, and a
# page of at most KEPT_MATCHES matches keeps them too: ~800 bytes a page over the benchmark's
# mix at 100,000 releases, so 1/32 of 256 MB keeps ~10,000. An eighth keeps ~350,000
# lexemes of changed entries: the versions of ~2,000 changed releases, what a
# 100,000-release refresh changes. A 32nd keeps ~84,000 scores: the heads of ~400 queries at
# FINE_MAX.
PAGES_SHARE = 32
LOG_SHARE = 8
RANKS_SHARE = 32
# The matches a kept page keeps at most (``_keep``), to tell that a batch left them alone
# (``_matches_untouched``). A batch of a refresh writes ~100-500 entries, which a page of
# thousands of matches nearly always meets. Through a 100,000-release refresh, pages of up
# to 5,000 matches took ~2,200 bytes on average and 23 % were kept across a version; of up
# to 1,000, ~800 bytes and 17 %.
KEPT_MATCHES = 1_000
# A query's scores kept at most (a few heads of FINE_MAX entries).
SCORES_A_QUERY = 4 * bm25.FINE_MAX


class PostgresSearch(SearchEngine):
    """A search reads the pages kept (``page_cache``) in one statement, with the version of
    the index it sees; one not kept, or of an older version, is counted and ranked on the
    match sets in one snapshot, and kept."""

    mark = "%s"

    def __init__(self, engine: Engine, sets_budget: int = BUDGET_BYTES) -> None:
        pages, log = sets_budget // PAGES_SHARE, sets_budget // LOG_SHARE
        ranks = sets_budget // RANKS_SHARE
        super().__init__(engine, sets_budget - pages - log - ranks)
        self.pages = PageCache(pages)
        self.log = ChangeLog(log)
        self.ranks = RankCache(ranks)
        self.carried = 0  # pages answered again at a newer version (for tests, diagnostics)
        self.moved = 0  # pages the index moved under, answered again in a snapshot (the same)
        self.lagged = 0  # pages answered as kept although an import moved the index on
        self._entries: tuple[int, int] = (-1, 1)  # (version, entries) of the last ranking
        self._raised: WeakKeyDictionary[RootTransaction, int] = WeakKeyDictionary()

    def search(self, query: SearchQuery, offset: int, limit: int) -> Hits:
        if query.impossible or query.matches_everything:
            return super().search(query, offset, limit)
        page = (query_key(query), offset, limit, _bounds())
        kept = self.pages.latest(page)
        # A page neither kept nor of words kept has a word to read: straight to a snapshot.
        if kept is not None or self.sets.holds(_known_words(query)):
            try:
                with read_only(self.engine) as conn:
                    answered = self._outside_snapshot(conn, query, page, kept, offset, limit)
                if answered is not None:
                    return answered
            except NeedsSnapshot:
                self.moved += 1
        with self.snapshot() as conn, self.sets.one_view(conn) as now:
            if kept is not None and self._still(conn, query, page, kept, now):
                return Hits(kept.total, self.documents(conn, kept.keys), kept.keys)
            found, matched = self._worked_out(conn, query, offset, limit, {})
            self._keep(now, query, page, found, matched)
        return found

    def _outside_snapshot(
        self,
        conn: Connection,
        query: SearchQuery,
        page: Hashable,
        kept: KeptPage | None,
        offset: int,
        limit: int,
    ) -> Hits | None:
        """The page from statements of their own (``conn`` in autocommit), all of one
        version: a kept page's documents with the version they are of; a page worked out
        again checks that its documents are of the version it began at, and each read
        between does the same (``change_log``) or needs a snapshot (``keys_of_word``). No
        transaction spares a refresh's busy database two round trips of the six a page
        worked out in a snapshot took, and a kept page of an older version the statement
        that told its version. None: a word of the page must be read from the index."""
        docs: dict[int, bytes] = {}
        if kept is None:
            now = index_version(conn)  # the caller saw that its words are kept
        else:
            now, lag_from, docs = documents_at(conn, kept.keys)
            if (
                now == kept.version
                or self._still(None, query, page, kept, now)
                or self._lagging(kept, docs, lag_from)
            ):
                return Hits(kept.total, [docs[key] for key in kept.keys], kept.keys)
            if not self.sets.holds(_known_words(query)):
                return None  # a cold word: read in a snapshot, with its plan's settings
        with self.sets.one_view(conn, now):
            if kept is not None and self._still(conn, query, page, kept, now):
                return Hits(kept.total, [docs[key] for key in kept.keys], kept.keys)
            found, matched = self._worked_out(conn, query, offset, limit, docs)
        self._keep(now, query, page, found, matched)
        return found

    def _lagging(self, kept: KeptPage, docs: dict[int, bytes], lag_from: int | None) -> bool:
        """Whether ``kept`` answers although the index moved on: it is of ``lag_from`` or a
        later version, which an import writing the index marked less than
        REFRESH_LAG_SECONDS ago (``_mark``), and each of its entries is still there (its
        document as it is now). A refresh's searches then lag its writes by that much at
        most, as on SQLite, whose index commits that often through a refresh. When nearly
        every page of the benchmark's mix was ranked again at each batch of a
        100,000-release refresh, its server answered 290-654 requests a second through it,
        against 497-666 with pages behind (benchmarks/README.md)."""
        if lag_from is None or kept.version < lag_from or len(docs) < len(set(kept.keys)):
            return False
        self.lagged += 1
        return True

    def _worked_out(
        self,
        conn: Connection,
        query: SearchQuery,
        offset: int,
        limit: int,
        held: dict[int, bytes],
    ) -> tuple[Hits, FrozenBitMap]:
        """The page counted and ranked on the match sets, and every match's key."""
        matched, keys = matched_page(conn, self, without_short_prefixes(query), offset, limit)
        return Hits(len(matched), self._documents_beside(conn, keys, held), keys), matched

    def _documents_beside(
        self, conn: Connection, keys: Sequence[int], held: dict[int, bytes]
    ) -> list[bytes]:
        """The documents of ``keys``, reading only those not ``held`` (read at the request's
        version). A page worked out again after a refresh's batch mostly keeps the entries
        it had, whose documents the check of the kept page has just read."""
        wanted = [key for key in keys if key not in held]
        read = dict(zip(wanted, self.documents(conn, wanted), strict=True)) if wanted else {}
        return [held[key] if key in held else read[key] for key in keys]

    def documents(self, conn: Connection, keys: Sequence[int]) -> list[bytes]:
        """Read with the index's version: one the request did not begin at shows that the
        index moved on under a request outside a snapshot (in a snapshot it cannot)."""
        seen, _, docs = documents_at(conn, keys)
        if seen != self.sets.version(conn):
            raise NeedsSnapshot(f"the page's documents of version {seen}")
        return [docs[key] for key in keys]

    def _keep(
        self, version: int, query: SearchQuery, page: Hashable, found: Hits, matched: FrozenBitMap
    ) -> None:
        """Keep the page with what ``_still`` checks: the sizes of its words' sets; and when
        every match is ranked, the matches and the entry count their IDFs took."""
        sizes = [self.sets.kept_size(word, version) for word in _page_words(query)]
        known = None if None in sizes else tuple(size or 0 for size in sizes)
        at, entries = self._entries
        whole = len(matched) <= min(KEPT_MATCHES, ranking.RANK_LIMIT) and at == version
        self.pages.keep(
            page,
            KeptPage(
                version,
                found.total,
                found.keys,
                known,
                matched if whole else None,
                entries if whole else None,
            ),
        )

    def _still(
        self,
        conn: Connection | None,
        query: SearchQuery,
        page: Hashable,
        kept: KeptPage,
        now: int,
    ) -> bool:
        """Whether ``kept`` is the page at version ``now`` too (then kept as of it): whether
        the entries written since matched none of the words that decide the page, then or
        now. An entry that did not change matches every word as it did, so each word's set
        is the same if no changed entry is in it now and it is as large as it was; with the
        same sets the page counts, ranks (IDFs from their sizes, ``ts_rank`` of unchanged
        entries) and pages the same. Told from the sets and changes the process holds, or
        with ``conn`` (which sees ``now``) reading what it lacks. Every batch of a refresh
        moves the version: answered afresh, each request was ranked again through the whole
        import (p95 3.5-3.9x the quiet figure at 100,000 releases)."""
        if kept.sizes is None:
            return False
        changes = self.sets.changes(conn, kept.version, now)
        if changes is None:
            return False
        in_a_set = False
        for word, size in zip(_page_words(query), kept.sizes, strict=True):
            keys = self.sets.kept_at(word, now) if conn is None else self.sets.word(conn, word)
            if keys is None or len(keys) != size:
                return False
            in_a_set = in_a_set or keys.intersect(changes.keys)
        if in_a_set and (conn is None or not self._matches_untouched(conn, query, kept, changes)):
            return False
        self.pages.keep(
            page,
            KeptPage(now, kept.total, kept.keys, kept.sizes, kept.matches, kept.entries),
        )
        self.carried += 1
        return True

    def _matches_untouched(
        self, conn: Connection, query: SearchQuery, kept: KeptPage, changes: Changes
    ) -> bool:
        """Whether the entries written since are among the page's matches neither then nor
        now (``conn`` sees now), with the IDFs of then: its words' sizes (the caller checked
        them) and the index's entry count. Every match then scores as it did (which fields
        hold each word, its kind and ``ts_rank`` are its own), so the page is the same.
        Told for pages whose matches are all ranked, and kept (``KEPT_MATCHES``). Through a
        refresh of the 100,000-release benchmark catalogue, 343 of its mix's 2,000 pages at
        4 versions were kept this way, none by the words' sets alone: every word of that
        mix is in thousands of entries, which most batches write one of."""
        if kept.matches is None or kept.entries != self._entries_at(conn):
            return False
        if kept.matches.intersect(changes.keys):
            return False
        return not self.sets.matches(conn, without_short_prefixes(query)).intersect(changes.keys)

    def replace(self, conn: Connection, rows: Sequence[IndexEntry], *, fresh: bool) -> None:
        if not rows:
            return
        # One statement a table for all rows (``insert_rows``), so no key may come twice.
        entries = list({row.key: row for row in rows}.values())
        insert_rows(
            conn,
            search_docs,
            ("key", "kind", "entity_id", "facts", "main_key"),
            [(r.key, r.kind, r.entity_id, r.facts, r.main_key) for r in entries],
            "ON CONFLICT (key) DO UPDATE SET facts = excluded.facts, main_key = excluded.main_key",
        )
        # The vectors live in a narrow table of their own (migration 0012): a common word's
        # keys are read from its heap, which a wide row of facts and result would swell.
        conn.exec_driver_sql(
            "INSERT INTO search_terms (key, tsv)"
            " SELECT key, tsv::tsvector FROM unnest(%s::bigint[], %s::text[]) AS entry(key, tsv)"
            " ON CONFLICT (key) DO UPDATE SET tsv = excluded.tsv",
            ([r.key for r in entries], [tsvector_text(r.fields) for r in entries]),
        )
        # The match sets kept are stale from this commit on, or brought up to date from the log.
        log_changes(conn, self._version_of(conn), [r.key for r in entries], bulk=self._bulk)

    def delete(self, conn: Connection, keys: Sequence[int]) -> None:
        if not keys:
            return
        for part in slices(keys):
            conn.execute(text("DELETE FROM search_terms WHERE key = ANY(:keys)"), {"keys": part})
            conn.execute(text("DELETE FROM search_docs WHERE key = ANY(:keys)"), {"keys": part})
        log_changes(conn, self._version_of(conn), keys, bulk=self._bulk)

    # GIN keeps pending entries in a fast-update list on its own; a bulk load only stops
    # logging its entries one by one (a first import of millions), which every server's
    # sets then take as "everything changed". Dropping the index for a bulk load and building
    # it at the end saved nothing: 200,000 entries took 63 s inserted with it and 18 + 46 s
    # inserted without it and then built (2026-12-05, load 6-7).
    def start_import(self, conn: Connection, *, bulk: bool) -> None:
        self._bulk, self._importing = bulk, True
        _mark(conn, behind=0, every_ms=0)

    def finish_import(self, conn: Connection) -> None:
        self._bulk = self._importing = False
        conn.exec_driver_sql("UPDATE search_state SET marked_version = NULL, marked_at = NULL")

    _bulk = False
    _importing = False

    def after_transaction(self, *, committed: bool) -> None:
        return None  # the text vector commits with its row

    def catch_up(self, progress: Progress | None = None) -> None:
        return None

    def close(self) -> None:
        return None

    def _version_of(self, conn: Connection) -> int:
        """The version of the index ``conn``'s transaction writes: raised by its first write,
        shared by the others. An import batch writes its new entries, its changed ones and
        their masters' apart; as three versions they made every server check or work out
        its kept pages three times a batch."""
        transaction = conn.get_transaction()
        version = None if transaction is None else self._raised.get(transaction)
        if version is None:
            version = raise_index_version(conn)
            if self._importing:
                _mark(conn, behind=1, every_ms=_REMARK_MS)
            if transaction is not None:
                self._raised[transaction] = version
        return version

    def changes_between(self, conn: Connection | None, old: int, new: int) -> Changes | None:
        return self.log.between(conn, old, new)

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
            self._entries_at(conn),
            lambda keys, _phrases: self._ts_rank(conn, rank, keys),
        )

    def _entries_at(self, conn: Connection) -> int:
        """The index's entries by PostgreSQL's statistics, read once per version: a page
        worked out again at every batch of a refresh spent a round trip on it."""
        version = self.sets.version(conn)
        at, entries = self._entries
        if at != version:
            entries = _entries(conn)
            self._entries = (version, entries)
        return entries

    def _ts_rank(self, conn: Connection, tsquery: str, keys: Sequence[int]) -> dict[int, float]:
        """The ``ts_rank`` of ``keys`` for ``tsquery`` (kind boost included): those kept from
        an earlier version whose entries it did not write (``rank_cache``), the rest read."""
        now = self.sets.version(conn)
        at = self.ranks.version_of(tsquery)
        changes = self.sets.changes(conn, at, now) if at is not None and at < now else None
        scores = self.ranks.known(tsquery, now, changes)
        wanted = [key for key in keys if key not in scores]
        if not wanted and at == now:
            return scores
        read = _ts_rank_of(conn, tsquery, wanted, now) if wanted else {}
        scores = {**scores, **read}
        if len(scores) > SCORES_A_QUERY:  # a head that moves a lot: keep the latest one's
            scores = {key: scores[key] for key in keys}
        self.ranks.keep(tsquery, now, scores)
        return scores

    @staticmethod
    def keys_of_word(conn: Connection, word: Word) -> Iterable[int]:
        """The word's keys as one array, through the GIN index. For a word in most entries
        the planner scans the table instead (in parallel), which takes every row's vector
        out of TOAST to test it, and rows handed to Python one by one cost as much again:
        "the" in 129,776 of 200,053 entries took 1,000 ms that way, 210 ms as an array read
        by the index (PostgreSQL 15, loaded 2-core machine). The rest of the request's
        transaction plans as usual.

        The index's matches are a bitmap of the table's pages, kept in ``work_mem``; beyond
        it the bitmap forgets which rows of a page matched, and every row of those pages is
        tested again, each vector taken out of TOAST. At 1,000,000 releases "the" (768,891
        entries on 116,802 of 117,580 pages) took 1,937 ms with the default 4 MB (65,927
        pages lossy, 1.5 M buffers) and 608-668 ms with 8 MB or more (none lossy): so the
        read gets 128 bytes a page of the table, which a word's bitmap uses only if it is in
        that many pages."""
        if conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
            # Its settings last one transaction, and the set is kept as of the request's
            # version, which a statement of its own may not see.
            raise NeedsSnapshot(f"the word {word.text!r} is read in a snapshot")
        # The settings as they were, then set for this statement (left to right).
        seqscan, work_mem, *_ = conn.exec_driver_sql(
            "SELECT current_setting('enable_seqscan'), current_setting('work_mem'),"
            " set_config('enable_seqscan', 'off', true), set_config('work_mem',"
            f" greatest({_WORK_MEM_KB[0]}, least({_WORK_MEM_KB[1]},"
            " pg_relation_size('search_terms') / 65536)) || 'kB', true)"
        ).one()
        found = conn.exec_driver_sql(
            "SELECT array_agg(key) FROM search_terms WHERE tsv @@ CAST(%s AS tsquery)",
            (word_tsquery(word),),
        ).scalar()
        conn.exec_driver_sql(
            "SELECT set_config('enable_seqscan', %s, true), set_config('work_mem', %s, true)",
            (seqscan, work_mem),
        )
        return found or ()


# The work_mem of a word's read, in kB: from PostgreSQL's default to 1 GB (the bitmap of a
# word in nearly every entry of a 19M-release catalogue's ~2.2M pages takes ~150 MB).
_WORK_MEM_KB = (4096, 1 << 20)


def _page_words(query: SearchQuery) -> list[Word]:
    """The words whose sets decide a page of ``query``: which entries match, and their IDFs.
    Those of its strong candidates (``ranking.parts_of``) do too, but a token in a strong
    field is in the entry's vector plain as well (``lexemes.tsvector_text``): their sets
    are the same whenever the plain words' are."""
    return query_words(without_short_prefixes(query))


def _known_words(query: SearchQuery) -> list[Word]:
    """The words a page of ``query`` is known to need before it is worked out (those of its
    strong candidates and phrases only show then)."""
    kind = [kind_word(query.kind)] if query.kind is not None else []
    return [*_page_words(query), *kind]


def _bounds() -> tuple[int, int, int]:
    """The bounds a page is ranked within (``search.ranking``, ``bm25``): a page kept is
    answered again only under the same ones (the tests lower them at run time)."""
    return (ranking.RANK_LIMIT, bm25.FINE_RANKED, bm25.FINE_MAX)


def _ts_rank_of(
    conn: Connection, tsquery: str, keys: Sequence[int], version: int
) -> dict[int, float]:
    """Read with the index's version: outside a snapshot, one the request did not begin at,
    or an entry gone, shows that the index moved on meanwhile."""
    found = conn.exec_driver_sql(
        "SELECT s.version, t.key, ts_rank('{0.1, 0.3, 0.6, 1.0}', t.tsv, CAST(%s AS tsquery), 1)"
        f" * {kind_boost_sql('t.key %% 4')} FROM search_state AS s"
        " LEFT JOIN search_terms AS t ON t.key = ANY(%s::bigint[])",
        (tsquery, bigint_array(keys)),
    ).all()
    scores = {key: float(rank) for _, key, rank in found if key is not None}
    if found[0][0] != version or len(scores) < len(set(keys)):
        raise NeedsSnapshot(f"ranked at version {found[0][0]}, for one at {version}")
    return scores


def documents_at(conn: Connection, keys: Sequence[int]) -> tuple[int, int | None, dict[int, bytes]]:
    """The index's version; the version an import marked less than REFRESH_LAG_SECONDS ago
    (``_mark``), or None; and the result documents of those of ``keys`` that are stored.
    Read in one statement (one snapshot, one round trip)."""
    rows = conn.exec_driver_sql(
        "SELECT s.version,"
        f" CASE WHEN s.marked_at > {_NOW_MS} - {_LAG_MS} THEN s.marked_version END,"
        f" d.key, d.facts, {MAIN_FACTS}"
        " FROM search_state AS s LEFT JOIN search_docs AS d ON d.key = ANY(%s::bigint[])"
        f" {MAIN_JOIN}",
        (bigint_array(keys),),
    ).all()
    docs = rendered(conn, {row[2]: row[3:] for row in rows if row[2] is not None})
    lag_from = rows[0][1]
    return int(rows[0][0]), None if lag_from is None else int(lag_from), docs


# The database's clock, in unix milliseconds: the importer's and the servers' may be on
# different machines.
_NOW_MS = "CAST(extract(epoch FROM clock_timestamp()) * 1000 AS bigint)"
_LAG_MS = int(REFRESH_LAG_SECONDS * 1000)
# An import marks a newer version this often, so that a page answers at most
# REFRESH_LAG_SECONDS behind it: each mark sends the pages of older versions to be worked
# out again, once.
_REMARK_MS = _LAG_MS // 2


def _mark(conn: Connection, *, behind: int, every_ms: int) -> None:
    """Mark the version the index has now and the time, unless marked less than
    ``every_ms`` ago (in ``conn``'s transaction; ``behind``: 1 when that transaction raised
    the version, which others do not see yet). A page kept at the marked version or a later
    one was the index's at that time or later; the mark of an import killed grows old."""
    conn.exec_driver_sql(
        f"UPDATE search_state SET marked_version = version - {behind}, marked_at = {_NOW_MS}"
        f" WHERE marked_at IS NULL OR marked_at <= {_NOW_MS} - {every_ms}"
    )


def _entries(conn: Connection) -> int:
    """How many entries PostgreSQL's statistics count in the index (the coarse order's IDFs
    need no more than that)."""
    found = conn.exec_driver_sql(
        "SELECT reltuples FROM pg_class WHERE oid = 'search_terms'::regclass"
    ).scalar()
    return max(1, int(found or 0))
