"""The index entry of an entity: its key, facts and index text per field.

A release, artist or label brings its whole entry from the importer (``prepared.Prepared``);
a master's is only complete with its main release's facts (``facts.effective``), which the
storage reads from the index when it writes the master, or rewrites it when its main
release changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from discogs_service.prepared import Prepared
from discogs_service.search.facts import (
    RELEASE,
    SearchFacts,
    effective,
    facts_encoder,
    index_fields,
    key,
)


@dataclass(frozen=True, slots=True)
class IndexEntry:
    key: int
    kind: int
    entity_id: int
    facts: bytes  # what its result is rendered from when served (storage.search.results)
    fields: tuple[str, ...]  # index text per field, facts.FIELDS order
    # A master's main release's key: its result is rendered with that release's facts.
    main_key: int | None = None


def record_entry(kind: int, record: Prepared) -> IndexEntry:
    """The entry of a release, artist or label as the importer prepared it."""
    facts, fields = record.search
    assert fields is not None, "only a master's entry lacks them"
    return IndexEntry(key(kind, record.id), kind, record.id, facts, fields)


def master_entry(master: SearchFacts, main: SearchFacts | None) -> IndexEntry:
    """A master's entry, with what it borrows from its main release (None: not imported)."""
    complete = effective(master, main)
    return IndexEntry(
        key(master.kind, master.id),
        master.kind,
        master.id,
        facts_encoder.encode(master),
        index_fields(complete),
        key(RELEASE, master.main_release) if master.main_release else None,
    )
