"""The machinery of the permission matrix (``test_user_data_permissions.py``): alice's data
that every cell reads, the rows and outcomes the table is written in, the checks of what a
served answer shows or hides, and the steps that make a write's target and undo the write.

alice owns everything the matrix asks about; bob is "another user"; anonymous sends no
Authorization. Privacy is alice's collection and wantlist setting (``public`` or
``private``); lists carry their own, so the matrix reads one public and one private list.

What alice has (``build_world``), which the checks expect:

* folders All (2), Jazz (1), Uncategorized (1); release 1 in Uncategorized with the public
  field 1 (Media Condition) and the private field 3 (Notes) set, release 2 in Jazz;
* a want of release 3 with notes; a rating of 4 for release 4;
* the lists "Open" (public) and "Secret" (private).

Writes act on releases of their own (10 and up), so a write that succeeds disturbs no other
cell, and each row's ``tidy`` puts back what its write changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from discogs_service.services import lists
from tests.collectors import Collectors, Member
from tests.functional.collection_support import add, make_folder
from tests.functional.support import error_message

PUBLIC, PRIVATE = "public", "private"
PRIVACIES = (PUBLIC, PRIVATE)
CALLERS = ("anonymous", "another user", "owner")

# The live API's texts (api-surface.md sections 2-6, DAC 2026 recordings).
NOT_OWNER = (
    "You are not allowed to view this resource. "
    "Please authenticate as the owner to view this content."
)
LIST_NOT_FOUND = "List not found"

MEDIA = {"field_id": 1, "value": "Mint (M)"}  # a public field (D23)
PAID = {"field_id": 3, "value": "Paid 5 euros"}  # the private Notes field (D23)
WANT_NOTES = "Birthday"

# -- outcomes ---------------------------------------------------------------------------------

Check = Callable[[Any, "World"], None]


@dataclass(frozen=True)
class Refused:
    """An error answer: its status and its exact ``message``."""

    status: int
    message: str


@dataclass(frozen=True)
class Served:
    """A success: its status, and what its JSON body must show and hide (none for 204)."""

    status: int
    check: Check | None = None


Outcome = Refused | Served
FORBIDDEN = Refused(403, NOT_OWNER)


def both(outcome: Outcome) -> tuple[Outcome, Outcome]:
    """The same outcome whether alice's collection and wantlist are public or private."""
    return (outcome, outcome)


def when_public(outcome: Outcome) -> tuple[Outcome, Outcome]:
    """``outcome`` while alice keeps her data public; the owner's 403 once it is private."""
    return (outcome, FORBIDDEN)


@dataclass(frozen=True)
class Row:
    """One operation: how to call it and its outcome per caller, each a (public, private)
    pair. ``path`` names alice's ids in braces (``World.ids``, and what ``arrange`` made for
    the cell); ``witness``, a path alice reads before and after a refused call, which must
    not change; ``by_caller``: what a read shows depends on who asks, so its answers say
    ``Vary: Authorization`` and the owner's is never kept by a shared cache."""

    name: str
    method: str
    path: str
    anonymous: tuple[Outcome, Outcome]
    another_user: tuple[Outcome, Outcome]
    owner: tuple[Outcome, Outcome]
    body: dict[str, object] | None = None
    arrange: Callable[[World], dict[str, int]] | None = None
    witness: str | None = None
    tidy: Callable[[World, dict[str, int]], None] | None = None
    by_caller: bool = False

    def outcome(self, caller: str, privacy: str) -> Outcome:
        pairs = {"anonymous": self.anonymous, "another user": self.another_user}
        return pairs.get(caller, self.owner)[PRIVACIES.index(privacy)]


# -- alice's data -----------------------------------------------------------------------------


@dataclass
class World:
    """A server holding alice's data, with her privacy set, and its callers."""

    members: Collectors
    privacy: str
    jazz: int
    open_list: int
    secret_list: int
    callers: dict[str, Member] = field(default_factory=dict)

    def __post_init__(self) -> None:
        m = self.members
        self.callers = {"anonymous": m.anonymous, "another user": m.bob, "owner": m.alice}

    @property
    def alice(self) -> Member:
        return self.members.alice

    def ids(self) -> dict[str, int]:
        return {"jazz": self.jazz, "open_list": self.open_list, "secret_list": self.secret_list}


