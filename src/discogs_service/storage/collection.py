"""Users' collections: folders, instances, custom fields and their values.

Every write is one transaction that also recounts what it changes of the community figures
(``have``: users with at least one instance of the release, ``storage.community``). On
SQLite a write takes the write lock when it begins (``BEGIN IMMEDIATE``), so two writers
never fail half-way on a lock upgrade; on PostgreSQL the folder row a write depends on is
locked (``FOR SHARE`` to add into it, ``FOR UPDATE`` to delete it), so an instance never
lands in a folder deleted at the same moment.

Listings read a page in two steps: the instance ids of the page from one of the sort
indexes (``tables.collection_items``), then those rows with their release's basic
information. A page past the middle of the list is read from the other end, in the reverse
order with the smaller offset, so the last page of a 100,000-instance collection is as short
a walk as the first.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine

from discogs_service import basic_information
from discogs_service.basic_information import BasicInformation
from discogs_service.storage import community, ratings
from discogs_service.storage.compressed import expand
from discogs_service.storage.sql import placeholder, slices, with_placeholder

community.FIGURES["have"] = (
    "SELECT count(DISTINCT user_id) FROM collection_items WHERE release_id = ?"
)
community.USER_COUNTS["num_collection"] = (
    "SELECT coalesce(sum(count), 0) FROM collection_counts WHERE user_id = ?"
)
# A caller's own in_collection: one row per instance shown (not one waiting for its release).
community.USER_RELEASES["in_collection"] = (
    "SELECT release_id FROM collection_items WHERE user_id = ? AND waiting = 0"
)
# A user's rating of a release is also kept on their instances of it, for sorting.
ratings.RATING_COPIES.append(
    "UPDATE collection_items SET rating = ? WHERE user_id = ? AND release_id = ?"
)

ALL, UNCATEGORIZED = 0, 1
# The sort parameter's values and the column each sorts on (with an index each).
SORT_COLUMNS = {
    "label": "label_key",
    "artist": "artist_key",
    "title": "title_key",
    "catno": "catno_key",
    "format": "format_key",
    "rating": "rating",
    "added": "added_at",
    "year": "year",
}
_BUMP = (
    "INSERT INTO collection_counts (user_id, folder_id, count) VALUES (?, ?, ?)"
    " ON CONFLICT (user_id, folder_id)"
    " DO UPDATE SET count = collection_counts.count + excluded.count"
)
_KEY_COLUMNS = ("artist_key", "title_key", "label_key", "catno_key", "format_key", "year")
_DISAMBIGUATION = re.compile(r" \(\d+\)$")


class ReleaseFacts(NamedTuple):
    """What a collection shows of a release in one line (a CSV export's columns) and sorts
    on: the credited artists, title, first label and its catalogue number, formats, year."""

    artist: str
    title: str
    label: str
    catno: str
    format: str
    year: int

    @classmethod
    def of(cls, basics: BasicInformation) -> ReleaseFacts:
        artist = "".join(
            credit.name + (f" {credit.join} " if credit.join not in ("", ",") else credit.join)
            for credit in basics.artists
        ).strip()
        label = basics.labels[0] if basics.labels else None
        return cls(
            artist=artist,
            title=basics.title,
            label=label.name if label else "",
            catno=label.catno if label else "",
            format=", ".join(_format_text(f) for f in basics.formats),
            year=basics.year,
        )


def sort_keys(basics: BasicInformation) -> tuple[str, str, str, str, str, int]:
    """The keys a collection sorts a release by: text casefolded (the same order on both
    engines), artist and label names without their "(2)" disambiguation, the formats by
    name and descriptions (all vinyl together, whatever the quantity)."""
    label = basics.labels[0] if basics.labels else None
    return (
        " ".join(_DISAMBIGUATION.sub("", credit.name) for credit in basics.artists).casefold(),
        basics.title.casefold(),
        _DISAMBIGUATION.sub("", label.name).casefold() if label else "",
        label.catno.casefold() if label else "",
        ", ".join(", ".join([f.name, *f.descriptions]) for f in basics.formats).casefold(),
        basics.year,
    )


NO_KEYS = ("", "", "", "", "", 0)


def _format_text(entry: basic_information.Format) -> str:
    name = entry.name if entry.qty in ("", "1") else f"{entry.qty}x{entry.name}"
    return ", ".join([name, *entry.descriptions])


@dataclass(frozen=True, slots=True)
class Folder:
    id: int
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class Instance:
    instance_id: int
    release_id: int
    folder_id: int


@dataclass(frozen=True, slots=True)
class Item:
    """An instance as listings show it."""

    instance_id: int
    release_id: int
    folder_id: int
    added_at: int
    rating: int
    basics: BasicInformation
    notes: list[tuple[int, str]]  # (field id, value), by field id


@dataclass(frozen=True, slots=True)
class StoredField:
    id: int
    name: str
    type: str
    position: int
    public: bool
    options: str  # JSON list
    lines: int


class Refused(enum.Enum):
    """Why a write did not happen (the service turns each into the API's error)."""

    NO_FOLDER = "no folder"
    NO_RELEASE = "no release"
    NO_INSTANCE = "no instance"
    NOT_EMPTY = "not empty"


@dataclass(frozen=True, slots=True)
class NewInstance:
    """An instance a CSV import adds: its folder, release, date, values and keys."""

    folder_id: int
    release_id: int
    added_at: int
    notes: dict[int, str]
    pending: str | None  # the row's own text while the release is not known


@dataclass(frozen=True, slots=True)
class ExportRow:
    """An instance as a CSV export writes it."""

    release_id: int
    folder: str
    added_at: int
    rating: int
    basics: BasicInformation | None  # None: waiting for its release (see ``pending``)
    pending: str | None
    notes: dict[int, str]


# Instances a CSV import writes per transaction; from how many it refreshes PostgreSQL's
# statistics of them.
IMPORT_BATCH = 5000
ANALYZE_AFTER = 1000


class CollectionStore:
    def __init__(self, engine: Engine, rating_store: ratings.RatingStore) -> None:
        self.engine = engine
        self.ratings = rating_store
        self.mark = placeholder(engine)
        self._postgres = engine.dialect.name == "postgresql"

    # -- folders ----------------------------------------------------------------------------

    def folders(self, user_id: int) -> list[Folder]:
        """Every folder in the live API's order: All, the user's by name (letter case aside),
        Uncategorized; with the number of instances each shows."""
        with self.engine.connect() as conn:
            counts = self._folder_counts(conn, user_id)
            rows = self._all(
                conn,
                "SELECT id, name FROM collection_folders WHERE user_id = ? ORDER BY name_key, id",
                (user_id,),
            )
        mine = [Folder(row[0], row[1], counts.get(row[0], 0)) for row in rows]
        return [
            Folder(ALL, "All", sum(counts.values())),
            *mine,
            Folder(UNCATEGORIZED, "Uncategorized", counts.get(UNCATEGORIZED, 0)),
        ]

    def folder(self, user_id: int, folder_id: int) -> Folder | None:
        with self.engine.connect() as conn:
            if folder_id == ALL:
                return Folder(ALL, "All", self._count(conn, user_id, None))
            if folder_id == UNCATEGORIZED:
                name = "Uncategorized"
            else:
                found = self._one(
                    conn,
                    "SELECT name FROM collection_folders WHERE id = ? AND user_id = ?",
                    (folder_id, user_id),
                )
                if found is None:
                    return None
                name = found[0]
            return Folder(folder_id, name, self._count(conn, user_id, folder_id))

    def folder_exists(self, user_id: int, folder_id: int) -> bool:
        """A folder instances can be in: Uncategorized or one of the user's."""
        with self.engine.connect() as conn:
            return self._has_folder(conn, user_id, folder_id)

    def create_folder(self, user_id: int, name: str) -> Folder:
        with self._writing() as conn:
            folder_id = self._one(
                conn,
                "INSERT INTO collection_folders (user_id, name, name_key) VALUES (?, ?, ?)"
                " RETURNING id",
                (user_id, name, name.casefold()),
            )
        assert folder_id is not None
        return Folder(folder_id[0], name, 0)

    def rename_folder(self, user_id: int, folder_id: int, name: str) -> Folder | None:
        with self._writing() as conn:
            renamed = self._one(
                conn,
                "UPDATE collection_folders SET name = ?, name_key = ?"
                " WHERE id = ? AND user_id = ? RETURNING id",
                (name, name.casefold(), folder_id, user_id),
            )
            if renamed is None:
                return None
            return Folder(folder_id, name, self._count(conn, user_id, folder_id))

    def delete_folder(self, user_id: int, folder_id: int) -> Refused | None:
        """Delete an empty folder of the user's (one that holds no instance at all, shown
        or waiting for its release)."""
        with self._writing() as conn:
            if not self._has_folder(conn, user_id, folder_id, lock="UPDATE"):
                return Refused.NO_FOLDER
            held = self._one(
                conn,
                "SELECT 1 FROM collection_items WHERE user_id = ? AND folder_id = ? LIMIT 1",
                (user_id, folder_id),
            )
            if held is not None:
                return Refused.NOT_EMPTY
            self._run(conn, "DELETE FROM collection_folders WHERE id = ?", (folder_id,))
            self._run(conn, "DELETE FROM collection_counts WHERE folder_id = ?", (folder_id,))
            return None

    def folder_named(self, user_id: int, name: str) -> int | None:
        with self.engine.connect() as conn:
            found = self._one(
                conn,
                "SELECT id FROM collection_folders WHERE user_id = ? AND name = ?"
                " ORDER BY id LIMIT 1",
                (user_id, name),
            )
        return None if found is None else int(found[0])

    # -- listings ---------------------------------------------------------------------------

    def page(
        self,
        user_id: int,
        folder_id: int,
        sort: str,
        descending: bool,
        offset: int,
        limit: int,
    ) -> tuple[int, list[Item]]:
        """(items shown in the folder, the page's items); folder 0: the whole collection."""
        folder = None if folder_id == ALL else folder_id
        key = SORT_COLUMNS[sort]
        with self.engine.connect() as conn:
            total = self._count(conn, user_id, folder)
            if offset >= total:
                return total, []
            limit = min(limit, total - offset)
            backwards = offset > total // 2
            if backwards:  # the same rows, walked from the other end
                offset, descending = total - offset - limit, not descending
            direction = "DESC" if descending else "ASC"
            in_folder = "" if folder is None else " AND folder_id = ?"
            ids = [
                row[0]
                for row in self._all(
                    conn,
                    f"SELECT instance_id FROM collection_items"
                    f" WHERE user_id = ? AND waiting = 0{in_folder}"
                    f" ORDER BY {key} {direction}, instance_id {direction} LIMIT ? OFFSET ?",
                    (user_id, *([] if folder is None else [folder]), limit, offset),
                )
            ]
            if backwards:
                ids.reverse()
            return total, self._items(conn, user_id, ids)

    def items_of_release(
        self, user_id: int, release_id: int, offset: int, limit: int
    ) -> tuple[int, list[Item]]:
        """The user's instances of one release, oldest first."""
        with self.engine.connect() as conn:
            ids = [
                row[0]
                for row in self._all(
                    conn,
                    "SELECT instance_id FROM collection_items"
                    " WHERE release_id = ? AND user_id = ? AND waiting = 0 ORDER BY instance_id",
                    (release_id, user_id),
                )
            ]
            return len(ids), self._items(conn, user_id, ids[offset : offset + limit])

    def count(self, user_id: int) -> int:
        """How many instances the user's collection shows."""
        with self.engine.connect() as conn:
            return self._count(conn, user_id, None)

    def _count(self, conn: Connection, user_id: int, folder_id: int | None) -> int:
        counts = self._folder_counts(conn, user_id)
        return sum(counts.values()) if folder_id is None else counts.get(folder_id, 0)

    def _folder_counts(self, conn: Connection, user_id: int) -> dict[int, int]:
        rows = self._all(
            conn, "SELECT folder_id, count FROM collection_counts WHERE user_id = ?", (user_id,)
        )
        return {row[0]: int(row[1]) for row in rows if row[1]}

    def _bump(self, conn: Connection, deltas: Counter[tuple[int, int]]) -> None:
        """Add to the shown counts of (user, folder)s, in the caller's transaction."""
        rows = [(user, folder, delta) for (user, folder), delta in deltas.items() if delta]
        if rows:
            conn.exec_driver_sql(self._sql(_BUMP), rows)

    def _items(self, conn: Connection, user_id: int, ids: Sequence[int]) -> list[Item]:
        """The instances ``ids`` (in that order) as listings show them."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self._all(
            conn,
            "SELECT i.instance_id, i.release_id, i.folder_id, i.added_at,"
            " coalesce(r.rating, 0), i.basics FROM collection_items AS i"
            " LEFT JOIN ratings AS r ON r.user_id = i.user_id AND r.release_id = i.release_id"
            # By primary key alone: the ids are the user's (a condition on user_id here had
            # SQLite walk the user's whole rating index instead: 8 ms on 100,000 instances).
            f" WHERE i.instance_id IN ({marks})",
            tuple(ids),
        )
        notes: dict[int, list[tuple[int, str]]] = {}
        for instance_id, field_id, value in self._all(
            conn,
            "SELECT instance_id, field_id, value FROM collection_notes"
            f" WHERE instance_id IN ({marks}) ORDER BY instance_id, field_id",
            tuple(ids),
        ):
            notes.setdefault(instance_id, []).append((field_id, value))
        found = {}
        for instance_id, release_id, folder_id, added_at, rating, stored in rows:
            if stored is not None:
                basics = basic_information.decode(bytes(stored))
                found[instance_id] = Item(
                    instance_id,
                    release_id,
                    folder_id,
                    added_at,
                    rating,
                    basics,
                    notes.get(instance_id, []),
                )
        return [found[i] for i in ids if i in found]

    # -- instances --------------------------------------------------------------------------

    def add(self, user_id: int, folder_id: int, release_id: int, now: int) -> Item | Refused:
        """A new instance of a release in the catalogue (or kept in a snapshot)."""
        with self._writing() as conn:
            if not self._has_folder(conn, user_id, folder_id, lock="SHARE"):
                return Refused.NO_FOLDER
            basics = self.basics_of(conn, [release_id]).get(release_id)
            if basics is None:
                return Refused.NO_RELEASE
            rating = self._user_rating(conn, user_id, release_id)
            keys = sort_keys(basics)
            instance_id = self._insert(
                conn, user_id, folder_id, release_id, now, rating, keys, basics
            )
            self._bump(conn, Counter({(user_id, folder_id): 1}))
            community.recount(conn, self.mark, release_id, "have")
        return Item(instance_id, release_id, folder_id, now, rating, basics, [])

    def instance(self, user_id: int, instance_id: int) -> Instance | None:
        with self.engine.connect() as conn:
            found = self._one(
                conn,
                "SELECT release_id, folder_id FROM collection_items"
                " WHERE instance_id = ? AND user_id = ?",
                (instance_id, user_id),
            )
        return None if found is None else Instance(instance_id, found[0], found[1])

    def change(
        self,
        user_id: int,
        instance: Instance,
        *,
        rating: int | None,
        folder_id: int | None,
    ) -> Refused | None:
        """Rate the instance's release (0: withdraw) and/or move the instance."""
        with self._writing() as conn:
            if folder_id is not None:
                if not self._has_folder(conn, user_id, folder_id, lock="SHARE"):
                    return Refused.NO_FOLDER
                locking = " FOR UPDATE" if self._postgres else ""
                held = self._one(
                    conn,
                    "SELECT folder_id, waiting FROM collection_items"
                    f" WHERE instance_id = ? AND user_id = ?{locking}",
                    (instance.instance_id, user_id),
                )
                if held is None:
                    return Refused.NO_INSTANCE
                self._run(
                    conn,
                    "UPDATE collection_items SET folder_id = ? WHERE instance_id = ?",
                    (folder_id, instance.instance_id),
                )
                if not held[1] and held[0] != folder_id:  # a move to where it is: no change
                    self._bump(conn, Counter({(user_id, held[0]): -1, (user_id, folder_id): 1}))
            if rating is not None:
                self.ratings.set_rating(conn, user_id, instance.release_id, rating)
        return None

    def remove(self, user_id: int, instance: Instance) -> bool:
        with self._writing() as conn:
            removed = self._one(
                conn,
                "DELETE FROM collection_items WHERE instance_id = ? AND user_id = ?"
                " RETURNING folder_id, waiting",
                (instance.instance_id, user_id),
            )
            if removed is None:
                return False
            if not removed[1]:
                self._bump(conn, Counter({(user_id, removed[0]): -1}))
            self._run(
                conn, "DELETE FROM collection_notes WHERE instance_id = ?", (instance.instance_id,)
            )
            community.recount(conn, self.mark, instance.release_id, "have")
        return True

    def _insert(
        self,
        conn: Connection,
        user_id: int,
        folder_id: int,
        release_id: int,
        added_at: int,
        rating: int,
        keys: Sequence[object],
        basics: BasicInformation | None,
        *,
        pending: str | None = None,
    ) -> int:
        found = self._one(
            conn,
            "INSERT INTO collection_items (user_id, folder_id, release_id, added_at, waiting,"
            " rating, artist_key, title_key, label_key, catno_key, format_key, year, pending,"
            " basics) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING instance_id",
            (
                user_id,
                folder_id,
                release_id,
                added_at,
                int(pending is not None),
                rating,
                *keys,
                pending,
                None if basics is None else basic_information.encode(basics),
            ),
        )
        assert found is not None
        return int(found[0])

    # -- custom fields ----------------------------------------------------------------------

    def custom_fields(self, user_id: int) -> list[StoredField]:
        """The fields the user made (ids from 4), by position."""
        with self.engine.connect() as conn:
            rows = self._all(
                conn,
                "SELECT field_id, name, type, position, public, options, lines"
                " FROM collection_fields WHERE user_id = ? ORDER BY position, field_id",
                (user_id,),
            )
        return [StoredField(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6]) for r in rows]

    def add_field(self, user_id: int, name: str, first_id: int) -> int:
        """A new private textarea field named ``name`` (a CSV import's column); its id."""
        with self._writing() as conn:
            found = self._one(
                conn,
                "SELECT coalesce(max(field_id), 0) FROM collection_fields WHERE user_id = ?",
                (user_id,),
            )
            field_id = max(first_id, (found[0] if found else 0) + 1)
            self._run(
                conn,
                "INSERT INTO collection_fields (user_id, field_id, name, type, position,"
                " public, options, lines) VALUES (?, ?, ?, 'textarea', ?, 0, '[]', 1)",
                (user_id, field_id, name, field_id),
            )
        return field_id

    def set_note(self, user_id: int, instance_id: int, field_id: int, value: str) -> bool:
        """Set (or with ``""`` clear) a field's value on the user's instance; False when the
        instance is not theirs."""
        with self._writing() as conn:
            owned = self._one(
                conn,
                "SELECT 1 FROM collection_items WHERE instance_id = ? AND user_id = ?",
                (instance_id, user_id),
            )
            if owned is None:
                return False
            self._set_notes(conn, [(instance_id, field_id, value)])
        return True

    def _set_notes(self, conn: Connection, notes: list[tuple[int, int, str]]) -> None:
        cleared = [(i, f) for i, f, value in notes if value == ""]
        given = [note for note in notes if note[2] != ""]
        if cleared:
            conn.exec_driver_sql(
                self._sql("DELETE FROM collection_notes WHERE instance_id = ? AND field_id = ?"),
                cleared,
            )
        if given:
            conn.exec_driver_sql(
                self._sql(
                    "INSERT INTO collection_notes (instance_id, field_id, value) VALUES (?, ?, ?)"
                    " ON CONFLICT (instance_id, field_id) DO UPDATE SET value = excluded.value"
                ),
                given,
            )

    # -- bringing a collection in and taking it out -----------------------------------------

    def identities(self, user_id: int) -> dict[tuple[int, int, int], list[int]]:
        """(release, folder, date added) -> the user's instances with them, oldest first:
        how a CSV import knows the rows it brought in before."""
        found: dict[tuple[int, int, int], list[int]] = {}
        with self.engine.connect() as conn:
            for instance_id, release_id, folder_id, added_at in self._all(
                conn,
                "SELECT instance_id, release_id, folder_id, added_at FROM collection_items"
                " WHERE user_id = ? ORDER BY instance_id",
                (user_id,),
            ):
                found.setdefault((release_id, folder_id, added_at), []).append(instance_id)
        return found

    def notes_of(self, user_id: int) -> dict[int, dict[int, str]]:
        """instance -> field -> value, of every instance of the user's."""
        found: dict[int, dict[int, str]] = {}
        with self.engine.connect() as conn:
            for instance_id, field_id, value in self._all(
                conn,
                "SELECT n.instance_id, n.field_id, n.value FROM collection_notes AS n"
                " JOIN collection_items AS i ON i.instance_id = n.instance_id"
                " WHERE i.user_id = ?",
                (user_id,),
            ):
                found.setdefault(instance_id, {})[field_id] = value
        return found

    def ratings_of(self, user_id: int) -> dict[int, int]:
        """release -> the user's rating of it."""
        with self.engine.connect() as conn:
            rows = self._all(
                conn, "SELECT release_id, rating FROM ratings WHERE user_id = ?", (user_id,)
            )
        return {row[0]: row[1] for row in rows}

    def bring_in(
        self,
        user_id: int,
        new: Sequence[NewInstance],
        notes: Sequence[tuple[int, int, str]],
        rates: dict[int, int],
        now: int,
    ) -> tuple[int, int]:
        """Add the ``new`` instances (a release known to neither catalogue nor snapshots is
        kept waiting, with its ``pending`` text), set ``notes`` (instance, field, value;
        "" clears) on existing ones and rate releases (``rates``), in transactions of a few
        thousand rows. (added and shown, added and waiting)."""
        shown = waiting = 0
        current = self.ratings_of(user_id)  # copied onto new instances; ``rates`` after
        for part in slices(list(new), IMPORT_BATCH):
            with self._writing() as conn:
                known = self.basics_of(conn, (row.release_id for row in part))
                written: list[tuple[int, int, str]] = []
                added: Counter[tuple[int, int]] = Counter()
                for row in part:
                    basics = known.get(row.release_id)
                    keys = NO_KEYS if basics is None else sort_keys(basics)
                    instance_id = self._insert(
                        conn,
                        user_id,
                        row.folder_id,
                        row.release_id,
                        row.added_at or now,
                        current.get(row.release_id, 0),
                        keys,
                        basics,
                        pending=None if basics is not None else (row.pending or "{}"),
                    )
                    written.extend((instance_id, f, v) for f, v in row.notes.items())
                    shown, waiting = (shown + 1, waiting) if basics else (shown, waiting + 1)
                    if basics is not None:
                        added[(user_id, row.folder_id)] += 1
                self._set_notes(conn, written)
                self._bump(conn, added)
                for release_id in sorted({row.release_id for row in part}):
                    community.recount(conn, self.mark, release_id, "have")
        for changed in slices(list(notes), IMPORT_BATCH):
            with self._writing() as conn:
                self._set_notes(conn, list(changed))
        for rated in slices(sorted(rates.items()), IMPORT_BATCH):
            with self._writing() as conn:
                for release_id, rating in rated:
                    self.ratings.set_rating(conn, user_id, release_id, rating)
        if self._postgres and len(new) >= ANALYZE_AFTER:
            # PostgreSQL plans from table statistics, which describe the table as it was
            # until autovacuum comes round: a first import of 100,000 rows had its listings
            # sort the whole collection for each page (50 ms) instead of walking an index.
            autocommit = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            with autocommit as conn:
                conn.exec_driver_sql("ANALYZE collection_items")
        return shown, waiting

    def take_out(self, user_id: int) -> Iterator[ExportRow]:
        """Every instance of the user's, waiting ones too, oldest first, a slice at a time."""
        with self.engine.connect() as conn:
            ids = [
                row[0]
                for row in self._all(
                    conn,
                    "SELECT instance_id FROM collection_items WHERE user_id = ?"
                    " ORDER BY instance_id",
                    (user_id,),
                )
            ]
        folders = {folder.id: folder.name for folder in self.folders(user_id)}
        rates = self.ratings_of(user_id)
        for part in slices(ids, IMPORT_BATCH):
            with self.engine.connect() as conn:
                yield from self._export_rows(conn, part, folders, rates)

    def _export_rows(
        self,
        conn: Connection,
        ids: Sequence[int],
        folders: dict[int, str],
        rates: dict[int, int],
    ) -> Iterator[ExportRow]:
        notes: dict[int, dict[int, str]] = {}
        for part in slices(ids):
            marks = ",".join("?" * len(part))
            for instance_id, field_id, value in self._all(
                conn,
                "SELECT instance_id, field_id, value FROM collection_notes"
                f" WHERE instance_id IN ({marks})",
                part,
            ):
                notes.setdefault(instance_id, {})[field_id] = value
        rows: dict[int, Any] = {}
        for part in slices(ids):
            marks = ",".join("?" * len(part))
            for row in self._all(
                conn,
                "SELECT i.instance_id, i.release_id, i.folder_id, i.added_at, i.pending,"
                f" i.basics FROM collection_items AS i WHERE i.instance_id IN ({marks})",
                part,
            ):
                rows[row[0]] = row
        for instance_id in ids:
            _id, release_id, folder_id, added_at, pending, stored = rows[instance_id]
            yield ExportRow(
                release_id=release_id,
                folder=folders.get(folder_id, "Uncategorized"),
                added_at=added_at,
                rating=rates.get(release_id, 0),
                basics=None if stored is None else basic_information.decode(bytes(stored)),
                pending=pending,
                notes=notes.get(instance_id, {}),
            )

    # -- releases ---------------------------------------------------------------------------

    def basics_of(
        self, conn: Connection, release_ids: Iterable[int]
    ) -> dict[int, BasicInformation]:
        """The basic information of these releases: from the catalogue, else from the
        snapshot an import kept; a release known to neither is left out."""
        found: dict[int, BasicInformation] = {}
        for part in slices(sorted(set(release_ids))):
            marks = ",".join("?" * len(part))
            for release_id, doc in self._all(
                conn, f"SELECT id, doc FROM releases WHERE id IN ({marks})", part
            ):
                found[release_id] = basic_information.of_document(expand(bytes(doc), conn))
            missing = [i for i in part if i not in found]
            if missing:
                marks = ",".join("?" * len(missing))
                for release_id, stored in self._all(
                    conn,
                    "SELECT release_id, basic_information FROM release_snapshots"
                    f" WHERE release_id IN ({marks})",
                    missing,
                ):
                    found[release_id] = basic_information.decode(bytes(stored))
        return found

    def _user_rating(self, conn: Connection, user_id: int, release_id: int) -> int:
        found = self._one(
            conn,
            "SELECT rating FROM ratings WHERE user_id = ? AND release_id = ?",
            (user_id, release_id),
        )
        return int(found[0]) if found else 0

    # -- plumbing ---------------------------------------------------------------------------

    def _has_folder(
        self, conn: Connection, user_id: int, folder_id: int, *, lock: str = ""
    ) -> bool:
        if folder_id == UNCATEGORIZED:
            return True
        locking = f" FOR {lock}" if lock and self._postgres else ""
        found = self._one(
            conn,
            f"SELECT 1 FROM collection_folders WHERE id = ? AND user_id = ?{locking}",
            (folder_id, user_id),
        )
        return found is not None

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        engine = self.engine
        if not self._postgres:  # take SQLite's write lock up front
            engine = engine.execution_options(sqlite_begin="IMMEDIATE")
        with engine.begin() as conn:
            yield conn

    def _sql(self, sql: str) -> str:
        return with_placeholder(sql, self.mark)

    def _run(self, conn: Connection, sql: str, params: Sequence[Any]) -> None:
        conn.exec_driver_sql(self._sql(sql), tuple(params))

    def _one(self, conn: Connection, sql: str, params: Sequence[Any]) -> Any:
        return conn.exec_driver_sql(self._sql(sql), tuple(params)).first()

    def _all(self, conn: Connection, sql: str, params: Sequence[Any]) -> list[Any]:
        return list(conn.exec_driver_sql(self._sql(sql), tuple(params)).all())


def refresh_release_keys(conn: Connection, mark: str, releases: Sequence[tuple[int, bytes]]) -> int:
    """After an import wrote these releases (id, stored document): the instances of them
    take their new sort keys, and instances that waited for a release not yet in the
    catalogue are shown from now on. One indexed look-up per slice of the batch when no
    collection holds any of them; the number of releases whose instances changed."""
    held: set[int] = set()
    for part in slices([release_id for release_id, _doc in releases]):
        marks = ",".join("?" * len(part))
        sql = f"SELECT DISTINCT release_id FROM collection_items WHERE release_id IN ({marks})"
        held.update(
            row[0] for row in conn.exec_driver_sql(with_placeholder(sql, mark), tuple(part))
        )
    if not held:
        return 0
    rows = []
    for release_id, doc in releases:
        if release_id in held:
            basics = basic_information.of_document(bytes(doc))
            encoded = basic_information.encode(basics)
            rows.append((*sort_keys(basics), encoded, release_id))
    arriving: list[tuple[int, int, int]] = []  # instances shown from now on count in their folders
    for part in slices(sorted(held)):
        marks = ",".join("?" * len(part))
        sql = (
            "SELECT user_id, folder_id, count(*) FROM collection_items"
            f" WHERE release_id IN ({marks}) AND waiting = 1 GROUP BY user_id, folder_id"
        )
        found = conn.exec_driver_sql(with_placeholder(sql, mark), tuple(part)).all()
        arriving.extend((row[0], row[1], row[2]) for row in found)
    if arriving:
        conn.exec_driver_sql(with_placeholder(_BUMP, mark), arriving)
    assignments = ", ".join(f"{column} = ?" for column in _KEY_COLUMNS)
    conn.exec_driver_sql(
        with_placeholder(
            f"UPDATE collection_items SET waiting = 0, pending = NULL, {assignments},"
            " basics = ? WHERE release_id = ?",
            mark,
        ),
        rows,
    )
    return len(rows)
