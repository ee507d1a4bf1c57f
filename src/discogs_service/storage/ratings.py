"""Users' ratings of releases (``ratings``): one per user and release, 1 to 5, and the
community figures they make (``release_community.rating_count``, ``rating_total``)."""

from __future__ import annotations

import time

from sqlalchemy import Connection, Engine

from discogs_service.storage import community
from discogs_service.storage.sql import placeholder, with_placeholder, writing

community.FIGURES["rating_count"] = "SELECT count(*) FROM ratings WHERE release_id = ?"
community.FIGURES["rating_total"] = (
    "SELECT coalesce(sum(rating), 0) FROM ratings WHERE release_id = ?"
)
# A profile's releases_rated and rating_avg (the mean of the user's ratings).
community.USER_COUNTS["releases_rated"] = "SELECT count(*) FROM ratings WHERE user_id = ?"
community.USER_COUNTS["rating_total"] = (
    "SELECT coalesce(sum(rating), 0) FROM ratings WHERE user_id = ?"
)
# Statements that keep copies of a user's rating of a release current (parameters: rating,
# user id, release id), run in the same transaction as the rating: a collection's instances
# keep it for sorting (storage.collection).
RATING_COPIES: list[str] = []


class RatingStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.mark = placeholder(engine)

    def rating(self, user_id: int, release_id: int) -> int:
        """The user's rating of the release; 0 when they did not rate it."""
        with self.engine.connect() as conn:
            found = conn.exec_driver_sql(
                self._sql("SELECT rating FROM ratings WHERE user_id = ? AND release_id = ?"),
                (user_id, release_id),
            ).scalar()
        return int(found or 0)

    def ratings_of(self, user_id: int, release_ids: list[int]) -> dict[int, int]:
        """The user's ratings of these releases (the rated ones)."""
        if not release_ids:
            return {}
        marks = ",".join("?" * len(release_ids))
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                self._sql(
                    f"SELECT release_id, rating FROM ratings"
                    f" WHERE user_id = ? AND release_id IN ({marks})"
                ),
                (user_id, *release_ids),
            ).all()
        return {row[0]: row[1] for row in rows}

    def rate(self, user_id: int, release_id: int, rating: int) -> None:
        """``set_rating`` in a transaction of its own."""
        with writing(self.engine) as conn:
            self.set_rating(conn, user_id, release_id, rating)

    def set_rating(self, conn: Connection, user_id: int, release_id: int, rating: int) -> None:
        """Rate a release 1..5, or 0 to withdraw the rating, in the caller's transaction; the
        release's community figures follow."""
        if rating:
            conn.exec_driver_sql(
                self._sql(
                    "INSERT INTO ratings (user_id, release_id, rating, rated_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (user_id, release_id) DO UPDATE"
                    " SET rating = excluded.rating, rated_at = excluded.rated_at"
                ),
                (user_id, release_id, rating, int(time.time())),
            )
        else:
            conn.exec_driver_sql(
                self._sql("DELETE FROM ratings WHERE user_id = ? AND release_id = ?"),
                (user_id, release_id),
            )
        for copy in RATING_COPIES:
            conn.exec_driver_sql(self._sql(copy), (rating, user_id, release_id))
        community.recount(conn, self.mark, release_id, "rating_count", "rating_total")

    def _sql(self, sql: str) -> str:
        return with_placeholder(sql, self.mark)