def build_world(members: Collectors, privacy: str) -> World:
    alice = members.alice
    jazz = make_folder(members, "Jazz")
    first = add(members, 1, 1)
    add(members, jazz, 2)
    for note in (MEDIA, PAID):
        path = f"/users/alice/collection/folders/1/releases/1/instances/{first}/fields"
        answered(alice.post(f"{path}/{note['field_id']}", json={"value": note["value"]}), 204)
    answered(alice.put("/users/alice/wants/3", json={"notes": WANT_NOTES}), 201)
    answered(alice.put("/releases/4/rating/alice", json={"rating": 4}), 201)
    store, user = members.storage.lists, alice.user
    assert user is not None
    open_list = lists.create_list(store, user, "Open", "Anyone sees it.", True)
    secret_list = lists.create_list(store, user, "Secret", "Alice alone.", False)
    public = privacy == PUBLIC
    members.set_privacy("alice", collection=public, wantlist=public)
    return World(members, privacy, jazz, open_list, secret_list)


def answered(response: httpx.Response, status: int) -> Any:
    """The JSON body (None when empty) of an answer that must have ``status``."""
    assert response.status_code == status, (response.status_code, response.text[:300])
    return response.json() if response.content else None


# -- running a cell ---------------------------------------------------------------------------


def run_cell(world: World, row: Row, caller: str) -> None:
    """Call the row's operation as ``caller`` and hold the answer to the row's outcome."""
    arranged = row.arrange(world) if row.arrange else {}
    path = row.path.format(**world.ids(), **arranged)
    witness = row.witness.format(**world.ids(), **arranged) if row.witness else None
    before = world.alice.get(witness).json() if witness else None
    try:
        answer = world.callers[caller].client.request(row.method, path, json=row.body)
        outcome = row.outcome(caller, world.privacy)
        if isinstance(outcome, Refused):
            assert error_message(answer, outcome.status) == outcome.message
            # A refusal depends on the caller: no cache may keep it for the next one.
            assert answer.headers["cache-control"] == "no-store", answer.headers
            if witness:
                assert world.alice.get(witness).json() == before, "a refused call wrote"
        else:
            body = answered(answer, outcome.status)
            if outcome.check:
                outcome.check(body, world)
            if row.by_caller:
                assert_kept_apart(answer, owner=caller == "owner")
    finally:
        if row.tidy:
            row.tidy(world, arranged)


def assert_kept_apart(answer: httpx.Response, *, owner: bool) -> None:
    """A cache keeps answers to different callers apart, and never shares the owner's."""
    assert "authorization" in answer.headers.get("vary", "").lower(), answer.headers
    if owner:
        assert answer.headers["cache-control"].startswith("private"), answer.headers


def sample_path(row: Row) -> str:
    """The row's path with every id 1: enough to match it against a route's pattern."""

    class Ones(dict[str, str]):
        def __missing__(self, key: str) -> str:
            return "1"

    return row.path.format_map(Ones())


# -- checks of served answers -----------------------------------------------------------------


def equals(expected: dict[str, Any]) -> Check:
    def check(body: Any, _world: World) -> None:
        assert body == expected

    return check


def has(**expected: Any) -> Check:
    """The body holds these keys with these values (ids named in the world: ``jazz``...)."""

    def check(body: Any, world: World) -> None:
        wanted = {
            k: world.ids().get(v, v) if isinstance(v, str) else v for k, v in expected.items()
        }
        assert {k: body.get(k) for k in wanted} == wanted, body

    return check


def folders_are(*expected: tuple[str, int]) -> Check:
    """The folders listed, by (name, count)."""

    def check(body: Any, _world: World) -> None:
        assert [(f["name"], f["count"]) for f in body["folders"]] == list(expected)

    return check


def items_with_notes(shown: dict[int, list[dict[str, object]]]) -> Check:
    """A page of collection items: these releases, each with these ``notes`` ([]: none)."""

    def check(body: Any, _world: World) -> None:
        notes = {item["id"]: item.get("notes", []) for item in body["releases"]}
        assert notes == shown

    return check


def field_ids(*expected: int) -> Check:
    def check(body: Any, _world: World) -> None:
        assert [f["id"] for f in body["fields"]] == list(expected)

    return check


