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

from sqlalchemy import Connection, Engine

from discogs_service.storage.sql import with_placeholder

# The figure each user-data table gives a release, as SQL counting over its rows of the
# release (one parameter: the release id). Each table of users' data that the community
# figures count adds itself here.
FIGURES: dict[str, str] = {}


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
