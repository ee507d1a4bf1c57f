"""Clients adding and removing the same releases at once, over real sockets on both engines,
end with exact figures: each collection holds what its adds left after its removals, the
folders count it, and each release's ``have`` is the number of users holding it."""

from __future__ import annotations

import threading
from collections import Counter

import httpx
from sqlalchemy import text

from tests.collectors import Collectors, Member
from tests.conftest import USER_AGENT
from tests.functional.accounts_support import token_header

RELEASES = (1, 2, 3)
ROUNDS = 12


def churn(member: Member, kept: Counter[int], errors: list[str]) -> None:
    """Add each release twice and remove one of the two, ROUNDS times over."""
    base = f"/users/{member.name}/collection/folders/1/releases"
    for round_number in range(ROUNDS):
        for release_id in RELEASES:
            added = [member.post(f"{base}/{release_id}") for _ in range(2)]
            if any(answer.status_code != 201 for answer in added):
                errors.append(f"add: {[a.text for a in added]}")
                return
            if (round_number + release_id) % 3 == 0:  # sometimes keep both
                kept[release_id] += 2
                continue
            instance = added[0].json()["instance_id"]
            removed = member.delete(f"{base}/{release_id}/instances/{instance}")
            if removed.status_code != 204:
                errors.append(f"remove: {removed.text}")
                return
            kept[release_id] += 1


def test_concurrent_adds_and_removes_end_with_exact_counts(collectors: Collectors) -> None:
    # Alice twice, on a connection of her own each, and bob.
    second = httpx.Client(
        base_url=collectors.url,
        headers={"User-Agent": USER_AGENT, **token_header(collectors.alice.token)},
        timeout=30,
    )
    alice_again = Member(collectors.alice.user, collectors.alice.token, second)
    members = [collectors.alice, alice_again, collectors.bob]
    kept: list[Counter[int]] = [Counter() for _ in members]
    errors: list[str] = []
    threads = [
        threading.Thread(target=churn, args=(member, counter, errors))
        for member, counter in zip(members, kept, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    second.close()
    assert errors == []
    alice_expected = kept[0] + kept[1]
    for member, expected in ((collectors.alice, alice_expected), (collectors.bob, kept[2])):
        folders = member.get(f"/users/{member.name}/collection/folders").json()["folders"]
        total = sum(expected.values())
        assert [(f["id"], f["count"]) for f in folders] == [(0, total), (1, total)]
        for release_id in RELEASES:
            items = member.get(f"/users/{member.name}/collection/releases/{release_id}").json()
            assert items["pagination"]["items"] == expected[release_id]
    with collectors.storage.engine.connect() as conn:
        have = dict(conn.execute(text("SELECT release_id, have FROM release_community")).all())
    assert have == {release_id: 2 for release_id in RELEASES}


def test_have_falls_to_zero_when_the_last_instances_go_at_once(collectors: Collectors) -> None:
    members = [collectors.alice, collectors.bob]
    instances = {
        m.name: m.post(f"/users/{m.name}/collection/folders/1/releases/9").json()["instance_id"]
        for m in members
    }

    def remove(member: Member) -> None:
        path = f"/users/{member.name}/collection/folders/1/releases/9/instances/"
        assert member.delete(path + str(instances[member.name])).status_code == 204

    threads = [threading.Thread(target=remove, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with collectors.storage.engine.connect() as conn:
        assert conn.execute(text("SELECT have FROM release_community")).scalar() == 0
