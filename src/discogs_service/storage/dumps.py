"""The import side of the catalogue: runs, batches, and the end-of-file removal.

Each batch is one transaction: the records, their listing rows, the run's progress and the
catalogue counts commit together. A batch that fails leaves nothing behind, and an
interrupted run resumes after its last committed record.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyroaring import BitMap64
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from discogs_service import basic_information, documents
from discogs_service.list_display import display_of
from discogs_service.prepared import Prepared, Unchanged
from discogs_service.storage import compressed
from discogs_service.storage.collection import refresh_release_keys
from discogs_service.storage.lists import KIND_TABLES
from discogs_service.storage.search import SearchIndex
from discogs_service.storage.search.writer import SearchWriter
from discogs_service.storage.sql import insert_rows, placeholder, slices, with_placeholder
from discogs_service.storage.tables import (
    BULK_INDEXES,
    RELEASE_REFERENCES,
    artist_credits,
    metadata,
    release_labels,
)

KIND_COLUMNS: dict[str, tuple[str, ...]] = {
    "artists": ("name",),
    "labels": ("name",),
    "masters": ("main_release", "title", "year", "artist"),
    "releases": ("master_id", "title", "year", "released", "format", "summary"),
}


# Ids read as one range when they span at most this many times their number (the ids of a
# dump's chunk rise with small gaps); ids spread wider are looked up one by one.
DENSE_SPAN = 4

# PostgreSQL's statistics of a table are refreshed after an import that is not a first one
# once this many rows plus this share of the table changed since its last ANALYZE: the
# defaults of autovacuum_analyze_threshold and autovacuum_analyze_scale_factor.
ANALYZE_ROWS = 50
ANALYZE_SHARE = 0.1

# Records the end-of-run removal reads from the source index a statement.
UNSEEN_SLICE = 20_000

# The list item kind of each catalogue table (``releases`` -> ``release``).
ITEM_KINDS = {table: kind for kind, table in KIND_TABLES.items()}


# How SQLite sorts the keys of an index built after a bulk load. Its sorter keeps a run of
# keys in memory up to the page cache's size (64 MB here), then writes it out sorted and
# merges the runs at the end, on helper threads when allowed. Runs of 2 MB (the sorter's
# least at 8 KB pages) sort in the processor's caches; runs of 64 MB do not. The index by
# artist of 11.8M credits (1M synthetic releases) built in 13.5-15.3 s with 64 MB runs and
# no helper, 8.2 s with 2 MB runs, 5.7-7.1 s with 2 MB runs and two helpers; of 47M credits
# in 61.9 s against 25.9 s (benchmarks/README.md, "Index builds in small sorted runs").
INDEX_BUILD_CACHE_KIB = 2048
INDEX_BUILD_THREADS = 2


@contextmanager
def _sorting_for_index_builds(conn: Connection) -> Iterator[None]:
    """Within the block, SQLite sorts index keys in small runs, merged on helper threads;
    the connection's own settings are restored after it (the pool hands it out again)."""
    if conn.dialect.name != "sqlite":
        yield
        return
    cache_size = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
    threads = conn.exec_driver_sql("PRAGMA threads").scalar_one()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{INDEX_BUILD_CACHE_KIB}")
    conn.exec_driver_sql(f"PRAGMA threads={INDEX_BUILD_THREADS}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(cache_size)}")
        conn.exec_driver_sql(f"PRAGMA threads={int(threads)}")


class ChangedDuringImport(RuntimeError):
    """Another import of the kind started meanwhile: records skipped as unchanged may not be."""


@dataclass
class ImportRun:
    id: int
    kind: str
    file_name: str
    dump_date: str | None
    records_done: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    resumed: bool = False
    bulk: bool = False
    not_converted: int = 0  # unchanged records not even parsed (this process only)


