"""The community's figures of each release (``release_community``), kept exact under
concurrent writers.

A change to a user's rows that a figure counts (an instance added to a collection, a want, a
rating) recounts that figure in the same transaction, after locking the release's row:
``recount`` makes the row if it is missing, locks it (PostgreSQL: ``FOR UPDATE``; SQLite's
writers are serialised by its write lock already) and then counts from the user rows. The
count runs after the lock, so it sees every transaction that held the lock before: two
clients adding and removing the same release at once end with the exact figure, whatever the
order (counting first and adding later would let one of them write a stale figure).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine

from discogs_service.storage.sql import SLICE, placeholder, read_only, slices, with_placeholder

# The figure each user-data table gives a release, as SQL counting over its rows of the
# release (one parameter: the release id). Each table of users' data that the community
# figures count adds itself here.
FIGURES: dict[str, str] = {}

# What one user's own rows say of releases, for the figures only that user sees (a list's
# ``stats.user``, a search result's ``user_data``): per figure (``in_wantlist``,
# ``in_collection``), SQL selecting the release id of each of the user's rows (one
# parameter: the user id), e.g. ``SELECT release_id FROM wants WHERE user_id = ?``; a release
# counts once per row. Each table of users' data adds itself here; a figure nobody added is 0.
USER_RELEASES: dict[str, str] = {}

# A user's own totals (the profile's ``num_collection``, ``num_wantlist``, ``releases_rated``,
# ...): per figure, SQL giving one number (one parameter: the user id). As USER_RELEASES.
USER_COUNTS: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class Figures:
    """A release's (or a master's: its versions' summed) community figures."""

    have: int = 0
    want: int = 0
    rating_count: int = 0
    rating_total: int = 0


NOBODY = Figures()


# A user's own figures their profile shows them (num_collection, num_wantlist, ...), as SQL
# counting over the user's rows (one parameter: the user id). Each table of users' data
# that a profile counts adds itself here.
OWNER_FIGURES: dict[str, str] = {}


def owner_figures(engine: Engine, user_id: int) -> dict[str, int]:
    """The user's ``OWNER_FIGURES``, read in one connection."""
    mark = "?" if engine.dialect.name == "sqlite" else "%s"
    with engine.connect() as conn:
        return {
            name: int(conn.exec_driver_sql(with_placeholder(sql, mark), (user_id,)).scalar() or 0)
            for name, sql in OWNER_FIGURES.items()
        }


def recount(conn: Connection, mark: str, release_id: int, *figures: str) -> None:
    """Recount ``figures`` (``FIGURES`` keys: ``have``, ``want``, ``rating_count``,
    ``rating_total``) of a release, under its row's lock, in the caller's transaction."""
    _execute(
        conn,
        mark,
        "INSERT INTO release_community (release_id) VALUES (?) ON CONFLICT DO NOTHING",
        (release_id,),
    )
    if conn.dialect.name == "postgresql":
        _execute(
            conn,
            mark,
            "SELECT 1 FROM release_community WHERE release_id = ? FOR UPDATE",
            (release_id,),
        )
    assignments = ", ".join(f"{figure} = ({FIGURES[figure]})" for figure in figures)
    _execute(
        conn,
        mark,
        f"UPDATE release_community SET {assignments} WHERE release_id = ?",
        (*[release_id] * len(figures), release_id),
    )


def _execute(conn: Connection, mark: str, sql: str, params: tuple[int, ...]) -> None:
    conn.exec_driver_sql(with_placeholder(sql, mark), params)


# The community's figures of releases, and of masters (their versions' summed), by id: one
# parameter per id in ``{ids}``.
_RELEASE_FIGURES = (
    "SELECT release_id, have, want, rating_count, rating_total FROM release_community"
    " WHERE release_id IN ({ids})"
)
_MASTER_FIGURES = (
    "SELECT r.master_id, sum(c.have), sum(c.want), sum(c.rating_count),"
    " sum(c.rating_total) FROM releases r"
    " JOIN release_community c ON c.release_id = r.id"
    " WHERE r.master_id IN ({ids}) GROUP BY r.master_id"
)


def _marks(ids: Sequence[int]) -> str:
    return ",".join("?" * len(ids))


