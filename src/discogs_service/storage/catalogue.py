"""The read side of the catalogue: stored documents and the rows listings are built from.

Point lookups (one document by id) are the hot path of the whole service, so they skip the
SQLAlchemy statement layer and use one DB-API connection per thread, in autocommit mode:
each lookup sees the last committed import batch, never part of one.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text

from discogs_service.storage.community import NOBODY, Figures
from discogs_service.storage.compressed import expand
from discogs_service.storage.engine import sqlite_reader
from discogs_service.storage.sql import placeholder

ENTITY_KINDS = ("artists", "labels", "masters", "releases")
# ORDER BY terms; entries without a year come after the dated ones (discogs4s fixture
# artists/1/releases, sort=year: the undated Remix entry closes the Remix group).
ARTIST_RELEASE_SORTS = {"year": "year = 0, year", "title": "title", "format": "format"}


@dataclass(frozen=True, slots=True)
class StoredMaster:
    doc: bytes
    digest: int
    main_release: int


@dataclass(frozen=True, slots=True)
class StoredRelease:
    doc: bytes
    digest: int
    figures: Figures  # the community's, live


@dataclass(frozen=True, slots=True)
class ArtistEntry:
    role: int
    is_master: bool
    id: int
    title: str
    year: int
    # master entries: (main_release, artist); release entries: (summary JSON, trackinfo)
    main_release: int = 0
    artist: str = ""
    summary: bytes = b""
    trackinfo: str = ""


@dataclass(frozen=True, slots=True)
class LabelEntry:
    release_id: int
    catno: str
    summary: bytes


@dataclass(frozen=True, slots=True)
class Version:
    release_id: int
    released: str
    summary: bytes


class CatalogueReader:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sqlite = engine.dialect.name == "sqlite"
        self._marker = placeholder(engine)
        self._document_sql = {
            kind: f"SELECT doc, digest FROM {kind} WHERE id = {self._marker}"
            for kind in ENTITY_KINDS
        }
        # The release and its community figures in one lookup: the figures cost the hot path
        # one join, not a second query (no row: nobody has, wants or rated it).
        self._release_sql = (
            "SELECT r.doc, r.digest, c.have, c.want, c.rating_count, c.rating_total"
            " FROM releases r LEFT JOIN release_community c ON c.release_id = r.id"
            f" WHERE r.id = {self._marker}"
        )
        self._local = threading.local()
        self._connections: list[Any] = []
        self._lock = threading.Lock()

    # -- point lookups (hot path) ----------------------------------------------------------

    def document(self, kind: str, entity_id: int) -> tuple[bytes, int] | None:
        """(doc, digest) of one artist, label or release; None when there is none."""
        row = self._one(self._document_sql[kind], (entity_id,))
        return None if row is None else (expand(bytes(row[0]), self.engine), row[1])

    def release(self, release_id: int) -> StoredRelease | None:
        """A release's document with its live community figures; None when there is none."""
        row = self._one(self._release_sql, (release_id,))
        if row is None:
            return None
        figures = NOBODY if row[2] is None else Figures(row[2], row[3], row[4], row[5])
        return StoredRelease(expand(bytes(row[0]), self.engine), row[1], figures)

    def kept_release_figures(self, release_id: int) -> Figures | None:
        """The live community figures of a release an import removed while users' rows named
        it (a snapshot was kept, docs/user-data.md); None when no snapshot was kept."""
        row = self._one(
            "SELECT c.have, c.want, c.rating_count, c.rating_total FROM release_snapshots s"
            " LEFT JOIN release_community c ON c.release_id = s.release_id"
            f" WHERE s.release_id = {self._marker}",
            (release_id,),
        )
        if row is None:
            return None
        return NOBODY if row[0] is None else Figures(row[0], row[1], row[2], row[3])

    def release_is_known(self, release_id: int) -> bool:
        """In the catalogue, or kept in a snapshot when an import removed it."""
        return self.exists("releases", release_id) or (
            self.kept_release_figures(release_id) is not None
        )

    def master(self, master_id: int) -> StoredMaster | None:
        row = self._one(
            f"SELECT doc, digest, main_release FROM masters WHERE id = {self._marker}",
            (master_id,),
        )
        if row is None:
            return None
        return StoredMaster(expand(bytes(row[0]), self.engine), row[1], row[2])

    def most_recent_version(self, master_id: int) -> int | None:
        """The master's release with the latest ``released`` date (highest id on ties)."""
        row = self._one(
            f"SELECT id FROM releases WHERE master_id = {self._marker}"
            " ORDER BY released DESC, id DESC LIMIT 1",
            (master_id,),
        )
        return None if row is None else int(row[0])

    def exists(self, kind: str, entity_id: int) -> bool:
        assert kind in ENTITY_KINDS
        return (
            self._one(f"SELECT 1 FROM {kind} WHERE id = {self._marker}", (entity_id,)) is not None
        )

    def counts(self) -> dict[str, int]:
        rows = self._all("SELECT kind, count FROM catalogue_counts", ())
        return {kind: int(count) for kind, count in rows}

    # -- listings ------------------------------------------------------------------------------

    def artist_releases(
        self, artist_id: int, sort: str, descending: bool, offset: int, limit: int
    ) -> tuple[int, list[ArtistEntry]]:
        """The artist's discography entries: releases grouped into their masters, per role."""
        order = ARTIST_RELEASE_SORTS[sort]
        direction = "DESC" if descending else "ASC"
        with self.engine.connect() as conn:
            total = conn.execute(
                text(f"{_ARTIST_ENTRIES} SELECT COUNT(*) FROM entries"), {"artist": artist_id}
            ).scalar_one()
            rows = conn.execute(
                text(
                    f"{_ARTIST_ENTRIES} SELECT role, is_master, entry_id, year, title, format"
                    f" FROM entries ORDER BY role, {order} {direction}, entry_id {direction}"
                    " LIMIT :limit OFFSET :offset"
                ),
                {"artist": artist_id, "limit": limit, "offset": offset},
            ).all()
            return int(total), self._artist_entries(conn, artist_id, rows)

    def _artist_entries(self, conn: Any, artist_id: int, rows: Sequence[Any]) -> list[ArtistEntry]:
        master_ids = [row.entry_id for row in rows if row.is_master]
        release_ids = [row.entry_id for row in rows if not row.is_master]
        masters = {
            row.id: row
            for row in _in(conn, "SELECT id, main_release, artist FROM masters", "id", master_ids)
        }
        releases = {
            row.id: row for row in _in(conn, "SELECT id, summary FROM releases", "id", release_ids)
        }
        trackinfo = {
            (row.role, row.release_id): row.trackinfo
            for row in _in(
                conn,
                "SELECT role, release_id, trackinfo FROM artist_credits"
                f" WHERE artist_id = {int(artist_id)} AND",
                "release_id",
                release_ids,
            )
        }
        entries = []
        for row in rows:
            if row.is_master:
                master = masters[row.entry_id]
                entries.append(
                    ArtistEntry(
                        row.role,
                        True,
                        row.entry_id,
                        row.title,
                        row.year,
                        main_release=master.main_release,
                        artist=master.artist,
                    )
                )
            else:
                entries.append(
                    ArtistEntry(
                        row.role,
                        False,
                        row.entry_id,
                        row.title,
                        row.year,
                        summary=expand(bytes(releases[row.entry_id].summary), conn),
                        trackinfo=trackinfo.get((row.role, row.entry_id), ""),
                    )
                )
        return entries

    def label_releases(
        self, label_id: int, offset: int, limit: int
    ) -> tuple[int, list[LabelEntry]]:
        """The label's (or series') releases in catalogue-number order."""
        with self.engine.connect() as conn:
            total = conn.execute(
                text("SELECT COUNT(*) FROM release_labels WHERE label_id = :label"),
                {"label": label_id},
            ).scalar_one()
            rows = conn.execute(
                text(
                    "SELECT l.release_id, l.catno, r.summary FROM release_labels l"
                    " JOIN releases r ON r.id = l.release_id WHERE l.label_id = :label"
                    " ORDER BY l.catno, l.release_id, l.position LIMIT :limit OFFSET :offset"
                ),
                {"label": label_id, "limit": limit, "offset": offset},
            ).all()
            return int(total), [
                LabelEntry(r.release_id, r.catno, expand(bytes(r.summary), conn)) for r in rows
            ]

    def master_versions(self, master_id: int) -> list[Version]:
        """Every release of the master; filters, facets and order are applied by the caller."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                text("SELECT id, released, summary FROM releases WHERE master_id = :m"),
                {"m": master_id},
            ).all()
            return [Version(r.id, r.released, expand(bytes(r.summary), conn)) for r in rows]

    # -- plumbing ---------------------------------------------------------------------------

    def _query(self, sql: str, params: tuple[Any, ...], *, many: bool) -> Any:
        if self._sqlite:
            # One connection (and cursor) per thread, kept: SQLite lookups take microseconds
            # and a checkout from the pool would cost more than the query.
            cursor = getattr(self._local, "cursor", None)
            if cursor is None:
                connection = sqlite_reader(self.engine)
                with self._lock:
                    self._connections.append(connection)
                cursor = self._local.cursor = connection.cursor()
            # fetchall() runs the statement to its end, which ends its read snapshot: a kept
            # open statement would stop the WAL from being checkpointed during an import.
            rows = cursor.execute(sql, params).fetchall()
            return rows if many else (rows[0] if rows else None)
        proxy = self.engine.raw_connection()  # bounded by the engine's pool
        try:
            cursor = proxy.cursor()
            cursor.execute(sql, params)
            result = _fetch(cursor, many)
            proxy.commit()  # end the read's transaction: no snapshot held between calls
            return result
        finally:
            proxy.close()

    def _one(self, sql: str, params: tuple[Any, ...]) -> Any:
        return self._query(sql, params, many=False)

    def _all(self, sql: str, params: tuple[Any, ...]) -> list[Any]:
        return self._query(sql, params, many=True)  # type: ignore[no-any-return]

    def close(self) -> None:
        with self._lock:
            for connection in self._connections:
                with contextlib.suppress(Exception):
                    connection.close()
            self._connections.clear()
        self._local = threading.local()


def _fetch(cursor: Any, many: bool) -> Any:
    try:
        return list(cursor.fetchall()) if many else cursor.fetchone()
    finally:
        cursor.close()


def _in(conn: Any, select: str, column: str, ids: list[int]) -> list[Any]:
    """``select`` restricted to ``column IN ids`` (``select`` may end in WHERE ... AND)."""
    if not ids:
        return []
    joiner = " " if select.rstrip().endswith("AND") else " WHERE "
    marks = ", ".join(str(int(i)) for i in ids)
    return list(conn.execute(text(f"{select}{joiner}{column} IN ({marks})")).all())


# An artist's discography entries. A release that belongs to a master is listed as that
# master (once per role); a release without one (or whose master is not in the catalogue)
# is listed itself.
_ARTIST_ENTRIES = """
WITH credited AS (
    SELECT c.role AS role, r.id AS release_id, m.id AS master_id
    FROM artist_credits c
    JOIN releases r ON r.id = c.release_id
    LEFT JOIN masters m ON m.id = r.master_id
    WHERE c.artist_id = :artist
), grouped AS (
    SELECT role, master_id IS NOT NULL AS is_master, COALESCE(master_id, release_id) AS entry_id
    FROM credited
    GROUP BY role, master_id IS NOT NULL, COALESCE(master_id, release_id)
), entries AS (
    SELECT g.role, g.is_master, g.entry_id,
           COALESCE(m.year, r.year) AS year,
           COALESCE(m.title, r.title) AS title,
           COALESCE(r.format, '') AS format
    FROM grouped g
    LEFT JOIN masters m ON g.is_master AND m.id = g.entry_id
    LEFT JOIN releases r ON NOT g.is_master AND r.id = g.entry_id
)
"""
