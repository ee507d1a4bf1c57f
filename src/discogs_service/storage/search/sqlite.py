"""The SQLite engine: a Tantivy index in a directory beside the database file, kept from the
entries' facts in ``search_docs``.

It counts every match exactly and ranks all of them by BM25 in milliseconds, cold or warm,
so there are no match sets or tiered ranking here. On 100,000 synthetic releases
(benchmarks/README.md): a 28 MB index against FTS5's 226 MB; count, rank and first page
p50 2.1 ms, p95 7.2 ms against FTS5's 8.8 / 33.5 ms; a fresh server's first answers p95
7.6 ms against 44.8 ms on match sets read from FTS5.

Tantivy shares no transaction with the database. Each transaction that changes entries
records their keys in a journal (``search_pending``) beside the change; once it has
committed, ``sync`` indexes those keys again from ``search_docs`` (delete by key, then add:
idempotent), commits the index, clears the journal and raises ``search_state.version``. A
process killed in between leaves the journal behind, and the next ``sync`` (the next import,
or ``catch_up`` when a server or an import starts) replays it. Readers reload the index when
the version moved. Only one process may write the index at a time (Tantivy's lock): the
importer; a process that finds it taken leaves the journal to its holder.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import tantivy
from sqlalchemy import Connection, Engine

from discogs_service.search.entries import IndexEntry
from discogs_service.search.facts import (
    MASTER,
    RELEASE,
    SearchFacts,
    effective,
    index_fields,
)
from discogs_service.search.facts import key as search_key
from discogs_service.search.query import SearchQuery
from discogs_service.search.ranking import without_short_prefixes
from discogs_service.storage.search.match_sets import (
    BUDGET_BYTES,
    index_version,
    raise_index_version,
)
from discogs_service.storage.search.page_cache import (
    REFRESH_LAG_SECONDS,
    KeptPage,
    PageCache,
    query_key,
)
from discogs_service.storage.search.results import (
    Hits,
    Progress,
    documents_of,
    everything,
    stored_facts,
)
from discogs_service.storage.search.tantivy_query import (
    BOOST,
    FORMAT,
    KEY,
    document_json,
    keys_query,
    schema,
    search_query,
)
from discogs_service.storage.sql import slices

# The writer's memory: a batch of an import is a few thousand entries; a first import writes
# hundreds of thousands between commits, and Tantivy flushes a segment each time the heap
# fills (a larger heap: fewer, larger segments, less merging).
BATCH_HEAP = 32 << 20
BULK_HEAP = 128 << 20
# A first import commits the index every this many entries: the journal a crash leaves for
# replay stays this short.
BULK_COMMIT_ENTRIES = 200_000
# A refresh commits after this many seconds (searches see its changes this much later at
# most) or this many entries, whichever comes first. Every commit makes each server process
# drop the pages it keeps (``PageCache``) and answer every query afresh: committing once a
# second kept searches cold through the whole refresh (p95 4.7x the quiet one); once a
# minute they stay warm between commits (benchmarks/README.md).
REFRESH_COMMIT_SECONDS = REFRESH_LAG_SECONDS
REFRESH_COMMIT_ENTRIES = 50_000
REPLAY_SLICE = 5_000


def index_directory(engine: Engine) -> Path | None:
    """Where the index of a database file lives (None: an in-memory database)."""
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    return Path(database + ".search")


def open_index(directory: Path | None) -> tantivy.Index:
    if directory is None:
        return tantivy.Index(schema())
    directory.mkdir(parents=True, exist_ok=True)
    return tantivy.Index(schema(), path=str(directory))


class SqliteSearch:
    def __init__(self, engine: Engine, cache_budget: int = BUDGET_BYTES) -> None:
        self.engine = engine
        self.pages = PageCache(cache_budget)
        directory = index_directory(engine)
        # The database version the index was last committed at, and its layout: an index
        # that does not belong to the database beside it (the file was deleted and imported
        # anew, or restored from a backup) or was written by an earlier layout is rebuilt
        # when the storage opens.
        self._stamp = None if directory is None else directory / "database-version"
        self.index = open_index(directory)
        self.index.config_reader("Manual")
        self.schema = self.index.schema
        self._lock = threading.Lock()
        self._version: int | None = None
        self._writer: tantivy.IndexWriter | None = None
        self._importing = False  # an import run: the writer stays between its transactions
        self._bulk = False  # a first import of a kind
        self._committed_at = 0.0  # time.monotonic() of the last commit
        self._uncommitted = 0
        self._given = 0  # the journal up to this seq is in the writer, maybe uncommitted
        # What this process's last transactions wrote, by key (None: removed): indexed on
        # ``sync`` without reading the facts back, when they are what the journal names.
        self._staged: dict[int, tuple[str, ...] | None] = {}
        # Of those, the keys that were new to search_docs: nothing of theirs to delete.
        self._fresh: set[int] = set()

    # -- writing ----------------------------------------------------------------------------

    def replace(self, conn: Connection, rows: Sequence[IndexEntry], *, fresh: bool) -> None:
        if not rows:
            return
        conn.exec_driver_sql(
            "INSERT INTO search_docs (key, kind, entity_id, facts, main_key)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET facts = excluded.facts, main_key = excluded.main_key",
            [(r.key, r.kind, r.entity_id, r.facts, r.main_key) for r in rows],
        )
        self._journal(conn, [r.key for r in rows])
        self._staged.update((r.key, r.fields) for r in rows)
        if fresh:
            self._fresh.update(r.key for r in rows)

    def delete(self, conn: Connection, keys: Sequence[int]) -> None:
        for part in slices(keys):
            marks = ", ".join("?" * len(part))
            conn.exec_driver_sql(f"DELETE FROM search_docs WHERE key IN ({marks})", tuple(part))
        self._journal(conn, keys)
        self._staged.update((key, None) for key in keys)
        self._fresh.difference_update(keys)

    @staticmethod
    def _journal(conn: Connection, keys: Sequence[int]) -> None:
        conn.exec_driver_sql(
            "INSERT INTO search_pending (key) VALUES (?)", [(key,) for key in keys]
        )

    def after_transaction(self, *, committed: bool) -> None:
        """A transaction that may have written entries ended: index what it wrote, or
        forget what it would have."""
        if committed:
            self.sync()
        else:
            self._staged.clear()
            self._fresh.clear()

    def start_import(self, conn: Connection, *, bulk: bool) -> None:
        self._importing, self._bulk = True, bulk
        # The pages servers keep were read from the index as it is: a refresh's first
        # commit comes REFRESH_COMMIT_SECONDS after it starts, not with its first batch.
        self._committed_at = time.monotonic()

    def finish_import(self, conn: Connection) -> None:
        """The end of an import (or of one abandoned): what is left is indexed and committed
        once ``conn``'s transaction has (``after_transaction``), and the writer let go."""
        self._importing = self._bulk = False

    def sync(self, progress: Progress | None = None) -> None:
        """Index what the committed transactions journaled. Through an import the writer
        stays and commits now and then (``_commit_due``); otherwise at once, and the writer
        is let go so that another process may write next."""
        staged, self._staged = self._staged, {}
        fresh, self._fresh = self._fresh, set()
        with self.engine.connect() as conn:
            last = conn.exec_driver_sql("SELECT max(seq) FROM search_pending").scalar()
            if last is None:
                if not self._importing:
                    self._release_writer()
                return
            writer = self._take_writer()
            if writer is None:
                return  # another process writes the index: the journal is its to replay
            keys = [
                key
                for (key,) in conn.exec_driver_sql(
                    "SELECT DISTINCT key FROM search_pending WHERE seq > ? AND seq <= ?",
                    (self._given, last),
                )
            ]
            for done, part in _parts(keys, REPLAY_SLICE):
                self._reindex(conn, writer, part, staged, fresh)
                if progress is not None:
                    progress(done, len(keys))
            self._uncommitted += len(keys)
            self._given = last
            if self._importing and not self._commit_due():
                return
        self._commit(writer, last)
        if not self._importing:
            self._release_writer()

    def _commit_due(self) -> bool:
        """Whether an import's writer commits now: a first import every BULK_COMMIT_ENTRIES
        entries, a refresh every REFRESH_COMMIT_SECONDS or REFRESH_COMMIT_ENTRIES (each
        commit also costs ~70 ms whatever it holds: one per batch would cost a refresh of
        mostly unchanged records more than its writing)."""
        if self._bulk:
            return self._uncommitted >= BULK_COMMIT_ENTRIES
        waited = time.monotonic() - self._committed_at
        return waited >= REFRESH_COMMIT_SECONDS or self._uncommitted >= REFRESH_COMMIT_ENTRIES

    def catch_up(self, progress: Progress | None = None) -> None:
        """Replay what a killed process left in the journal, or rebuild an index that is not
        the database's (when a server or an import starts; cheap when there is nothing)."""
        with self.engine.connect() as conn:
            version = index_version(conn)
            pending = conn.exec_driver_sql("SELECT 1 FROM search_pending LIMIT 1").first()
        if not self._belongs(version):
            self._rebuild()
        elif pending is None:
            return
        self.sync(progress)
        self._release_writer()

    def _belongs(self, version: int) -> bool:
        """Whether the index is the database's: committed at its version (which only the
        index's commits raise on SQLite), or empty and never committed."""
        if self._stamp is None:
            return True
        if not self._stamp.exists():  # new, or from before the stamp: empty is the database's
            self.index.reload()
            return self.index.searcher().num_docs == 0
        return self._stamp.read_text() == _stamp_text(version)

    def _rebuild(self) -> None:
        """Empty the index and journal every entry of the database (indexed by ``sync``)."""
        writer = self._take_writer()
        if writer is None:
            return
        with self.engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO search_pending (key) SELECT key FROM search_docs")
        writer.delete_all_documents()
        self._given = 0
        self._commit(writer, 0)  # empty, and the database's: the journal fills it

    def _reindex(
        self,
        conn: Connection,
        writer: tantivy.IndexWriter,
        keys: list[int],
        staged: dict[int, tuple[str, ...] | None],
        fresh: set[int],
    ) -> None:
        unknown = [key for key in keys if key not in staged]
        fields = {key: staged[key] for key in keys if key in staged}
        fields.update(entry_fields(conn, unknown))
        # A delete applies to what was added before it: the entries added next stay. A
        # first import's entries are all new, and deleting them would cost a lookup of
        # each key in every segment.
        if indexed := [key for key in keys if key not in fresh]:
            writer.delete_documents_by_query(keys_query(self.schema, indexed))
        for key, text in fields.items():
            if text is not None:
                writer.add_json(document_json(key, text))

    def _commit(self, writer: tantivy.IndexWriter, last: int) -> None:
        writer.commit()
        self._uncommitted = 0
        self._committed_at = time.monotonic()
        with self.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM search_pending WHERE seq <= ?", (last,))
            raise_index_version(conn)
            version = index_version(conn)
        if self._stamp is not None:
            # After the database's commit: a crash in between costs a rebuild, not a
            # wrong index.
            self._stamp.write_text(_stamp_text(version))

    def _take_writer(self) -> tantivy.IndexWriter | None:
        if self._writer is None:
            heap = BULK_HEAP if self._bulk else BATCH_HEAP
            try:
                self._writer = self.index.writer(heap, 1)
            except ValueError as error:
                if "LockBusy" not in str(error) and "lock" not in str(error).lower():
                    raise
                return None
        return self._writer

    def _release_writer(self) -> None:
        writer, self._writer = self._writer, None
        if writer is None:
            return
        if self._uncommitted:
            writer.rollback()  # uncommitted work stays in the journal, replayed later
            self._uncommitted = 0
            self._given = 0
        writer.wait_merging_threads()

    def close(self) -> None:
        self._release_writer()

    # -- reading ----------------------------------------------------------------------------

    def search(self, query: SearchQuery, offset: int, limit: int) -> Hits:
        with self.engine.connect() as conn:
            if query.impossible:
                return Hits(0, [], [])
            if query.matches_everything:
                return everything(conn, query, offset, limit, "?")
            searcher, version = self._searcher(conn)
            page = (query_key(query), offset, limit)
            kept = self.pages.get(version, page)
            if kept is None:
                kept = KeptPage(version, *self._ranked(searcher, query, offset, limit))
                self.pages.keep(page, kept)
            return Hits(kept.total, *_documents(conn, kept.keys))

    def _ranked(
        self, searcher: tantivy.Searcher, query: SearchQuery, offset: int, limit: int
    ) -> tuple[int, list[int]]:
        """How many entries match, and the keys of the ``limit`` best from ``offset`` on."""
        tantivy_query = search_query(self.schema, without_short_prefixes(query))
        # Tantivy wants a limit of at least one, also for the count alone.
        found = searcher.search(
            tantivy_query, max(limit, 1), count=True, offset=offset, weight_by_field=BOOST
        )
        hits = [address for _, address in found.hits[:limit]]
        keys = [int(key or 0) for key in searcher.fast_field_values(KEY, hits)]
        # The stubs of tantivy 0.27 lack SearchResult.count, which the binding has.
        total: int = found.count  # type: ignore[attr-defined]
        return total, keys

    def _searcher(self, conn: Connection) -> tuple[tantivy.Searcher, int]:
        """A searcher of the index at the version ``conn`` sees, and that version."""
        version = index_version(conn)
        with self._lock:
            if version != self._version:
                self.index.reload()
                self._version = version
            return self.index.searcher(), version


