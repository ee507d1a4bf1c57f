"""The community's figures and each user's own, live wherever an answer shows them, over a real
socket on SQLite and PostgreSQL: the release document's ``community`` (and its validator),
``stats.community`` and the signed-in caller's ``stats.user`` in artist, label and
master-version lists, search results' ``community`` and ``user_data``. And the figures stay
exact when clients change the same rows at once.

The catalogue is the collectors' (releases 1..40, renumbered copies of the 2020-08 excerpt)
with the excerpt's artists and labels, and one master (1660109) whose versions are releases
1 and 33: artist 1 (The Persuader) lists it as a master entry beside releases 3 and 35.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from discogs_service.importer.run import import_dump
from discogs_service.storage import community as figures
from discogs_service.storage.sql import placeholder, with_placeholder, writing
from discogs_service.storage.wantlist import WantChange
from tests.collectors import Collectors, Member
from tests.dumpfiles import excerpt, records_of, with_id, write_dump

MASTER = 1660109  # versions: releases 1 and 33
ARTIST = 1  # The Persuader: master MASTER, releases 3 and 35
LABEL = 5  # Svek: releases 1, 2, 6, 33, 34, 38
NOBODY = {"in_wantlist": 0, "in_collection": 0}


@pytest.fixture
def community(collectors: Collectors, tmp_path: Path) -> Iterator[Collectors]:
    """The collectors' server with the artists, labels and master described above."""
    for kind in ("artists", "labels"):
        path = excerpt("2020-08", f"discogs_20200806_{kind}.xml.gz")
        import_dump(collectors.storage, path, allow_removal=False, workers=1)
    sample_master = records_of(excerpt("2020-08", "discogs_20200806_masters.xml.gz"), "masters")[0]
    masters = write_dump(tmp_path / "masters.xml", "masters", [with_id(sample_master, MASTER)])
    import_dump(collectors.storage, masters, allow_removal=False, workers=1)
    yield collectors


def want(member: Member, *release_ids: int) -> None:
    for release_id in release_ids:
        answer = member.put(f"/users/{member.name}/wants/{release_id}")
        assert answer.status_code == 201, answer.text


def rate(member: Member, release_id: int, rating: int) -> None:
    answer = member.put(f"/releases/{release_id}/rating/{member.name}", json={"rating": rating})
    assert answer.status_code == 201, answer.text


# -- the release document ----------------------------------------------------------------------


def test_the_release_document_shows_live_figures(community: Collectors) -> None:
    want(community.alice, 1)
    want(community.bob, 1)
    rate(community.alice, 1, 5)
    rate(community.bob, 1, 4)
    for member in (community.anonymous, community.alice):  # the hot path and the general one
        body = member.get("/releases/1").json()["community"]
        assert body["have"] == 0  # the collection keeps it
        assert body["want"] == 2
        assert body["rating"] == {"count": 2, "average": 4.5}
        assert body["submitter"] == {"username": "", "resource_url": ""}
        assert body["contributors"] == []
    stats = community.anonymous.get("/releases/1/stats").json()
    assert stats == {"num_have": 0, "num_want": 2, "is_offensive": False}


def test_the_validator_covers_the_live_figures(community: Collectors) -> None:
    for member in (community.anonymous, community.alice):
        before = member.get("/releases/2")
        etag = before.headers["etag"]
        assert member.get("/releases/2", headers={"if-none-match": etag}).status_code == 304
    want(community.bob, 2)
    for member in (community.anonymous, community.alice):
        after = member.get("/releases/2", headers={"if-none-match": etag})
        assert after.status_code == 200
        assert after.headers["etag"] != etag
        assert after.json()["community"]["want"] == 1
    community.bob.delete("/users/bob/wants/2")
    # Back to nobody's figures: the body and the validator of before.
    again = community.anonymous.get("/releases/2")
    assert (again.headers["etag"], again.content) == (etag, before.content)


# -- release lists -----------------------------------------------------------------------------


def _items(member: Member, path: str, key: str) -> dict[int, dict[str, Any]]:
    answer = member.get(path)
    assert answer.status_code == 200, answer.text
    return {item["id"]: item for item in answer.json()[key]}


