"""The database schema, one SQLAlchemy ``MetaData`` for SQLite and PostgreSQL.

Catalogue tables keep each entity's rendered API document (``doc``, see ``documents``) beside
the few columns that listings sort and filter on. ``digest`` is a hash of the rendered document
(how a re-import tells changed from unchanged records) and ``seen_run`` the last import run
whose file held the record (how it tells which records disappeared).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# SQLite only makes "INTEGER PRIMARY KEY" an alias of the rowid (the clustered key);
# PostgreSQL needs 64 bits for ids and digests.
Id = BigInteger().with_variant(Integer(), "sqlite")


def _entity_columns() -> list[Column[object]]:
    return [
        Column("id", Id, primary_key=True, autoincrement=False),
        Column("digest", BigInteger, nullable=False),
        Column("seen_run", Integer, nullable=False),
        Column("added_at", BigInteger, nullable=False),  # unix seconds of first import
        Column("changed_at", BigInteger, nullable=False),  # unix seconds of last change
    ]


artists = Table(
    "artists",
    metadata,
    *_entity_columns(),
    Column("name", Text, nullable=False),
    Column("doc", LargeBinary, nullable=False),
)

labels = Table(
    "labels",
    metadata,
    *_entity_columns(),
    Column("name", Text, nullable=False),
    Column("doc", LargeBinary, nullable=False),
)

masters = Table(
    "masters",
    metadata,
    *_entity_columns(),
    Column("main_release", BigInteger, nullable=False),
    Column("title", Text, nullable=False),
    Column("year", Integer, nullable=False),
    Column("artist", Text, nullable=False),  # display credit, "Stephan-G* & The Persuader"
    Column("doc", LargeBinary, nullable=False),
)

releases = Table(
    "releases",
    metadata,
    *_entity_columns(),
    Column("master_id", BigInteger, nullable=False),  # 0: none
    Column("title", Text, nullable=False),
    Column("year", Integer, nullable=False),
    Column("released", Text, nullable=False),
    Column("format", Text, nullable=False),  # listing summary, "2xCD, Comp, Mixed"
    Column("summary", LargeBinary, nullable=False),  # msgspec JSON of ReleaseSummary
    Column("doc", LargeBinary, nullable=False),
    Index("ix_releases_master", "master_id", "released"),
)

# One row per (artist, role, release) of the artist's discography; `role` follows the
# API's artist-release roles (see importer.records.releases). Plain rowid tables written in
# file order, with secondary indexes that a first import builds once at the end.
artist_credits = Table(
    "artist_credits",
    metadata,
    Column("artist_id", BigInteger, nullable=False),
    Column("role", SmallInteger, nullable=False),
    Column("release_id", BigInteger, nullable=False),
    Column("trackinfo", Text, nullable=False),
    Index("ix_artist_credits_artist", "artist_id", "role", "release_id"),
    Index("ix_artist_credits_release", "release_id"),
)

# One row per label (or series) entry of a release, in dump order.
release_labels = Table(
    "release_labels",
    metadata,
    Column("label_id", BigInteger, nullable=False),
    Column("release_id", BigInteger, nullable=False),
    Column("position", SmallInteger, nullable=False),
    Column("catno", Text, nullable=False),
    Index("ix_release_labels_label", "label_id", "catno", "release_id"),
    Index("ix_release_labels_release", "release_id"),
)

# One row per searchable entity: key = id * 4 + kind code (release 0, master 1, artist 2,
# label 3). `facts` holds what the index is built from (masters borrow their main release's),
# `doc` the rendered search result. The text index itself is engine-specific and created by
# the migration: an FTS5 table `search_fts` on SQLite, a `tsv` tsvector column with a GIN
# index on PostgreSQL (see storage.search).
search_docs = Table(
    "search_docs",
    metadata,
    Column("key", Id, primary_key=True, autoincrement=False),
    Column("kind", SmallInteger, nullable=False),
    Column("entity_id", BigInteger, nullable=False),
    Column("facts", LargeBinary, nullable=False),
    Column("doc", LargeBinary, nullable=False),
)

import_runs = Table(
    "import_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", Text, nullable=False),
    Column("file_name", Text, nullable=False),
    Column("file_size", BigInteger, nullable=False),
    Column("dump_date", Text, nullable=True),  # YYYYMMDD of a monthly dump file, else NULL
    Column("status", Text, nullable=False),  # running, completed, failed
    Column("started_at", BigInteger, nullable=False),
    Column("finished_at", BigInteger, nullable=True),
    Column("records_done", BigInteger, nullable=False),
    Column("added", BigInteger, nullable=False),
    Column("updated", BigInteger, nullable=False),
    Column("unchanged", BigInteger, nullable=False),
    Column("removed", BigInteger, nullable=False),
    Column("error", Text, nullable=True),
    # 1: the kind's tables were empty when the run began, so it loads in bulk (secondary
    # indexes dropped while loading, built once at the end).
    Column("bulk", SmallInteger, nullable=False, server_default="0"),
    Index(None, "kind", "status"),
)

catalogue_counts = Table(
    "catalogue_counts",
    metadata,
    Column("kind", Text, primary_key=True),
    Column("count", BigInteger, nullable=False),
)

ENTITY_TABLES = {"artists": artists, "labels": labels, "masters": masters, "releases": releases}

# The indexes a bulk load of each kind drops and rebuilds.
BULK_INDEXES = {
    "releases": [*releases.indexes, *artist_credits.indexes, *release_labels.indexes],
}
