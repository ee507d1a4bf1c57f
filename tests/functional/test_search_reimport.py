"""The search index follows re-imports: next month's dump retitles, relabels and drops
releases, and search finds what the catalogue now says (both engines, over HTTP)."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import httpx

from discogs_service.storage import Storage, open_storage
from discogs_service.storage.dumps import ANALYZE_ROWS
from tests import dumpfiles
from tests.conftest import USER_AGENT, PostgresDatabases, serve
from tests.dumpfiles import a_release
from tests.functional.importing import import_files, next_second
from tests.search_catalogue import RELEASES, master_xml, release_xml, write_dump

BY_ID = {r.id: r for r in RELEASES}
JANUARY = [BY_ID[40], BY_ID[42], BY_ID[45]]
# February: 40 unchanged, 42 retitled and moved to another label, 45 gone.
FEBRUARY = [
    BY_ID[40],
    dataclasses.replace(BY_ID[42], title="Selmasongs", labels=[(28, "WARPCD999")]),
]


def import_months(storage: Storage, tmp_path: Path) -> None:
    import_january(storage, tmp_path)
    import_february(storage, tmp_path)


def import_january(storage: Storage, tmp_path: Path) -> None:
    january = tmp_path / "january"
    january.mkdir()
    import_files(
        storage,
        write_dump(january, "releases", [release_xml(r) for r in JANUARY], "20250101"),
        write_dump(january, "masters", [master_xml(i) for i in (30, 31, 32)], "20250101"),
    )


def import_february(storage: Storage, tmp_path: Path) -> None:
    next_second()
    february = tmp_path / "february"
    february.mkdir()
    (outcome,) = import_files(
        storage, write_dump(february, "releases", [release_xml(r) for r in FEBRUARY], "20250201")
    )
    assert (outcome.run.updated, outcome.run.removed) == (1, 1)


def found(client: httpx.Client, **parameters: str) -> set[tuple[str, int]]:
    response = client.get("/database/search", params=parameters)
    assert response.status_code == 200, response.text
    return {(r["type"], r["id"]) for r in response.json()["results"]}


def test_a_reimport_updates_and_removes_search_entries(storage: Storage, tmp_path: Path) -> None:
    import_months(storage, tmp_path)
    with (
        serve(storage) as url,
        httpx.Client(base_url=url, headers={"User-Agent": USER_AGENT}) as client,
    ):
        # the new title is found by its words, the old one no longer finds the release
        assert found(client, q="selmasongs") == {("release", 42)}
        assert ("release", 42) not in found(client, q="homogenic")
        # a removed release is gone from every way of finding it
        assert found(client, q="morning glory", type="release") == set()
        assert found(client, track="wonderwall", type="release") == set()
        # the master of the changed main release shows and finds the new label
        assert found(client, catno="WARPCD999") == {("master", 31), ("release", 42)}
        response = client.get("/database/search", params={"q": "homogenic", "type": "master"})
        (master,) = response.json()["results"]
        assert (master["label"], master["catno"]) == (["Warp Records"], "WARPCD999")
        # the unchanged release is still there, once
        assert found(client, q="back in black", type="release") == {("release", 40)}


def test_a_running_server_finds_what_a_reimport_changed(storage: Storage, tmp_path: Path) -> None:
    # The server keeps the match sets of the words it was asked for (storage.search.match_sets):
    # the import writes beside it, and the next answers count and page the new catalogue.
    import_january(storage, tmp_path)
    with (
        serve(storage) as url,
        httpx.Client(base_url=url, headers={"User-Agent": USER_AGENT}) as client,
    ):
        assert found(client, q="homogenic", type="release") == {("release", 42)}
        assert found(client, q="selmasongs") == set()
        assert found(client, q="morning glory", type="release") == {("release", 45)}
        assert master_label(client) != (["Warp Records"], "WARPCD999")
        import_february(storage, tmp_path)
        assert found(client, q="homogenic", type="release") == set()
        assert found(client, q="selmasongs") == {("release", 42)}
        assert found(client, q="morning glory", type="release") == set()
        gone = client.get("/database/search", params={"q": "morning glory", "type": "release"})
        assert gone.json()["pagination"]["items"] == 0
        # The master's result, rendered before with its main release's facts, is rendered
        # anew with the changed ones.
        assert master_label(client) == (["Warp Records"], "WARPCD999")


def master_label(client: httpx.Client) -> tuple[list[str], str]:
    response = client.get("/database/search", params={"q": "homogenic", "type": "master"})
    (master,) = response.json()["results"]
    return master["label"], master["catno"]


def test_postgresql_has_fresh_statistics_after_an_import(
    postgres: PostgresDatabases, tmp_path: Path
) -> None:
    # Without them the planner takes the search index for empty after a first import and
    # counts common words by scanning every row.
    storage = open_storage(postgres.new())
    try:
        import_files(
            storage,
            write_dump(tmp_path, "releases", [release_xml(r) for r in JANUARY], "20250101"),
        )
        with storage.engine.connect() as conn:
            analysed = conn.exec_driver_sql(
                "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"
            ).scalars()
            assert {"search_docs", "releases"} <= set(analysed)
    finally:
        storage.close()


def analysed(storage: Storage) -> dict[str, object]:
    """Each table's last ANALYZE, as PostgreSQL's statistics tell."""
    with storage.engine.connect() as conn:
        found = conn.exec_driver_sql("SELECT relname, last_analyze FROM pg_stat_user_tables")
        return {name: when for name, when in found}


def await_counted_changes(storage: Storage, table: str, at_least: int) -> None:
    """Wait until the statistics count the changes other sessions made to ``table`` (a
    backend reports them within about a second)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with storage.engine.connect() as conn:
            counted = conn.exec_driver_sql(
                "SELECT n_mod_since_analyze FROM pg_stat_user_tables WHERE relname = %s",
                (table,),
            ).scalar_one()
        if counted >= at_least:
            return
        time.sleep(0.2)
    raise AssertionError(f"{table}: {counted} changes counted, not {at_least}")