def _stamp_text(version: int) -> str:
    """What the stamp of an index of this layout, committed at ``version``, holds."""
    return f"{version}\nformat {FORMAT}\n"


def _documents(conn: Connection, keys: list[int]) -> tuple[list[bytes], list[int]]:
    """The result documents of ``keys`` and their keys. An entry removed from the database
    whose removal the index has not seen yet (the moment between the two commits) is left
    out."""
    try:
        return documents_of(conn, keys, "?"), keys
    except KeyError:
        marks = ", ".join("?" * len(keys))
        present = {
            key
            for (key,) in conn.exec_driver_sql(
                f"SELECT key FROM search_docs WHERE key IN ({marks})", tuple(keys)
            )
        }
        kept = [key for key in keys if key in present]
        return documents_of(conn, kept, "?"), kept


def entry_fields(conn: Connection, keys: list[int]) -> dict[int, tuple[str, ...] | None]:
    """The index text of these entries from their facts (None: no longer in search_docs).
    A master borrows from its main release's facts, as when it was written."""
    facts = _facts(conn, keys)
    mains = _facts(
        conn,
        [search_key(RELEASE, f.main_release) for f in facts.values() if f.kind == MASTER],
    )
    found: dict[int, tuple[str, ...] | None] = dict.fromkeys(keys)
    for key, fact in facts.items():
        main = mains.get(search_key(RELEASE, fact.main_release)) if fact.kind == MASTER else None
        found[key] = index_fields(effective(fact, main))
    return found


def _facts(conn: Connection, keys: list[int]) -> dict[int, SearchFacts]:
    return stored_facts(conn, keys, "?")


def _parts(keys: list[int], size: int) -> Iterator[tuple[int, list[int]]]:
    """Slices of ``keys`` and how many keys are done after each."""
    for start in range(0, len(keys), size):
        part = keys[start : start + size]
        yield start + len(part), part