def test_artist_releases_show_the_communitys_and_the_callers_figures(
    community: Collectors,
) -> None:
    want(community.alice, 1, 3)
    want(community.bob, 33)  # the master's other version
    path = f"/artists/{ARTIST}/releases"
    anonymous = _items(community.anonymous, path, "releases")
    assert set(anonymous) == {MASTER, 3, 35}
    assert anonymous[MASTER]["type"] == "master"
    # A master's figures are its versions' summed.
    assert anonymous[MASTER]["stats"] == {"community": {"in_wantlist": 2, "in_collection": 0}}
    assert anonymous[3]["stats"] == {"community": {"in_wantlist": 1, "in_collection": 0}}
    assert anonymous[35]["stats"] == {"community": NOBODY}
    alices = _items(community.alice, path, "releases")
    assert alices[MASTER]["stats"]["user"] == {"in_wantlist": 1, "in_collection": 0}
    assert alices[3]["stats"]["user"] == {"in_wantlist": 1, "in_collection": 0}
    assert alices[35]["stats"]["user"] == NOBODY
    assert list(alices[3]["stats"]) == ["community", "user"]
    bobs = _items(community.bob, path, "releases")
    assert bobs[MASTER]["stats"]["user"] == {"in_wantlist": 1, "in_collection": 0}
    assert bobs[3]["stats"]["user"] == NOBODY


def test_label_releases_show_the_communitys_and_the_callers_figures(
    community: Collectors,
) -> None:
    want(community.alice, 2, 6)
    want(community.bob, 6)
    path = f"/labels/{LABEL}/releases"
    anonymous = _items(community.anonymous, path, "releases")
    assert anonymous[6]["stats"] == {"community": {"in_wantlist": 2, "in_collection": 0}}
    assert anonymous[1]["stats"] == {"community": NOBODY}
    alices = _items(community.alice, path, "releases")
    assert alices[2]["stats"]["user"] == {"in_wantlist": 1, "in_collection": 0}
    assert alices[1]["stats"]["user"] == NOBODY
    assert list(alices[2]) == list(anonymous[2])  # stats stays the last key


def test_master_versions_show_the_communitys_and_the_callers_figures(
    community: Collectors,
) -> None:
    want(community.alice, 33)
    path = f"/masters/{MASTER}/versions"
    anonymous = _items(community.anonymous, path, "versions")
    assert set(anonymous) == {1, 33}
    assert anonymous[33]["stats"] == {"community": {"in_wantlist": 1, "in_collection": 0}}
    assert "user" not in anonymous[1]["stats"]
    bobs = _items(community.bob, path, "versions")
    assert bobs[33]["stats"] == {
        "community": {"in_wantlist": 1, "in_collection": 0},
        "user": NOBODY,
    }


# -- search ------------------------------------------------------------------------------------


def _results(member: Member, **params: str) -> dict[tuple[str, int], dict[str, Any]]:
    answer = member.get("/database/search", params=params)
    assert answer.status_code == 200, answer.text
    return {(result["type"], result["id"]): result for result in answer.json()["results"]}


def test_search_results_show_the_communitys_and_the_callers_figures(
    community: Collectors,
) -> None:
    want(community.alice, 1)
    want(community.bob, 1, 33)
    anonymous = _results(community.anonymous, q="Stockholm")
    assert anonymous[("release", 1)]["community"] == {"want": 2, "have": 0}
    assert anonymous[("release", 33)]["community"] == {"want": 1, "have": 0}
    not_mine = {"in_wantlist": False, "in_collection": False}
    assert anonymous[("release", 1)]["user_data"] == not_mine
    alices = _results(community.alice, q="Stockholm")
    assert alices[("release", 1)]["user_data"] == {"in_wantlist": True, "in_collection": False}
    assert alices[("release", 33)]["user_data"] == not_mine
    # The master (its record is "Vince Watson - Moments In Time", renumbered): its figures
    # are its versions' summed, and alice wants one of them.
    master = _results(community.alice, q="Moments In Time", type="master")[("master", MASTER)]
    assert master["community"] == {"want": 3, "have": 0}
    assert master["user_data"] == {"in_wantlist": True, "in_collection": False}
    bobs = _results(community.bob, q="Moments In Time", type="master")[("master", MASTER)]
    assert bobs["user_data"] == {"in_wantlist": True, "in_collection": False}
    carols = _results(community.anonymous, q="Moments In Time", type="master")
    assert carols[("master", MASTER)]["user_data"] == not_mine
    artists = _results(community.alice, q="Persuader", type="artist")
    assert all(result["user_data"] == not_mine for result in artists.values())


def test_a_page_of_releases_and_masters_reads_their_figures_at_once(
    community: Collectors,
) -> None:
    want(community.alice, 1)
    want(community.bob, 1, 33)
    rate(community.alice, 33, 4)
    store = community.storage.community
    releases, masters = [33, 1, 2, 1], [MASTER, 99999999]
    both = store.of_page(releases, masters)
    assert both == (store.releases(releases), store.masters(masters))
    assert both[0] == {1: figures.Figures(want=2), 33: figures.Figures(0, 1, 1, 4)}
    assert both[1] == {MASTER: figures.Figures(0, 3, 1, 4)}
    assert store.of_page([], masters) == ({}, both[1])
    assert store.of_page(releases, []) == (both[0], {})