def want_notes(notes: str | None, *, listed: bool = False) -> Check:
    """A want of release 3 (or the wantlist holding only it) whose ``notes`` are these, or
    that has no ``notes`` key at all (None)."""

    def check(body: Any, _world: World) -> None:
        want = body["wants"][0] if listed else body
        if listed:
            assert [w["id"] for w in body["wants"]] == [3]
        assert want["id"] == 3
        assert want.get("notes") == notes, want

    return check


def list_names(*expected: str) -> Check:
    def check(body: Any, _world: World) -> None:
        assert sorted(item["name"] for item in body["lists"]) == sorted(expected)

    return check


def profile_keys(keys: list[str], **values: Any) -> Check:
    """A profile with exactly these keys, in this order, and these values."""

    def check(body: Any, _world: World) -> None:
        assert list(body) == keys
        assert {k: body[k] for k in values} == values

    return check


def nothing_listed(key: str, empty: object) -> Check:
    def check(body: Any, _world: World) -> None:
        assert body["pagination"]["items"] == 0
        assert body[key] == empty

    return check


# -- making a write's target, undoing a write -------------------------------------------------


def instance_of(release_id: int) -> Callable[[World], dict[str, int]]:
    """``arrange``: a fresh instance of the release in Uncategorized."""

    def arrange(world: World) -> dict[str, int]:
        return {"instance": add(world.members, 1, release_id)}

    return arrange


def want_of(release_id: int) -> Callable[[World], dict[str, int]]:
    def arrange(world: World) -> dict[str, int]:
        answered(world.alice.put(f"/users/alice/wants/{release_id}"), 201)
        return {}

    return arrange


def rating_of(release_id: int) -> Callable[[World], dict[str, int]]:
    def arrange(world: World) -> dict[str, int]:
        answered(world.alice.put(f"/releases/{release_id}/rating/alice", json={"rating": 3}), 201)
        return {}

    return arrange


def a_folder(world: World) -> dict[str, int]:
    return {"folder": make_folder(world.members, "Temporary")}


def no_instances_of(release_id: int) -> Callable[[World, dict[str, int]], None]:
    """``tidy``: alice holds no instance of the release."""

    def tidy(world: World, _arranged: dict[str, int]) -> None:
        path = f"/users/alice/collection/releases/{release_id}"
        for item in answered(world.alice.get(path), 200)["releases"]:
            instance = f"/users/alice/collection/folders/0/releases/{release_id}/instances"
            answered(world.alice.delete(f"{instance}/{item['instance_id']}"), 204)

    return tidy


def no_want_of(release_id: int) -> Callable[[World, dict[str, int]], None]:
    def tidy(world: World, _arranged: dict[str, int]) -> None:
        answered(world.alice.delete(f"/users/alice/wants/{release_id}"), 204)

    return tidy


def no_rating_of(release_id: int) -> Callable[[World, dict[str, int]], None]:
    def tidy(world: World, _arranged: dict[str, int]) -> None:
        answered(world.alice.delete(f"/releases/{release_id}/rating/alice"), 204)

    return tidy


def no_folder_named(name: str) -> Callable[[World, dict[str, int]], None]:
    def tidy(world: World, _arranged: dict[str, int]) -> None:
        for folder in answered(world.alice.get("/users/alice/collection/folders"), 200)["folders"]:
            if folder["name"] == name:
                path = f"/users/alice/collection/folders/{folder['id']}"
                answered(world.alice.delete(path), 204)

    return tidy


def jazz_named_jazz(world: World, _arranged: dict[str, int]) -> None:
    path = f"/users/alice/collection/folders/{world.jazz}"
    answered(world.alice.post(path, json={"name": "Jazz"}), 200)


def want_notes_back(world: World, _arranged: dict[str, int]) -> None:
    answered(world.alice.post("/users/alice/wants/3", json={"notes": WANT_NOTES}), 200)


def location_back(world: World, _arranged: dict[str, int]) -> None:
    answered(world.alice.post("/users/alice", json={"location": ""}), 200)


def tidies(
    *steps: Callable[[World, dict[str, int]], None],
) -> Callable[[World, dict[str, int]], None]:
    def tidy(world: World, arranged: dict[str, int]) -> None:
        for step in steps:
            step(world, arranged)

    return tidy
