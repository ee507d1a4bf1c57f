"""The migrations build exactly the schema the code declares, on both engines, and ``drift``
- what says so - does find a database that differs from the declared tables."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from discogs_service.storage import Storage, migrate


def differences(engine: Engine) -> list[tuple[str, str]]:
    """``drift``'s differences as (operation, the name of what differs)."""
    return [(diff[0], diff[-1].name) for diff in migrate.drift(engine)]


def test_migrated_database_matches_the_table_definitions(storage: Storage) -> None:
    assert migrate.drift(storage.engine) == []


def test_upgrading_twice_changes_nothing(storage: Storage) -> None:
    migrate.upgrade(storage.engine)
    assert migrate.drift(storage.engine) == []


# A change made to a migrated database, and the difference drift must then report: what a
# migration would have to do to bring the database back to tables.py.
CHANGED = {
    "an index dropped": ("DROP INDEX ix_releases_master", ("add_index", "ix_releases_master")),
    "a column added": (
        "ALTER TABLE users ADD COLUMN nickname VARCHAR(40)",
        ("remove_column", "nickname"),
    ),
    "a table added": (
        "CREATE TABLE playlists (id INTEGER PRIMARY KEY)",
        ("remove_table", "playlists"),
    ),
}


@pytest.mark.parametrize(("change", "reported"), CHANGED.values(), ids=list(CHANGED))
def test_drift_reports_a_database_changed_after_migrating(
    storage: Storage, change: str, reported: tuple[str, str]
) -> None:
    with storage.engine.begin() as conn:
        conn.execute(text(change))
    assert differences(storage.engine) == [reported]