def test_a_search_without_terms_shows_figures_too(community: Collectors) -> None:
    want(community.alice, 40)
    everything = _results(community.alice, type="release", per_page="100")
    assert everything[("release", 40)]["community"] == {"want": 1, "have": 0}
    assert everything[("release", 40)]["user_data"]["in_wantlist"] is True
    assert everything[("release", 39)]["user_data"]["in_wantlist"] is False


# -- concurrency --------------------------------------------------------------------------------


def _together(jobs: list[Callable[[], None]]) -> None:
    """Run the jobs in threads that start at the same moment; re-raise the first failure."""
    start = threading.Barrier(len(jobs))
    failures: list[BaseException] = []

    def run(job: Callable[[], None]) -> None:
        start.wait()
        try:
            job()
        except BaseException as error:  # re-raised below
            failures.append(error)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def test_clients_changing_the_same_release_at_once_leave_exact_figures(
    collectors: Collectors,
) -> None:
    release = 21
    members = [collectors.alice, collectors.bob, *(collectors.member(f"m{i}") for i in range(4))]
    rounds = 12

    def churn(index: int, member: Member) -> Callable[[], None]:
        def job() -> None:
            for step in range(rounds):
                assert member.put(f"/users/{member.name}/wants/{release}").status_code == 201
                rate(member, release, 1 + (index + step) % 5)
                assert member.delete(f"/users/{member.name}/wants/{release}").status_code == 204
                assert member.delete(f"/releases/{release}/rating/{member.name}").status_code == 204
            # The end state: the even ones want it, everyone rates it 1 + index % 5.
            if index % 2 == 0:
                assert member.put(f"/users/{member.name}/wants/{release}").status_code == 201
            rate(member, release, 1 + index % 5)

        return job

    try:
        _together([churn(index, member) for index, member in enumerate(members)])
    finally:
        for member in members[2:]:
            member.client.close()
    ratings = [1 + index % 5 for index in range(len(members))]
    body = collectors.anonymous.get(f"/releases/{release}").json()["community"]
    assert body["want"] == (len(members) + 1) // 2
    assert body["rating"] == {
        "count": len(members),
        "average": round(sum(ratings) / len(ratings), 2),
    }
    with collectors.storage.engine.connect() as conn:
        row = conn.exec_driver_sql(
            f"SELECT want, rating_count, rating_total FROM release_community"
            f" WHERE release_id = {release}"
        ).one()
    assert tuple(row) == ((len(members) + 1) // 2, len(members), sum(ratings))


def test_clients_adding_many_wants_at_once_count_each_once(collectors: Collectors) -> None:
    # Two clients of the same user add the same wants at once: each want is one row.
    second = httpx.Client(
        base_url=collectors.url, headers=dict(collectors.alice.client.headers), timeout=30
    )
    twin = Member(collectors.alice.user, collectors.alice.token, second)
    releases = list(range(22, 32))

    def add(member: Member) -> Callable[[], None]:
        return lambda: want(member, *releases)

    try:
        _together([add(collectors.alice), add(twin)])
    finally:
        second.close()
    for release in releases:
        assert collectors.anonymous.get(f"/releases/{release}").json()["community"]["want"] == 1
    answer = collectors.alice.get("/users/alice/wants", params={"per_page": 100}).json()
    assert answer["pagination"]["items"] == len(releases)


def test_a_recount_waits_for_a_change_in_flight_to_the_same_release(
    collectors: Collectors,
) -> None:
    # Deterministic: bob's want is added while alice's transaction, which has counted hers,
    # is still open. Bob's count must wait for it and see both (counting from a snapshot
    # taken before alice's commit would write 1).
    storage, release = collectors.storage, 22
    alice, bob = (collectors.accounts.user(name).id for name in ("alice", "bob"))
    with writing(storage.engine) as conn:
        figures.recount(conn, placeholder(storage.engine), release, "want")  # the row exists
    bobs = threading.Thread(target=storage.wantlist.add, args=(bob, WantChange(release)))
    with writing(storage.engine) as conn:
        conn.exec_driver_sql(
            with_placeholder(
                "INSERT INTO wants (user_id, release_id, notes, added_us) VALUES (?, ?, '', 1)",
                placeholder(storage.engine),
            ),
            (alice, release),
        )
        figures.recount(conn, placeholder(storage.engine), release, "want")
        bobs.start()
        bobs.join(timeout=1)
        assert bobs.is_alive(), "bob's change did not wait for alice's"
    bobs.join()
    assert collectors.anonymous.get(f"/releases/{release}").json()["community"]["want"] == 2