class DumpWriter:
    def __init__(self, engine: Engine, search: SearchIndex) -> None:
        self.engine = engine
        self._sqlite = engine.dialect.name == "sqlite"
        self._placeholder = placeholder(engine)
        self.packers = compressed.Packers()
        self.search = SearchWriter(search, self._placeholder, self.packers)

    # -- runs -------------------------------------------------------------------------------

    def start_run(
        self, kind: str, file_name: str, file_size: int, dump_date: str | None
    ) -> ImportRun:
        """A new run, or the interrupted run of this same file to resume."""
        with self._begin() as conn:
            row = self._execute(
                conn,
                "SELECT id, file_name, file_size, records_done, added, updated, unchanged, bulk"
                " FROM import_runs WHERE kind = ? AND status = 'running' ORDER BY id DESC",
                (kind,),
            ).first()
            if row is not None and row.file_name == file_name and row.file_size == file_size:
                self.search.index.start_import(conn, bulk=bool(row.bulk))
                return ImportRun(
                    id=row.id,
                    kind=kind,
                    file_name=file_name,
                    dump_date=dump_date,
                    records_done=row.records_done,
                    added=row.added,
                    updated=row.updated,
                    unchanged=row.unchanged,
                    resumed=True,
                    bulk=bool(row.bulk),
                )
            self._forget_seen(
                conn, "SELECT id FROM import_runs WHERE kind = ? AND status = 'running'", (kind,)
            )
            self._execute(
                conn,
                "UPDATE import_runs SET status = 'abandoned' WHERE kind = ? AND status = 'running'",
                (kind,),
            )
            bulk = self._is_empty(conn, kind)
            run_id = self._execute(
                conn,
                "INSERT INTO import_runs (kind, file_name, file_size, dump_date, status,"
                " started_at, records_done, added, updated, unchanged, removed, bulk)"
                " VALUES (?, ?, ?, ?, 'running', ?, 0, 0, 0, 0, 0, ?) RETURNING id",
                (kind, file_name, file_size, dump_date, int(time.time()), int(bulk)),
            ).scalar_one()
            if bulk:
                self._drop_bulk_indexes(conn, kind)
            self.search.index.start_import(conn, bulk=bulk)
        if row is not None and row.bulk and not bulk:
            with self._begin() as conn:
                self._create_bulk_indexes(conn)  # the abandoned first load dropped them
        return ImportRun(run_id, kind, file_name, dump_date, records_done=0, bulk=bulk)

    def ensure_indexes(self) -> None:
        """Create any secondary index a bulk load dropped and did not get to rebuild, and
        make searchable what an import left the search index to take."""
        with self._begin() as conn:
            self._create_bulk_indexes(conn)
            self.search.index.finish_import(conn)

    @staticmethod
    def _create_bulk_indexes(conn: Connection) -> None:
        with _sorting_for_index_builds(conn):
            for indexes in BULK_INDEXES.values():
                for index in indexes:
                    index.create(conn, checkfirst=True)

    def _is_empty(self, conn: Connection, kind: str) -> bool:
        return self._execute(conn, f"SELECT 1 FROM {kind} LIMIT 1", ()).first() is None

    def _drop_bulk_indexes(self, conn: Connection, kind: str) -> None:
        # Keeping an index by artist current while millions of rows arrive in release order
        # means a random page write per row; one sorted build at the end is far cheaper.
        for index in BULK_INDEXES.get(kind, []):
            index.drop(conn, checkfirst=True)

    def has_records(self, kind: str) -> bool:
        with self.engine.connect() as conn:
            return not self._is_empty(conn, kind)

    def database_directory(self) -> Path | None:
        """The directory holding the database's files, when it is on this machine: the
        SQLite file's, or a local PostgreSQL server's data directory (readable by a
        superuser or a member of pg_read_all_settings); else None."""
        url = self.engine.url
        if self._sqlite:
            if not url.database or url.database == ":memory:":
                return None
            return Path(url.database).resolve().parent
        if url.host not in (None, "", "localhost", "127.0.0.1", "::1"):
            return None
        try:
            with self.engine.connect() as conn:
                found = conn.exec_driver_sql("SHOW data_directory").scalar()
        except DBAPIError:
            return None
        directory = Path(str(found))
        return directory if directory.is_dir() else None

    def latest_monthly_date(self, kind: str) -> str | None:
        """The newest monthly dump date among completed imports of this kind."""
        with self.engine.connect() as conn:
            return self._execute(  # type: ignore[no-any-return]
                conn,
                "SELECT MAX(dump_date) FROM import_runs WHERE kind = ? AND status = 'completed'",
                (kind,),
            ).scalar()

    def fail_run(self, run: ImportRun, error: str) -> None:
        if run.bulk:
            self.ensure_indexes()  # a failed run is never resumed: build what it dropped
        with self._begin() as conn:
            self._execute(
                conn,
                "UPDATE import_runs SET status = 'failed', error = ?, finished_at = ? WHERE id = ?",
                (error, int(time.time()), run.id),
            )
            self._forget_seen(conn, "?", (run.id,))
            self.search.index.finish_import(conn)

    def finish_run(self, run: ImportRun, *, remove_missing: bool) -> ImportRun:
        """Complete the run; with ``remove_missing``, delete the kind's records it did not see."""
        if run.bulk:
            self.ensure_indexes()
        with self._begin() as conn:
            if remove_missing:
                run.removed = self._remove_unseen(conn, run)
                self._add_count(conn, run.kind, -run.removed)
            self._forget_seen(conn, "?", (run.id,))
            self._execute(
                conn,
                "UPDATE import_runs SET status = 'completed', finished_at = ?, removed = ?"
                " WHERE id = ?",
                (int(time.time()), run.removed, run.id),
            )
            self.search.index.finish_import(conn)  # searchable once this commits
        self._refresh_statistics(run)
        return run

    def _changed_much(self, run: ImportRun) -> bool:
        """Whether the run changed more of its kind than autovacuum's rule lets pass. Told by
        the run's own counts: the statistics count the last second's changes later."""
        with self.engine.connect() as conn:
            found = self._execute(
                conn, "SELECT count FROM catalogue_counts WHERE kind = ?", (run.kind,)
            ).scalar()
        changed = run.added + run.updated + run.removed
        return changed > ANALYZE_ROWS + ANALYZE_SHARE * (found or 0)

    def _refresh_statistics(self, run: ImportRun) -> None:
        """PostgreSQL plans searches and listings from table statistics; after an import
        they describe the tables as they were (empty, after a first import) until autovacuum
        gets round to them, if it runs at all. So a first import analyses the whole database,
        and so does any import that changed its kind beyond autovacuum's own rule; another
        only the tables that changed beyond it since their last ANALYZE (several refreshes
        add up): ANALYZE of the whole database after a refresh that changed 2 % of 200,000
        releases took 1.5 s of its 23. SQLite plans from its indexes alone."""
        if self._sqlite:
            return
        everything = run.bulk or self._changed_much(run)
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            if everything:
                conn.exec_driver_sql("ANALYZE")
                return
            # Counts a backend has not yet reported (up to a second's) count next time.
            stale = conn.exec_driver_sql(  # each table's name as this connection spells it
                "SELECT CAST(s.relid AS regclass) FROM pg_stat_user_tables AS s"
                " JOIN pg_class AS c ON c.oid = s.relid WHERE s.n_mod_since_analyze >"
                " %s + %s * greatest(c.reltuples, 0) ORDER BY 1",
                (ANALYZE_ROWS, ANALYZE_SHARE),
            ).scalars()
            if names := list(stale):
                conn.exec_driver_sql(f"ANALYZE {', '.join(names)}")

    # -- batches ----------------------------------------------------------------------------

    def source_digests(self, kind: str, ids: list[int]) -> dict[int, int]:
        """The stored source digests of these records (those that have one)."""
        found: dict[int, int] = {}
        with self.engine.connect() as conn:
            if ids and max(ids) - min(ids) < DENSE_SPAN * len(ids):
                # A dump's chunk is a run of nearly consecutive ids: one range of the
                # source index (tables._source_index) instead of a look-up per id.
                wanted = set(ids)
                sql = (
                    f"SELECT id, source_digest FROM {kind}"
                    " WHERE id BETWEEN ? AND ? AND source_digest IS NOT NULL"
                )
                rows = self._fetch_tuples(conn, sql, (min(ids), max(ids)))
                return {i: digest for i, digest in rows if i in wanted}
            for part in slices(ids):
                marks = ",".join("?" * len(part))
                sql = (
                    f"SELECT id, source_digest FROM {kind}"
                    f" WHERE id IN ({marks}) AND source_digest IS NOT NULL"
                )
                found.update(self._fetch_tuples(conn, sql, part))
        return found

    def source_digests_from(self, kind: str, first: int, count: int) -> list[tuple[int, Any]]:
        """``(id, source digest or None)`` of the first ``count`` records from id ``first`` on,
        in id order: what the importer reads ahead of a dump's chunks (``importer.decide``),
        from the source index alone (tables._source_index)."""
        with self.engine.connect() as conn:
            sql = f"SELECT id, source_digest FROM {kind} WHERE id >= ? ORDER BY id LIMIT ?"
            return self._fetch_tuples(conn, sql, (first, count))

    def write_batch(self, run: ImportRun, records: Sequence[Prepared | Unchanged]) -> None:
        """Write one batch of records in file order and advance the run past them."""
        try:
            self._write_batch(run, records)
        except BaseException:
            self.packers.forget()  # a dictionary trained in the batch was rolled back with it
            raise

    def _write_batch(self, run: ImportRun, records: Sequence[Prepared | Unchanged]) -> None:
        latest = {record.id: record for record in records}  # a repeated id: the last one wins
        now = int(time.time())
        with self._begin() as conn:
            converted = [r for r in latest.values() if not isinstance(r, Unchanged)]
            existing = self._existing(conn, run.kind, [record.id for record in converted])
            fresh: list[Prepared] = []
            changed: list[Prepared] = []
            same: list[int] = []
            sourced: list[tuple[int | None, int]] = []
            for record_id, record in latest.items():
                if isinstance(record, Unchanged):
                    same.append(record_id)
                    continue
                known = existing.get(record_id)
                if known is None:
                    fresh.append(record)
                elif known[0] != record.digest:
                    changed.append(record)
                else:
                    same.append(record_id)
                    if known[2] != record.source_digest:  # same rows from another source or code
                        sourced.append((record.source_digest, record_id))
            if len(converted) < len(latest):
                self._still_running(conn, run)
                run.not_converted += len(latest) - len(converted)
            rows = [self._row(run, r, added_at=now, now=now) for r in fresh]
            rows += [self._row(run, r, added_at=existing[r.id][1], now=now) for r in changed]
            self._upsert(conn, run.kind, self._packed(conn, run.kind, rows))
            self._mark_seen(conn, run, same)
            if sourced:
                self._execute_many(
                    conn, f"UPDATE {run.kind} SET source_digest = ? WHERE id = ?", sourced
                )
            if run.kind == "releases":
                self._replace_release_rows(conn, fresh=fresh, changed=changed)
                # Collections sort on keys kept on their rows: a fresh or changed release
                # that collections hold gives them its new keys (storage.collection).
                refresh_release_keys(conn, self._placeholder, [(row[0], row[-2]) for row in rows])
            self.search.write(conn, run.kind, fresh, changed)
            run.records_done += len(records)
            run.added += len(fresh)
            run.updated += len(changed)
            run.unchanged += len(same)
            self._add_count(conn, run.kind, len(fresh))
            self._execute(
                conn,
                "UPDATE import_runs SET records_done = ?, added = ?, updated = ?, unchanged = ?"
                " WHERE id = ?",
                (run.records_done, run.added, run.updated, run.unchanged, run.id),
            )

    def _still_running(self, conn: Connection, run: ImportRun) -> None:
        """Records skipped as unchanged were decided by their digests as read before this
        transaction. Only another import of the kind can have changed them since, and
        starting it set this run aside (``start_run``): re-reading every skipped record's
        digest here to be sure cost a tenth of a refresh (0.85 of 9 s of the main
        process's CPU on 200,000 releases), checking the run's status costs one row."""
        status = self._execute(
            conn, "SELECT status FROM import_runs WHERE id = ?", (run.id,)
        ).scalar_one()
        if status != "running":
            raise ChangedDuringImport(
                f"another import of {run.kind} started while {run.file_name} was imported;"
                " import the file again"
            )

    def _row(self, run: ImportRun, record: Prepared, *, added_at: int, now: int) -> tuple[Any, ...]:
        doc = record.document
        if run.kind == "releases":
            doc = documents.with_slots_filled(doc, documents.WRITTEN_MARK, _dates(added_at, now))
        return (
            record.id,
            record.digest,
            run.id,
            added_at,
            now,
            *record.columns,
            doc,
            record.source_digest,
        )

    def _packed(
        self, conn: Connection, kind: str, rows: list[tuple[Any, ...]]
    ) -> list[tuple[Any, ...]]:
        """The rows with their documents (second to last) compressed, and a release's
        summary (the column before them)."""
        if not rows:
            return rows
        pack = self.packers.for_batch(conn, kind, [row[-2] for row in rows]).pack
        if kind != "releases":
            return [(*row[:-2], pack(row[-2]), row[-1]) for row in rows]
        summaries = [row[-3] for row in rows]
        brief = self.packers.for_batch(conn, compressed.RELEASE_SUMMARIES, summaries).pack
        return [(*row[:-3], brief(row[-3]), pack(row[-2]), row[-1]) for row in rows]

    def _existing(
        self, conn: Connection, kind: str, ids: list[int]
    ) -> dict[int, tuple[int, int, int | None]]:
        """id -> (digest, added_at, source_digest) of the stored ones."""
        found: dict[int, tuple[int, int, int | None]] = {}
        for part in slices(ids):
            marks = ",".join("?" * len(part))
            rows = self._fetch_tuples(
                conn,
                f"SELECT id, digest, added_at, source_digest FROM {kind} WHERE id IN ({marks})",
                part,
            )
            found.update((row[0], row[1:]) for row in rows)
        return found

    def _upsert(self, conn: Connection, kind: str, rows: list[tuple[Any, ...]]) -> None:
        columns = (
            "id",
            "digest",
            "seen_run",
            "added_at",
            "changed_at",
            *KIND_COLUMNS[kind],
            "doc",
            "source_digest",
        )
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
        conflict = f"ON CONFLICT (id) DO UPDATE SET {updates}"
        insert_rows(conn, metadata.tables[kind], columns, rows, conflict)

    def _mark_seen(self, conn: Connection, run: ImportRun, ids: list[int]) -> None:
        """Unchanged records: listed for the run, their rows left alone (tables.import_seen_ids).
        Called before the run counts the batch, so ``records_done`` numbers it."""
        if ids:
            self._execute(
                conn,
                "INSERT INTO import_seen_ids (run_id, batch, ids) VALUES (?, ?, ?)",
                (run.id, run.records_done, BitMap64(ids).serialize()),
            )

    def _forget_seen(self, conn: Connection, run_ids_sql: str, params: tuple[Any, ...]) -> None:
        self._execute(conn, f"DELETE FROM import_seen_ids WHERE run_id IN ({run_ids_sql})", params)

    def _seen(self, conn: Connection, run: ImportRun) -> BitMap64:
        seen = BitMap64()
        for (ids,) in self._fetch_tuples(
            conn, "SELECT ids FROM import_seen_ids WHERE run_id = ?", (run.id,)
        ):
            seen |= BitMap64.deserialize(ids)
        return seen

    def _replace_release_rows(
        self, conn: Connection, *, fresh: list[Prepared], changed: list[Prepared]
    ) -> None:
        # A fresh release has no listing rows yet; only a changed one has old rows to drop.
        records = fresh + changed
        for part in slices([record.id for record in changed]):
            marks = ",".join("?" * len(part))
            self._execute(conn, f"DELETE FROM artist_credits WHERE release_id IN ({marks})", part)
            self._execute(conn, f"DELETE FROM release_labels WHERE release_id IN ({marks})", part)
        credits = [row for record in records for row in record.credits]
        labels = [row for record in records for row in record.labels]
        insert_rows(conn, artist_credits, ("artist_id", "role", "release_id", "trackinfo"), credits)
        insert_rows(conn, release_labels, ("label_id", "release_id", "position", "catno"), labels)

    def _remove_unseen(self, conn: Connection, run: ImportRun) -> int:
        ids = self._unseen(conn, run)
        if run.kind == "releases":
            self._keep_what_users_name(conn, ids)
        self._keep_what_list_items_show(conn, run.kind, ids)
        self.search.remove(conn, run.kind, ids)
        tables = ["artist_credits", "release_labels"] if run.kind == "releases" else []
        for part in slices(ids):
            marks = ",".join("?" * len(part))
            for child in tables:
                self._execute(conn, f"DELETE FROM {child} WHERE release_id IN ({marks})", part)
            self._execute(conn, f"DELETE FROM {run.kind} WHERE id IN ({marks})", part)
        return len(ids)

    def _unseen(self, conn: Connection, run: ImportRun) -> list[int]:
        """The kind's records neither written by the run nor found unchanged by it, from one
        pass over its source index in id order (each statement scanning the table again cost
        a quarter of a million unchanged releases' re-import), a slice at a time."""
        seen = self._seen(conn, run)
        unseen: list[int] = []
        after = -1
        sql = f"SELECT id, seen_run FROM {run.kind} WHERE id > ? ORDER BY id LIMIT {UNSEEN_SLICE}"
        while rows := self._fetch_tuples(conn, sql, (after,)):
            unseen += BitMap64(i for i, seen_run in rows if seen_run != run.id) - seen
            after = rows[-1][0]
        return unseen

    def _keep_what_users_name(self, conn: Connection, release_ids: list[int]) -> None:
        """Snapshot the releases about to be removed that users' rows name (a collection,
        a wantlist, a rating, a list): those rows stay and go on answering with what was
        last known of the release (docs/user-data.md)."""
        named: set[int] = set()
        for table, column, condition in RELEASE_REFERENCES:
            also = f" AND {condition}" if condition else ""
            for part in slices(release_ids):
                marks = ",".join("?" * len(part))
                sql = f"SELECT DISTINCT {column} FROM {table} WHERE {column} IN ({marks}){also}"
                named.update(row[0] for row in self._fetch_tuples(conn, sql, part))
        now = int(time.time())
        for part in slices(sorted(named)):
            marks = ",".join("?" * len(part))
            docs = self._fetch_tuples(
                conn, f"SELECT id, doc FROM releases WHERE id IN ({marks})", part
            )
            snapshots = [(i, _basics(compressed.expand(bytes(doc), conn)), now) for i, doc in docs]
            self._execute_many(
                conn,
                "INSERT INTO release_snapshots (release_id, basic_information, removed_at)"
                " VALUES (?, ?, ?) ON CONFLICT (release_id) DO UPDATE SET"
                " basic_information = excluded.basic_information,"
                " removed_at = excluded.removed_at",
                snapshots,
            )

    def _keep_what_list_items_show(self, conn: Connection, kind: str, ids: list[int]) -> None:
        """Before the entities are removed, write their display title and uri as they are now
        onto the list items that name them: an item shows what was last known of its entity,
        not what it was when added (a title corrected since then stays corrected)."""
        item_kind = ITEM_KINDS[kind]
        named: set[int] = set()
        for part in slices(ids):  # by the index of list items by entity
            marks = ",".join("?" * len(part))
            sql = (
                "SELECT DISTINCT entity_id FROM list_items"
                f" WHERE entity_id IN ({marks}) AND kind = ?"
            )
            named.update(row[0] for row in self._fetch_tuples(conn, sql, (*part, item_kind)))
        for part in slices(sorted(named)):
            marks = ",".join("?" * len(part))
            docs = self._fetch_tuples(
                conn, f"SELECT id, doc FROM {kind} WHERE id IN ({marks})", part
            )
            self._execute_many(
                conn,
                "UPDATE list_items SET display_title = ?, uri = ? WHERE kind = ? AND entity_id = ?",
                [
                    (*display_of(item_kind, compressed.expand(bytes(doc), conn)), item_kind, i)
                    for i, doc in docs
                ],
            )

    def _add_count(self, conn: Connection, kind: str, delta: int) -> None:
        if delta:
            self._execute(
                conn,
                "INSERT INTO catalogue_counts (kind, count) VALUES (?, ?)"
                " ON CONFLICT (kind) DO UPDATE SET count = catalogue_counts.count + excluded.count",
                (kind, delta),
            )

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def _begin(self) -> Iterator[Connection]:
        """A write transaction; once it ended, the search index takes what it wrote."""
        try:
            with self._transaction() as conn:
                yield conn
        except BaseException:
            self.search.index.after_transaction(committed=False)
            raise
        self.search.index.after_transaction(committed=True)

    def _transaction(self) -> Any:
        # IMMEDIATE takes SQLite's write lock up front, so a batch never fails half-way on a
        # lock upgrade; readers in WAL mode are not blocked by it.
        if self._sqlite:
            return self.engine.execution_options(sqlite_begin="IMMEDIATE").begin()
        return self.engine.begin()

    def _sql(self, sql: str) -> str:
        return with_placeholder(sql, self._placeholder)

    def _execute(self, conn: Connection, sql: str, params: Sequence[Any]) -> Any:
        return conn.exec_driver_sql(self._sql(sql), tuple(params))

    def _fetch_tuples(self, conn: Connection, sql: str, params: Sequence[Any]) -> list[Any]:
        """The rows as the driver's plain tuples: a re-import reads stored rows for every
        record of the file twice, and SQLAlchemy's row objects cost a quarter of it (4.3
        against 5.7 us a row for the ids of 200,000 releases)."""
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(self._sql(sql), tuple(params))
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def _execute_many(self, conn: Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
        conn.exec_driver_sql(self._sql(sql), rows)


@functools.lru_cache(maxsize=4096)
def _dates(added_at: int, changed_at: int) -> tuple[bytes, bytes]:
    return (
        documents.encode_value(documents.api_time(added_at)),
        documents.encode_value(documents.api_time(changed_at)),
    )


def _basics(doc: bytes) -> bytes:
    return basic_information.encode(basic_information.of_document(doc))
