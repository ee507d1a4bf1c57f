"""Keeping the index current through an import: the entries of each batch's new and changed
records in the batch's transaction, the masters whose main release changed, removals."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from discogs_service.prepared import Prepared
from discogs_service.search.entries import IndexEntry, master_entry, record_entry
from discogs_service.search.facts import KIND_OF_TABLE, MASTER, RELEASE, SearchFacts, facts_decoder
from discogs_service.search.facts import key as search_key
from discogs_service.storage.compressed import Packers, facts_kind
from discogs_service.storage.search import SearchIndex
from discogs_service.storage.search.results import stored_facts
from discogs_service.storage.sql import slices


class SearchWriter:
    """Writes the search entries of an import batch, in the batch's transaction."""

    def __init__(self, index: SearchIndex, marker: str, packers: Packers) -> None:
        self.index = index
        self.marker = marker
        self.packers = packers

    def write(
        self, conn: Connection, table: str, fresh: Sequence[Prepared], changed: Sequence[Prepared]
    ) -> None:
        """Index prepared records that are new or changed."""
        if table == "masters":
            fresh_entries = self._master_entries(conn, fresh)
            changed_entries = self._master_entries(conn, changed)
        else:
            kind = KIND_OF_TABLE[table]
            fresh_entries = [record_entry(kind, r) for r in fresh]
            changed_entries = [record_entry(kind, r) for r in changed]
        packed = self._packed(conn, table, [*fresh_entries, *changed_entries])
        self.index.replace(conn, packed[: len(fresh_entries)], fresh=True)
        self.index.replace(conn, packed[len(fresh_entries) :], fresh=False)
        if table == "releases":
            self._refresh_masters_of(conn, [r.id for r in [*fresh, *changed]])

    def remove(self, conn: Connection, table: str, ids: Sequence[int]) -> None:
        """Drop the entries of these entities (before they are deleted)."""
        if not ids:
            return
        kind = KIND_OF_TABLE[table]
        self.index.delete(conn, [search_key(kind, i) for i in ids])

    def _master_entries(self, conn: Connection, records: Sequence[Prepared]) -> list[IndexEntry]:
        masters = [facts_decoder.decode(r.search.facts) for r in records]
        mains = self._facts(conn, [search_key(RELEASE, m.main_release) for m in masters])
        return [master_entry(m, mains.get(search_key(RELEASE, m.main_release))) for m in masters]

    def _refresh_masters_of(self, conn: Connection, release_ids: list[int]) -> None:
        master_ids: list[int] = []
        for part in slices(release_ids):
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
        rows = [
            master_entry(m, mains.get(search_key(RELEASE, m.main_release)))
            for m in masters.values()
        ]
        self.index.replace(conn, self._packed(conn, "masters", rows), fresh=False)

    def _facts(self, conn: Connection, keys: list[int]) -> dict[int, SearchFacts]:
        return stored_facts(conn, keys, self.marker)

    def _packed(self, conn: Connection, table: str, entries: list[IndexEntry]) -> list[IndexEntry]:
        """The entries with their facts compressed, with the dictionary of their kind."""
        if not entries:
            return []
        facts = self.packers.for_batch(conn, facts_kind(table), [e.facts for e in entries]).pack
        return [
            IndexEntry(e.key, e.kind, e.entity_id, facts(e.facts), e.fields, e.main_key)
            for e in entries
        ]