def test_postgresql_refresh_analyses_only_tables_changed_beyond_autovacuums_rule(
    postgres: PostgresDatabases, tmp_path: Path
) -> None:
    """ANALYZE of the whole database after a refresh of a few records was 1.5 s of a
    200,000-release refresh's 23: a refresh analyses the tables that changed by more than
    50 rows and a tenth of the table since their last ANALYZE (dumps.ANALYZE_ROWS/SHARE)."""
    storage = open_storage(postgres.new())
    try:
        import_january(storage, tmp_path)  # a first import: everything analysed
        first = analysed(storage)
        assert first["releases"] is not None
        import_february(storage, tmp_path)  # 2 of 3 releases changed: 50 rows not reached
        assert analysed(storage) == first
        with storage.engine.begin() as conn:
            for _ in range(ANALYZE_ROWS):
                conn.exec_driver_sql("UPDATE masters SET changed_at = changed_at + 1")
        await_counted_changes(storage, "masters", ANALYZE_ROWS * 3)
        (outcome,) = import_files(storage, tmp_path / "february" / "discogs_20250201_releases.xml")
        assert outcome.run.unchanged == 2  # changed nothing, but masters did meanwhile
        now = analysed(storage)
        assert now["masters"] != first["masters"]
        assert {t: when for t, when in now.items() if t != "masters"} == {
            t: when for t, when in first.items() if t != "masters"
        }
    finally:
        storage.close()


def test_postgresql_import_that_changes_much_of_its_kind_analyses_everything(
    postgres: PostgresDatabases, tmp_path: Path
) -> None:
    """Told by the run's own counts, not by statistics that count the last second later."""
    storage = open_storage(postgres.new())
    try:
        import_january(storage, tmp_path)
        first = analysed(storage)
        next_second()
        many = [a_release(i, title=f"Many {i}") for i in range(100, 100 + ANALYZE_ROWS + 10)]
        (outcome,) = import_files(
            storage, dumpfiles.write_dump(tmp_path / "b.xml", "releases", many)
        )
        assert outcome.run.added == ANALYZE_ROWS + 10
        now = analysed(storage)
        assert all(now[table] != first[table] for table in ("releases", "search_terms", "masters"))
    finally:
        storage.close()


def test_postgresql_ranks_a_word_in_more_entries_than_its_statistics_count(
    postgres: PostgresDatabases, tmp_path: Path
) -> None:
    """A refresh that adds fewer entries than autovacuum's rule leaves PostgreSQL's count of
    entries (the IDFs' base) behind: a word in every new entry then has more hits than it."""
    storage = open_storage(postgres.new())
    try:
        records = [a_release(i, title=f"Shared {i}") for i in (1, 2, 3)]
        import_files(storage, dumpfiles.write_dump(tmp_path / "a.xml", "releases", records))
        more = [a_release(i, title=f"Shared {i}") for i in (4, 5, 6, 7)]
        import_files(storage, dumpfiles.write_dump(tmp_path / "b.xml", "releases", more))
        with (
            serve(storage) as url,
            httpx.Client(base_url=url, headers={"User-Agent": USER_AGENT}) as client,
        ):
            assert len(found(client, q="shared", type="release")) == 7
    finally:
        storage.close()