def _figures_of(values: Sequence[Any]) -> Figures:
    return Figures(*(int(value or 0) for value in values))


class CommunityStore:
    """Reads the figures: the community's of releases and masters, and a user's own."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.mark = placeholder(engine)

    def releases(self, release_ids: Sequence[int]) -> dict[int, Figures]:
        """The figures of these releases that anybody has, wants or rated."""
        return self._figures(_RELEASE_FIGURES, release_ids)

    def masters(self, master_ids: Sequence[int]) -> dict[int, Figures]:
        """The figures of these masters: each the sum of its versions' figures."""
        return self._figures(_MASTER_FIGURES, master_ids)

    def of_page(
        self, release_ids: Sequence[int], master_ids: Sequence[int]
    ) -> tuple[dict[int, Figures], dict[int, Figures]]:
        """``releases`` and ``masters`` together, in one statement when both fit in one (a
        page of results: one round trip to PostgreSQL instead of two, each with its own
        connection check and transaction)."""
        releases, masters = sorted(set(release_ids)), sorted(set(master_ids))
        if not releases or not masters or len(releases) + len(masters) > SLICE:
            return self.releases(releases), self.masters(masters)
        sql = (
            _RELEASE_FIGURES.replace("SELECT", "SELECT 0,", 1).replace("{ids}", _marks(releases))
            + " UNION ALL "
            + _MASTER_FIGURES.replace("SELECT", "SELECT 1,", 1).replace("{ids}", _marks(masters))
        )
        found: tuple[dict[int, Figures], dict[int, Figures]] = ({}, {})
        with read_only(self.engine) as conn:
            for row in conn.exec_driver_sql(
                with_placeholder(sql, self.mark), (*releases, *masters)
            ):
                found[row[0]][int(row[1])] = _figures_of(row[2:])
        return found

    def own_releases(self, user_id: int, release_ids: Sequence[int]) -> dict[str, dict[int, int]]:
        """Per USER_RELEASES figure, how many of the user's rows name each of these releases
        (the releases they name)."""
        return self._own(
            user_id,
            "SELECT own.release_id, count(*) FROM ({rows}) own"
            " WHERE own.release_id IN ({ids}) GROUP BY own.release_id",
            release_ids,
        )

    def own_masters(self, user_id: int, master_ids: Sequence[int]) -> dict[str, dict[int, int]]:
        """Per USER_RELEASES figure, how many of the user's rows name a version of each of
        these masters (the masters they name)."""
        return self._own(
            user_id,
            "SELECT r.master_id, count(*) FROM ({rows}) own"
            " JOIN releases r ON r.id = own.release_id"
            " WHERE r.master_id IN ({ids}) GROUP BY r.master_id",
            master_ids,
        )

    def user_counts(self, user_id: int) -> dict[str, int]:
        """Every USER_COUNTS figure of the user, in one query."""
        if not USER_COUNTS:
            return {}
        names = list(USER_COUNTS)
        columns = ", ".join(f"({USER_COUNTS[name]})" for name in names)
        with self.engine.connect() as conn:
            row = conn.exec_driver_sql(
                with_placeholder(f"SELECT {columns}", self.mark), (user_id,) * len(names)
            ).one()
        return {name: int(value or 0) for name, value in zip(names, row, strict=True)}

    def _figures(self, sql: str, ids: Sequence[int]) -> dict[int, Figures]:
        return {int(row[0]): _figures_of(row[1:]) for row in self._rows(sql, ids, ())}

    def _own(self, user_id: int, sql: str, ids: Sequence[int]) -> dict[str, dict[int, int]]:
        return {
            name: {
                int(key): int(count)
                for key, count in self._rows(sql.replace("{rows}", rows), ids, (user_id,))
            }
            for name, rows in USER_RELEASES.items()
        }

    def _rows(self, sql: str, ids: Sequence[int], first: tuple[int, ...]) -> list[Any]:
        rows: list[Any] = []
        unique = sorted(set(ids))
        if not unique:
            return rows
        parts = slices(unique)
        with read_only(self.engine) if len(parts) == 1 else self.engine.connect() as conn:
            for part in parts:
                query = sql.replace("{ids}", _marks(part))
                rows += conn.exec_driver_sql(
                    with_placeholder(query, self.mark), (*first, *part)
                ).all()
        return rows
