"""The database schema, one SQLAlchemy ``MetaData`` for SQLite and PostgreSQL.

Catalogue tables keep each entity's rendered API document (``doc``, see ``documents``) beside
the few columns that listings sort and filter on. ``digest`` is a hash of the rendered document
(how a re-import tells changed from unchanged records), ``source_digest`` a hash of the
record's XML as the dump wrote it and of the code that converted it (how a re-import skips
converting records whose source did not change; NULL when unknown) and ``seen_run`` the last
import run that wrote the record. A run that finds a record unchanged lists its id in
``import_seen_ids`` instead of rewriting its row; the two together tell which records the run's
file no longer holds.

Each catalogue table has an index of ``(id, source_digest, seen_run)`` (``_source_index``):
what a re-import reads for every record of the file, and what the end-of-run removal scans,
without reading the documents' pages (migration 0015).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    }
)

# SQLite only makes "INTEGER PRIMARY KEY" an alias of the rowid (the clustered key);
# PostgreSQL needs 64 bits for ids and digests.
Id = BigInteger().with_variant(Integer(), "sqlite")


def _source_index(table: str) -> Index:
    """A re-import reads the stored source digests of each chunk's id range from this index
    alone, and the removal scans it instead of the table: 200,000 releases' digests in
    chunks of 300 took 1.0-1.4 s by id from the table and 0.16-0.19 s as id ranges from the
    index (SQLite, 1.9 GB database, warm cache); the removal's scan 0.86 s against 0.16 s.
    About 30 bytes a record."""
    return Index(f"ix_{table}_source", "id", "source_digest", "seen_run")


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
    Column("source_digest", BigInteger),  # added by migration 0005: after doc
    _source_index("artists"),
)

labels = Table(
    "labels",
    metadata,
    *_entity_columns(),
    Column("name", Text, nullable=False),
    Column("doc", LargeBinary, nullable=False),
    Column("source_digest", BigInteger),  # added by migration 0005: after doc
    _source_index("labels"),
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
    Column("source_digest", BigInteger),  # added by migration 0005: after doc
    Index("ix_masters_main_release", "main_release"),
    _source_index("masters"),
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
    Column("source_digest", BigInteger),  # added by migration 0005: after doc
    Index("ix_releases_master", "master_id", "released"),
    _source_index("releases"),
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
# `doc` the rendered search result. The text index itself is engine-specific: on SQLite a
# Tantivy index beside the database file, with the journal of what it has still to take
# (`search_pending`, migration 0014); on PostgreSQL a narrow table
# `search_terms` of (key, tsv tsvector) with a GIN index (migration 0012) and the log of the
# entries each index version wrote (`search_changes`, 0013; see storage.search).
search_docs = Table(
    "search_docs",
    metadata,
    Column("key", Id, primary_key=True, autoincrement=False),
    Column("kind", SmallInteger, nullable=False),
    Column("entity_id", BigInteger, nullable=False),
    Column("facts", LargeBinary, nullable=False),  # results are rendered from them when served
    # A master's: its main release's key, whose facts its result is rendered with.
    Column("main_key", BigInteger),
)

# The zstd dictionaries that stored documents are compressed with (storage.compressed): one
# or more per kind of document (a catalogue table, or "facts_" + table for search facts).
# ``id`` is zstd's dictionary id, which every frame compressed with it names in its header.
doc_dictionaries = Table(
    "doc_dictionaries",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("kind", Text, nullable=False),
    Column("created_at", BigInteger, nullable=False),  # unix nanoseconds: the newest is used
    Column("data", LargeBinary, nullable=False),
)

# One row: the search index's version, raised on PostgreSQL by every transaction that writes
# to the index (a server process then knows the match sets it keeps are stale:
# storage.search.match_sets), on SQLite by every commit of the Tantivy index (the servers
# then reload it: storage.search.sqlite). On PostgreSQL an import writing the index marks,
# every half minute, a version the index had and when (the database's clock, unix
# milliseconds; NULL when no import runs): a server's page kept at that version or a later
# one is at most that old, and answers as kept for a minute after the mark, as a refresh's
# searches lag on SQLite (storage.search.postgres).
search_state = Table(
    "search_state",
    metadata,
    Column("id", SmallInteger, primary_key=True, autoincrement=False),
    Column("version", BigInteger, nullable=False),
    Column("marked_version", BigInteger, nullable=True),
    Column("marked_at", BigInteger, nullable=True),
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

# The ids a running import found unchanged, committed with their batch (so an interrupted run
# resumes with them) and dropped when the run ends. Setting ``seen_run`` on such a record
# instead rewrote its row's page: 26 against 1.4 us of CPU a record (200,000 releases). A
# batch's ids are one 64-bit roaring bitmap (pyroaring's ``BitMap64`` serialisation),
# numbered by the batch's first record in the file (migration 0017): a row an id cost
# PostgreSQL's server 1.1-2.4 s of a 200,000-release refresh.
import_seen_ids = Table(
    "import_seen_ids",
    metadata,
    Column("run_id", Integer, nullable=False),
    Column("batch", BigInteger, nullable=False),
    Column("ids", LargeBinary, nullable=False),
    PrimaryKeyConstraint("run_id", "batch"),
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

# -- accounts ---------------------------------------------------------------------------------
# Secrets are never stored in clear: personal tokens, consumer secrets (for comparison),
# verifiers and web session tokens as SHA-256 digests; the secrets HMAC-SHA1 needs
# (consumer secrets, OAuth token secrets) encrypted with the server key (accounts.crypto).
# Times are unix seconds.

# Local accounts with the stored fields of the Discogs user profile; counts and ratings
# (num_collection, rating_avg, ...) are derived from other data when served.
users = Table(
    "users",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("username", Text, nullable=False),
    Column("username_key", Text, nullable=False, unique=True),  # casefolded: one name, any case
    Column("email", Text, nullable=False),
    Column("password_hash", Text, nullable=False),  # argon2id, PHC string
    Column("name", Text, nullable=False, server_default=""),
    Column("home_page", Text, nullable=False, server_default=""),
    Column("location", Text, nullable=False, server_default=""),
    Column("profile", Text, nullable=False, server_default=""),
    Column("curr_abbr", Text, nullable=False, server_default="USD"),
    Column("avatar_url", Text, nullable=False, server_default=""),
    Column("banner_url", Text, nullable=False, server_default=""),
    Column("is_staff", SmallInteger, nullable=False, server_default="0"),
    Column("registered_at", BigInteger, nullable=False),
    Column("disabled_at", BigInteger, nullable=True),  # NULL: active
    # Who may see the collection and the wantlist: 1 anyone, 0 the owner only (migration
    # 0007). Public by default, as the API's anonymous reads of them assume.
    Column("collection_public", SmallInteger, nullable=False, server_default="1"),
    Column("wantlist_public", SmallInteger, nullable=False, server_default="1"),
)

personal_tokens = Table(
    "personal_tokens",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("user_id", BigInteger, nullable=False, index=True),
    Column("token_hash", LargeBinary, nullable=False, unique=True),
    Column("label", Text, nullable=False, server_default=""),
    Column("created_at", BigInteger, nullable=False),
    Column("revoked_at", BigInteger, nullable=True),
)

# Registered applications (OAuth consumers). The key is public; the secret is kept twice:
# hashed for the comparisons of `key=&secret=` and PLAINTEXT, encrypted for HMAC-SHA1.
applications = Table(
    "applications",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("owner_id", BigInteger, nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("website", Text, nullable=False, server_default=""),
    Column("callback_url", Text, nullable=False, server_default=""),
    Column("consumer_key", Text, nullable=False, unique=True),
    Column("secret_hash", LargeBinary, nullable=False),
    Column("secret_encrypted", LargeBinary, nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("revoked_at", BigInteger, nullable=True),
)

# OAuth 1.0a request tokens (kind 1: 15 minutes, then authorised by a user with a verifier)
# and access tokens (kind 2: until revoked). `token` is the public oauth_token.
oauth_tokens = Table(
    "oauth_tokens",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("kind", SmallInteger, nullable=False),
    Column("token", Text, nullable=False, unique=True),
    Column("secret_encrypted", LargeBinary, nullable=False),
    Column("application_id", BigInteger, nullable=False, index=True),
    Column("user_id", BigInteger, nullable=True, index=True),  # request token: once approved
    Column("callback", Text, nullable=False, server_default=""),
    Column("verifier_hash", LargeBinary, nullable=True),
    Column("created_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=True),  # NULL: until revoked
    Column("revoked_at", BigInteger, nullable=True),
)

# Nonces seen within the timestamp window: key = SHA-256 of (consumer, token, timestamp,
# nonce). A replay collides with the primary key; rows past `expires_at` are purged.
oauth_nonces = Table(
    "oauth_nonces",
    metadata,
    Column("key", LargeBinary, primary_key=True),
    Column("expires_at", BigInteger, nullable=False, index=True),
)

# Signed-in browsers of the web pages; the cookie holds the token, the table its digest.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("token_hash", LargeBinary, primary_key=True),
    Column("user_id", BigInteger, nullable=False, index=True),
    Column("created_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
)

# Failed sign-ins, counted per name and per address over a window (throttling).
sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("username_key", Text, nullable=False),
    Column("address", Text, nullable=False),
    Column("at", BigInteger, nullable=False),
    Index(None, "username_key", "at"),
    Index(None, "address", "at"),
)


# -- users' own data --------------------------------------------------------------------------
# Collections, wantlists, ratings and lists name releases (and lists also masters, artists and
# labels) by id, with no foreign key to the catalogue: a monthly import that removes a release
# leaves every user's rows as they are, and ``release_snapshots`` keeps what was last known of
# it (docs/user-data.md). A row naming a release that is not in the catalogue yet (a CSV
# import's) waits for an import to bring it.

# The community's figures of a release, kept current by each change to the rows they count
# (in the same transaction, under a lock of the release's row): the release document reads
# them beside its stored body in one lookup. No row: nobody has, wants or rated it.
release_community = Table(
    "release_community",
    metadata,
    Column("release_id", Id, primary_key=True, autoincrement=False),
    Column("have", BigInteger, nullable=False, server_default="0"),  # users with an instance
    Column("want", BigInteger, nullable=False, server_default="0"),  # users wanting it
    Column("rating_count", BigInteger, nullable=False, server_default="0"),
    Column("rating_total", BigInteger, nullable=False, server_default="0"),  # sum of 1..5
)

# What was last known of a release that an import removed while users' rows named it: its
# ``basic_information`` (msgspec JSON, links marked as in documents) and its sort keys.
release_snapshots = Table(
    "release_snapshots",
    metadata,
    Column("release_id", Id, primary_key=True, autoincrement=False),
    Column("basic_information", LargeBinary, nullable=False),
    Column("removed_at", BigInteger, nullable=False),
)

# A user's rating of a release, 1 to 5 (no row: not rated). One per user and release, as on
# Discogs: the rating of each of the user's collection instances and of their want of the
# release is this one.
ratings = Table(
    "ratings",
    metadata,
    Column("user_id", BigInteger, nullable=False),
    Column("release_id", BigInteger, nullable=False),
    Column("rating", SmallInteger, nullable=False),
    Column("rated_at", BigInteger, nullable=False),
    PrimaryKeyConstraint("user_id", "release_id"),
    Index("ix_ratings_release", "release_id"),
)

# The columns of users' rows that name a release, as (table, column, SQL condition or ""): a
# release one of them names gets a snapshot before an import removes it (storage.dumps).
# Each table of users' data that names releases adds itself here.
RELEASE_REFERENCES: list[tuple[str, str, str]] = [("ratings", "release_id", "")]

# -- collection (migration 0008) --------------------------------------------------------------

# The columns of collection_items that listings sort on, each with an index.
COLLECTION_SORT_KEYS = (
    "artist_key", "title_key", "label_key", "catno_key", "format_key", "year", "added_at",
    "rating",
)  # fmt: skip

# A user's folders besides the two every user has (0 "All", virtual; 1 "Uncategorized"): ids
# from 2 up, unique across users and never reused (AUTOINCREMENT; migration 0008 starts the
# sequences past 1).
collection_folders = Table(
    "collection_folders",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("user_id", BigInteger, nullable=False),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False),  # casefolded: the folder list's order
    Index("ix_collection_folders_user", "user_id", "name_key", "id"),
    sqlite_autoincrement=True,
)

# One row per instance of a release in a user's collection (each add makes a new one). The
# release is named by id with no foreign key (docs/user-data.md). `waiting` is 1 while the
# release is neither in the catalogue nor in a snapshot (a CSV import ahead of the dumps):
# such a row is kept and not shown; `pending` keeps the CSV's own text of it meanwhile.
# Listings sort on the keys kept on the row (casefolded text, set from the release's basic
# information when it is added and whenever an import changes the release), each with an
# index, so any page of a 100,000-instance collection is a short index walk. `rating` is a
# copy of the user's rating of the release (storage.ratings keeps it current) for sorting.
# An import that brings or changes a release refreshes its instances' keys and basics.
collection_items = Table(
    "collection_items",
    metadata,
    Column("instance_id", Id, primary_key=True, autoincrement=True),
    Column("user_id", BigInteger, nullable=False),
    Column("folder_id", BigInteger, nullable=False),
    Column("release_id", BigInteger, nullable=False),
    Column("added_at", BigInteger, nullable=False),  # unix seconds
    Column("waiting", SmallInteger, nullable=False, server_default="0"),
    Column("rating", SmallInteger, nullable=False, server_default="0"),
    Column("artist_key", Text, nullable=False, server_default=""),
    Column("title_key", Text, nullable=False, server_default=""),
    Column("label_key", Text, nullable=False, server_default=""),
    Column("catno_key", Text, nullable=False, server_default=""),
    Column("format_key", Text, nullable=False, server_default=""),
    Column("year", Integer, nullable=False, server_default="0"),
    Column("pending", Text, nullable=True),
    # The release's basic information as last known (basic_information.encode), which
    # listings show without reading the release's whole document; NULL while waiting.
    Column("basics", LargeBinary, nullable=True),
    Index("ix_collection_items_release", "release_id", "user_id"),
    Index("ix_collection_items_folder", "user_id", "folder_id", "waiting"),
    *(
        Index(f"ix_collection_items_{key}", "user_id", "waiting", key, "instance_id")
        for key in COLLECTION_SORT_KEYS
    ),
    sqlite_autoincrement=True,
)

# How many instances each folder of a user's shows (waiting ones aside), kept by every write
# that changes it: counting 100,000 index entries for each page of a listing cost 10 ms.
collection_counts = Table(
    "collection_counts",
    metadata,
    Column("user_id", BigInteger, nullable=False),
    Column("folder_id", BigInteger, nullable=False),
    Column("count", BigInteger, nullable=False),
    PrimaryKeyConstraint("user_id", "folder_id"),
)

# The custom fields a user made beyond the three every user has (1 Media Condition,
# 2 Sleeve Condition, 3 Notes: services.collection.DEFAULT_FIELDS): ids count per user from 4.
collection_fields = Table(
    "collection_fields",
    metadata,
    Column("user_id", BigInteger, nullable=False),
    Column("field_id", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),  # dropdown, textarea
    Column("position", Integer, nullable=False),
    Column("public", SmallInteger, nullable=False),
    Column("options", Text, nullable=False, server_default="[]"),  # JSON list (dropdowns)
    Column("lines", Integer, nullable=False, server_default="1"),  # textareas
    PrimaryKeyConstraint("user_id", "field_id"),
)

# The value of a custom field on an instance (no row: empty).
collection_notes = Table(
    "collection_notes",
    metadata,
    Column("instance_id", BigInteger, nullable=False),
    Column("field_id", Integer, nullable=False),
    Column("value", Text, nullable=False),
    PrimaryKeyConstraint("instance_id", "field_id"),
)

RELEASE_REFERENCES.append(("collection_items", "release_id", ""))


# -- wantlist and ratings (migration 0009) ----------------------------------------------------

# A user's want of a release: one per user and release, as on Discogs, with the owner's
# private notes. The want's rating is the user's rating of the release (``ratings``). The
# wantlist lists wants in the order they were added (docs/seed-spec-deviations.md, D33).
wants = Table(
    "wants",
    metadata,
    Column("user_id", BigInteger, nullable=False),
    Column("release_id", BigInteger, nullable=False),
    Column("notes", Text, nullable=False, server_default=""),
    # Unix microseconds: the date_added, and the wantlist's order (seconds would tie).
    Column("added_us", BigInteger, nullable=False),
    PrimaryKeyConstraint("user_id", "release_id"),
    Index("ix_wants_user_added", "user_id", "added_us", "release_id"),
    Index("ix_wants_release", "release_id"),  # the community's want figure
)
RELEASE_REFERENCES.append(("wants", "release_id", ""))


# -- lists (migration 0010) -------------------------------------------------------------------
# A user's lists (ids unique across users, as Discogs' are) and their items in order. An item
# names a release, master, artist or label by id with no foreign key, and keeps what it shows
# (display title, www.discogs.com uri) as it was when added, and as the last dump had it when
# an import removes the entity (storage.dumps): such an item goes on answering with those
# (releases also get a snapshot, RELEASE_REFERENCES).
lists = Table(
    "lists",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("user_id", BigInteger, nullable=False),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("public", SmallInteger, nullable=False, server_default="1"),
    Column("created_at", BigInteger, nullable=False),
    Column("changed_at", BigInteger, nullable=False),
    Index("ix_lists_user", "user_id", "id"),
)

list_items = Table(
    "list_items",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("list_id", BigInteger, nullable=False),
    Column("position", Integer, nullable=False),  # 1.. in the list's order
    Column("kind", Text, nullable=False),  # release, master, artist, label
    Column("entity_id", BigInteger, nullable=False),
    Column("comment", Text, nullable=False, server_default=""),
    Column("display_title", Text, nullable=False),
    Column("uri", Text, nullable=False),
    Column("added_at", BigInteger, nullable=False),
    Index("ix_list_items_list", "list_id", "position"),
    Index("ix_list_items_entity", "entity_id", "kind"),
    Index("uq_list_items_entry", "list_id", "kind", "entity_id", unique=True),
)
RELEASE_REFERENCES.append(("list_items", "entity_id", "kind = 'release'"))


# -- imports of users' data (migration 0011) --------------------------------------------------
