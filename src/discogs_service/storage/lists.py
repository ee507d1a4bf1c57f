"""Users' lists (``lists``) and their items (``list_items``).

Every change to a list or its items moves the list's ``changed_at`` in the same transaction.
Changes to one list's items are serialised by a lock of the list's row (PostgreSQL: ``FOR
UPDATE``; SQLite's writers take its write lock up front), so that two owners' browsers adding
or moving at once leave the positions 1..n without gaps or repeats.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from discogs_service.storage.compressed import expand
from discogs_service.storage.sql import slices
from discogs_service.storage.tables import list_items, lists, release_community

KIND_TABLES = {"release": "releases", "master": "masters", "artist": "artists", "label": "labels"}


@dataclass(frozen=True, slots=True)
class ListRow:
    id: int
    user_id: int
    name: str
    description: str
    public: bool
    created_at: int
    changed_at: int


@dataclass(frozen=True, slots=True)
class ItemRow:
    id: int
    list_id: int
    position: int
    kind: str
    entity_id: int
    comment: str
    display_title: str
    uri: str


@dataclass(frozen=True, slots=True)
class NewItem:
    """What an added item keeps of its entity (``display_title``, ``uri``)."""

    kind: str
    entity_id: int
    display_title: str
    uri: str
    comment: str = ""


_LIST_COLUMNS = (
    lists.c.id,
    lists.c.user_id,
    lists.c.name,
    lists.c.description,
    lists.c.public,
    lists.c.created_at,
    lists.c.changed_at,
)
_ITEM_COLUMNS = (
    list_items.c.id,
    list_items.c.list_id,
    list_items.c.position,
    list_items.c.kind,
    list_items.c.entity_id,
    list_items.c.comment,
    list_items.c.display_title,
    list_items.c.uri,
)


def _list(row: Any) -> ListRow:
    return ListRow(row[0], row[1], row[2], row[3], bool(row[4]), row[5], row[6])


def _item(row: Any) -> ItemRow:
    return ItemRow(*row)


class ListStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sqlite = engine.dialect.name == "sqlite"

    # -- reads --------------------------------------------------------------------------------

    def lists_of(
        self, user_id: int, *, with_private: bool, offset: int, limit: int
    ) -> tuple[int, list[ListRow]]:
        """(how many, one page of them): the user's lists, newest first; private ones only
        ``with_private``."""
        where = [lists.c.user_id == user_id]
        if not with_private:
            where.append(lists.c.public == 1)
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(lists).where(*where)).scalar()
            rows = conn.execute(
                select(*_LIST_COLUMNS)
                .where(*where)
                .order_by(lists.c.id.desc())
                .offset(offset)
                .limit(limit)
            ).all()
        return int(total or 0), [_list(row) for row in rows]

    def count_of(self, user_id: int, *, with_private: bool) -> int:
        where = [lists.c.user_id == user_id]
        if not with_private:
            where.append(lists.c.public == 1)
        with self.engine.connect() as conn:
            return int(
                conn.execute(select(func.count()).select_from(lists).where(*where)).scalar() or 0
            )

    def list_by_id(self, list_id: int) -> ListRow | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(*_LIST_COLUMNS).where(lists.c.id == list_id)).first()
        return None if row is None else _list(row)

    def items(self, list_id: int) -> list[ItemRow]:
        """The list's items in order."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(*_ITEM_COLUMNS)
                .where(list_items.c.list_id == list_id)
                .order_by(list_items.c.position)
            ).all()
        return [_item(row) for row in rows]

    def item_counts(self, list_ids: Sequence[int]) -> dict[int, int]:
        counts: dict[int, int] = {}
        with self.engine.connect() as conn:
            for part in slices(list_ids):
                rows = conn.execute(
                    select(list_items.c.list_id, func.count())
                    .where(list_items.c.list_id.in_(part))
                    .group_by(list_items.c.list_id)
                ).all()
                counts.update((row[0], int(row[1])) for row in rows)
        return counts

    def documents(self, kind: str, ids: Sequence[int]) -> dict[int, bytes]:
        """The stored catalogue documents of these entities of a kind (the ones there are)."""
        table = KIND_TABLES[kind]
        found: dict[int, bytes] = {}
        with self.engine.connect() as conn:
            for part in slices(ids):
                marks = ",".join(str(int(i)) for i in part)
                rows = conn.exec_driver_sql(f"SELECT id, doc FROM {table} WHERE id IN ({marks})")
                found.update((row[0], expand(bytes(row[1]), conn)) for row in rows)
        return found

    def main_releases(self, master_ids: Sequence[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        with self.engine.connect() as conn:
            for part in slices(master_ids):
                marks = ",".join(str(int(i)) for i in part)
                rows = conn.exec_driver_sql(
                    f"SELECT id, main_release FROM masters WHERE id IN ({marks})"
                )
                found.update((row[0], row[1]) for row in rows)
        return found

    def community(self, release_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
        """(have, want) of the releases that have figures."""
        found: dict[int, tuple[int, int]] = {}
        with self.engine.connect() as conn:
            for part in slices(release_ids):
                rows = conn.execute(
                    select(
                        release_community.c.release_id,
                        release_community.c.have,
                        release_community.c.want,
                    ).where(release_community.c.release_id.in_(part))
                ).all()
                found.update((row[0], (int(row[1]), int(row[2]))) for row in rows)
        return found

    # -- writes -------------------------------------------------------------------------------

    def create(self, user_id: int, name: str, description: str, public: bool, now: int) -> int:
        with self._writing() as conn:
            created = conn.execute(
                insert(lists)
                .values(
                    user_id=user_id,
                    name=name,
                    description=description,
                    public=int(public),
                    created_at=now,
                    changed_at=now,
                )
                .returning(lists.c.id)
            ).scalar_one()
        return int(created)

    def update(self, list_id: int, now: int, **values: object) -> None:
        """Set ``name``, ``description`` and/or ``public``."""
        if "public" in values:
            values["public"] = int(bool(values["public"]))
        with self._writing() as conn:
            conn.execute(
                update(lists).where(lists.c.id == list_id).values(changed_at=now, **values)
            )

    def delete(self, list_id: int) -> None:
        with self._writing() as conn:
            conn.execute(delete(list_items).where(list_items.c.list_id == list_id))
            conn.execute(delete(lists).where(lists.c.id == list_id))

    def add_item(self, list_id: int, item: NewItem, now: int) -> int | None:
        """The new item's id, at the end of the list; None when the list has it already."""
        try:
            with self._writing() as conn:
                last = self._lock(conn, list_id, now)
                added = conn.execute(
                    insert(list_items)
                    .values(
                        list_id=list_id,
                        position=last + 1,
                        kind=item.kind,
                        entity_id=item.entity_id,
                        comment=item.comment,
                        display_title=item.display_title,
                        uri=item.uri,
                        added_at=now,
                    )
                    .returning(list_items.c.id)
                ).scalar_one()
        except IntegrityError:
            return None
        return int(added)

    def set_comment(self, list_id: int, item_id: int, comment: str, now: int) -> bool:
        """False when the list has no such item."""
        with self._writing() as conn:
            self._lock(conn, list_id, now)
            changed = conn.execute(
                update(list_items)
                .where(list_items.c.id == item_id, list_items.c.list_id == list_id)
                .values(comment=comment)
            ).rowcount
        return bool(changed)

    def move_item(self, list_id: int, item_id: int, position: int, now: int) -> bool:
        """Put the item at ``position`` (1.., clamped to the list), the others closing up
        behind it; False when the list has no such item."""
        with self._writing() as conn:
            self._lock(conn, list_id, now)
            order = self._order(conn, list_id)
            if item_id not in order:
                return False
            order.remove(item_id)
            order.insert(min(max(position, 1), len(order) + 1) - 1, item_id)
            self._renumber(conn, list_id, order)
        return True

    def remove_item(self, list_id: int, item_id: int, now: int) -> bool:
        with self._writing() as conn:
            self._lock(conn, list_id, now)
            removed = conn.execute(
                delete(list_items).where(
                    list_items.c.id == item_id, list_items.c.list_id == list_id
                )
            ).rowcount
            if removed:
                self._renumber(conn, list_id, self._order(conn, list_id))
        return bool(removed)

    # -- plumbing -----------------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        # IMMEDIATE takes SQLite's write lock at BEGIN: a transaction that reads and then
        # writes never fails half-way on a lock upgrade.
        engine = self.engine
        if self._sqlite:
            engine = engine.execution_options(sqlite_begin="IMMEDIATE")
        with engine.begin() as conn:
            yield conn

    def _lock(self, conn: Connection, list_id: int, now: int) -> int:
        """Lock the list's row (moving its ``changed_at``) and return its last position."""
        conn.execute(update(lists).where(lists.c.id == list_id).values(changed_at=now))
        last = conn.execute(
            select(func.max(list_items.c.position)).where(list_items.c.list_id == list_id)
        ).scalar()
        return int(last or 0)

    def _order(self, conn: Connection, list_id: int) -> list[int]:
        rows = conn.execute(
            select(list_items.c.id)
            .where(list_items.c.list_id == list_id)
            .order_by(list_items.c.position)
        ).all()
        return [row[0] for row in rows]

    def _renumber(self, conn: Connection, list_id: int, order: list[int]) -> None:
        """Positions 1..n in ``order``; only the items whose position changes are written."""
        current = dict(
            conn.execute(
                select(list_items.c.id, list_items.c.position).where(
                    list_items.c.list_id == list_id
                )
            ).all()
        )
        for position, item_id in enumerate(order, start=1):
            if current.get(item_id) != position:
                conn.execute(
                    update(list_items).where(list_items.c.id == item_id).values(position=position)
                )
