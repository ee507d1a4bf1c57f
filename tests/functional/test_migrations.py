"""The migrations build exactly the schema the code declares, on both engines."""

from __future__ import annotations

from discogs_service.storage import Storage, migrate


def test_migrated_database_matches_the_table_definitions(storage: Storage) -> None:
    assert migrate.drift(storage.engine) == []


def test_upgrading_twice_changes_nothing(storage: Storage) -> None:
    migrate.upgrade(storage.engine)
    assert migrate.drift(storage.engine) == []
