"""Users' wantlists (``wants``): one want per user and release, with private notes; its
rating is the user's rating of the release (``ratings``).

A want names its release by id only. Its ``basic_information`` comes from the release's
stored document, else from the snapshot an import kept when it removed the release; a want
of a release that is in neither (a CSV import's, ahead of the catalogue) is kept but not
shown until an import brings the release (docs/user-data.md). Every change recounts the
release's ``want`` figure in the same transaction (``storage.community.recount``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine

from discogs_service import basic_information
from discogs_service.basic_information import BasicInformation
from discogs_service.storage import community
from discogs_service.storage.compressed import expand
from discogs_service.storage.ratings import RatingStore
from discogs_service.storage.sql import placeholder, slices, with_placeholder, writing

community.FIGURES["want"] = "SELECT count(*) FROM wants WHERE release_id = ?"
community.USER_RELEASES["in_wantlist"] = "SELECT release_id FROM wants WHERE user_id = ?"

# A want is shown when its release is in the catalogue or has a snapshot.
_SHOWN = (
    "(EXISTS (SELECT 1 FROM releases r WHERE r.id = w.release_id)"
    " OR EXISTS (SELECT 1 FROM release_snapshots s WHERE s.release_id = w.release_id))"
)
community.USER_COUNTS["num_wantlist"] = (
    f"SELECT count(*) FROM wants w WHERE w.user_id = ? AND {_SHOWN}"
)

# A want's row with what it shows: the release's document, else its snapshot.
_SELECT = (
    "SELECT w.release_id, w.notes, w.added_us, coalesce(g.rating, 0), r.doc,"
    " s.basic_information FROM wants w"
    " LEFT JOIN releases r ON r.id = w.release_id"
    " LEFT JOIN release_snapshots s ON r.id IS NULL AND s.release_id = w.release_id"
    " LEFT JOIN ratings g ON g.user_id = w.user_id AND g.release_id = w.release_id"
    " WHERE w.user_id = ?"
)


@dataclass(frozen=True, slots=True)
class Want:
    release_id: int
    notes: str
    added_at: int  # unix seconds
    rating: int  # the user's rating of the release; 0: not rated
    basics: BasicInformation | None  # None: the release is not known here (yet)


@dataclass(frozen=True, slots=True)
class WantChange:
    """What to write of one want: ``notes`` and ``rating`` None leave them as they are (a
    rating of 0 withdraws the user's rating of the release)."""

    release_id: int
    notes: str | None = None
    rating: int | None = None


class WantStore:
    def __init__(self, engine: Engine, ratings: RatingStore) -> None:
        self.engine = engine
        self.ratings = ratings
        self.mark = placeholder(engine)

    # -- reading ----------------------------------------------------------------------------

    def page(self, user_id: int, offset: int, limit: int) -> tuple[int, list[Want]]:
        """(how many wants are shown, the shown ones from ``offset``), in the order they were
        added."""
        with self.engine.connect() as conn:
            total = conn.exec_driver_sql(
                self._sql(f"SELECT count(*) FROM wants w WHERE w.user_id = ? AND {_SHOWN}"),
                (user_id,),
            ).scalar_one()
            rows = conn.exec_driver_sql(
                self._sql(
                    f"{_SELECT} AND (r.id IS NOT NULL OR s.release_id IS NOT NULL)"
                    " ORDER BY w.added_us, w.release_id LIMIT ? OFFSET ?"
                ),
                (user_id, limit, offset),
            ).all()
        return int(total), [_want(row, self.engine) for row in rows]

    def want(self, user_id: int, release_id: int) -> Want | None:
        """The user's want of the release, shown or not; None when there is none."""
        with self.engine.connect() as conn:
            row = conn.exec_driver_sql(
                self._sql(f"{_SELECT} AND w.release_id = ?"), (user_id, release_id)
            ).first()
        return None if row is None else _want(row, self.engine)

    def every_want(self, user_id: int) -> list[Want]:
        """All of the user's wants, those not shown too, in the order they were added."""
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                self._sql(f"{_SELECT} ORDER BY w.added_us, w.release_id"), (user_id,)
            ).all()
        return [_want(row, self.engine) for row in rows]

    def known_releases(self, release_ids: Sequence[int]) -> set[int]:
        """Those of the releases that are in the catalogue or have a snapshot."""
        known: set[int] = set()
        with self.engine.connect() as conn:
            for part in slices(sorted(set(release_ids))):
                marks = ",".join("?" * len(part))
                for table, column in (("releases", "id"), ("release_snapshots", "release_id")):
                    rows = conn.exec_driver_sql(
                        self._sql(f"SELECT {column} FROM {table} WHERE {column} IN ({marks})"),
                        tuple(part),
                    ).all()
                    known.update(int(row[0]) for row in rows)
        return known

    # -- writing ------------------------------------------------------------------------------

    def add(self, user_id: int, change: WantChange) -> None:
        """Add the release to the user's wantlist (a want already there stays, with its date),
        and write the given notes and rating."""
        self.write_many(user_id, [change], add=True)

    def edit(self, user_id: int, change: WantChange) -> bool:
        """Write the given notes and rating of a want; False when there is no such want."""
        with writing(self.engine) as conn:
            if not self._has(conn, user_id, change.release_id):
                return False
            self._write(conn, user_id, change)
        return True

    def write_many(self, user_id: int, changes: Sequence[WantChange], *, add: bool) -> None:
        """Add (``add``) or edit the wants of ``changes`` in one transaction. Releases are
        recounted in id order, so that two such transactions never wait on each other's
        locks in a circle."""
        now = time.time_ns() // 1000
        # Dated in the order given, a microsecond apart: the wantlist keeps it.
        added = {change.release_id: now + i for i, change in enumerate(changes)}
        with writing(self.engine) as conn:
            for change in sorted(changes, key=lambda c: c.release_id):
                if add:
                    self._insert(conn, user_id, change.release_id, added[change.release_id])
                self._write(conn, user_id, change)

    def remove(self, user_id: int, release_id: int) -> None:
        """Remove the want, if there is one."""
        with writing(self.engine) as conn:
            removed = conn.exec_driver_sql(
                self._sql("DELETE FROM wants WHERE user_id = ? AND release_id = ?"),
                (user_id, release_id),
            ).rowcount
            if removed:
                community.recount(conn, self.mark, release_id, "want")

    def _insert(self, conn: Connection, user_id: int, release_id: int, added_us: int) -> None:
        added = conn.exec_driver_sql(
            self._sql(
                "INSERT INTO wants (user_id, release_id, notes, added_us) VALUES (?, ?, '', ?)"
                " ON CONFLICT (user_id, release_id) DO NOTHING"
            ),
            (user_id, release_id, added_us),
        ).rowcount
        if added:
            community.recount(conn, self.mark, release_id, "want")

    def _write(self, conn: Connection, user_id: int, change: WantChange) -> None:
        if change.notes is not None:
            conn.exec_driver_sql(
                self._sql("UPDATE wants SET notes = ? WHERE user_id = ? AND release_id = ?"),
                (change.notes, user_id, change.release_id),
            )
        if change.rating is not None:
            self.ratings.set_rating(conn, user_id, change.release_id, change.rating)

    def _has(self, conn: Connection, user_id: int, release_id: int) -> bool:
        found = conn.exec_driver_sql(
            self._sql("SELECT 1 FROM wants WHERE user_id = ? AND release_id = ?"),
            (user_id, release_id),
        ).first()
        return found is not None

    def _sql(self, sql: str) -> str:
        return with_placeholder(sql, self.mark)


def _want(row: Any, source: Engine) -> Want:
    release_id, notes, added_us, rating, doc, snapshot = row
    if doc is not None:
        basics: BasicInformation | None = basic_information.of_document(expand(bytes(doc), source))
    elif snapshot is not None:
        basics = basic_information.decode(bytes(snapshot))
    else:
        basics = None
    return Want(int(release_id), notes, int(added_us) // 1_000_000, int(rating), basics)
