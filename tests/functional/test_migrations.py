"""The migrations build exactly the schema the code declares, on both engines, and ``drift``
- what says so - does find a database that differs from the declared tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text

from discogs_service.search.query import build
from discogs_service.storage import Storage, migrate
from discogs_service.storage.search import search_index
from tests.conftest import import_sample
from tests.dumpfiles import many_releases, write_dump
from tests.functional.importing import (
    assert_consistent,
    ids,
    import_files,
    import_runs,
    rows,
    stop_after_batches,
    use_small_batches,
)
from tests.search_cases import QUERIES


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


def _downgrade(engine: Engine, revision: str) -> None:
    config = migrate.alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _answers(storage: Storage) -> list[tuple[int, list[int]]]:
    index = search_index(storage.engine)
    return [
        (hits.total, hits.keys)
        for hits in (index.search(build(t, p, k), 0, 50) for t, p, k in QUERIES)
    ]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # SQLite: no-op
def test_search_terms_migration_moves_the_vectors_and_back_keeping_every_answer(
    storage: Storage,
) -> None:
    """0012 moves PostgreSQL's text vectors out of ``search_docs`` into ``search_terms``; a
    database indexed before it answers every search the same after it (and after going back)."""
    import_sample(storage)
    before = _answers(storage)
    assert any(total for total, _ in before)
    _downgrade(storage.engine, "0011")
    with storage.engine.connect() as conn:
        vectors = "SELECT count(*) FROM search_docs WHERE tsv IS NOT NULL"
        assert conn.execute(text(vectors)).scalar_one() > 0
    migrate.upgrade(storage.engine)
    assert _answers(storage) == before
    assert migrate.drift(storage.engine) == []


def test_a_refresh_interrupted_before_0017_resumes_after_it(
    storage: Storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """0017 turns the ids an interrupted run found unchanged, a row each in ``import_seen``,
    into one bitmap (and back): the run resumes after the upgrade and removes only what the
    newer month no longer holds."""
    use_small_batches(monkeypatch)
    records = list(many_releases(30))
    january = write_dump(tmp_path / "discogs_20250101_releases.xml", "releases", records)
    import_files(storage, january)
    february = write_dump(tmp_path / "discogs_20250201_releases.xml", "releases", records[:-1])
    with pytest.raises(KeyboardInterrupt):
        import_files(storage, february, progress=stop_after_batches(2))
    (_, stopped) = import_runs(storage)

    _downgrade(storage.engine, "0016")
    listed = rows(storage, "SELECT run_id, id FROM import_seen ORDER BY id")
    assert len(listed) == stopped["records_done"] > 0
    assert {run_id for run_id, _ in listed} == {stopped["id"]}
    migrate.upgrade(storage.engine)
    assert migrate.drift(storage.engine) == []

    (outcome,) = import_files(storage, february)
    assert outcome.run.resumed
    assert (outcome.run.unchanged, outcome.run.removed) == (29, 1)
    assert ids(storage, "releases") == list(range(1, 30))
    assert rows(storage, "SELECT run_id FROM import_seen_ids") == []
    assert_consistent(storage)


def _served(storage: Storage) -> list[tuple[int, list[int], list[bytes]]]:
    index = search_index(storage.engine)
    found = [index.search(build(t, p, k), 0, 50) for t, p, k in QUERIES]
    return [(hits.total, hits.keys, hits.docs) for hits in found]


def test_results_rendered_when_served_are_those_stored_before_0019_and_back(
    storage: Storage,
) -> None:
    """0019 drops the stored results (``search_docs.doc``), rendered since from the facts
    when served, and the dictionaries they were compressed with; going back renders each
    into the column again. Every search answers byte for byte the same either way."""
    import_sample(storage)
    served = _served(storage)
    assert any(total for total, _, _ in served)
    assert any(b'"type":"master"' in doc for _, _, docs in served for doc in docs)

    _downgrade(storage.engine, "0018")
    stored = dict(rows(storage, "SELECT key, doc FROM search_docs"))
    for _, keys, docs in served:
        assert [bytes(stored[key]) for key in keys] == docs
    with storage.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO doc_dictionaries (id, kind, created_at, data)"
                " VALUES (7, 'search_releases', 0, :data), (8, 'facts_releases', 0, :data)"
            ),
            {"data": b"dictionary"},
        )
    migrate.upgrade(storage.engine)

    assert _served(storage) == served
    assert migrate.drift(storage.engine) == []
    kinds = rows(storage, "SELECT kind FROM doc_dictionaries WHERE id IN (7, 8)")
    assert [kind for (kind,) in kinds] == ["facts_releases"]
