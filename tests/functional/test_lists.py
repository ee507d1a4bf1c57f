"""Lists over HTTP on both engines: ``GET /users/{u}/lists`` and ``GET /lists/{id}`` in the
live API's shapes and key order (DAC 2026 recordings), who sees a private list, items of
every kind, items whose entity an import removed, ``num_lists`` on profiles, and the
unmodified python3-discogs-client reading them.

Lists are made through the services the owners' web pages call (``services.lists``); the
pages themselves are tested in ``test_lists_browser.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import discogs_client
import pytest

from discogs_service.importer.run import import_dump
from discogs_service.services import lists
from discogs_service.storage.accounts import UserRow
from discogs_service_client._models._base import decode
from tests.client.lossless import losses, unknown_keys
from tests.client.recordings import model_for
from tests.collectors import Collectors
from tests.conftest import USER_AGENT
from tests.dumpfiles import a_release, write_dump

NOT_FOUND = {"message": "List not found"}
LIST_KEYS = [
    "id", "user", "name", "description", "public", "date_added", "date_changed", "uri",
    "resource_url", "image_url",
]  # fmt: skip
ITEM_KEYS = ["type", "id", "comment", "uri", "resource_url", "image_url", "display_title"]

# A monthly dump of each kind: two artists, a label, a master and two releases of known titles
# (41 is the master's main release). Being monthly, the releases file replaces the small
# catalogue's releases 1..40.
ARTIST = b"<artist><id>3</id><name>Josh Wink</name><profile/></artist>"
OTHER_ARTIST = b"<artist><id>4</id><name>The Persuader</name><profile/></artist>"
LABEL = b"<label><id>9</id><name>Ovum Recordings</name><profile/></label>"
MASTER = (
    b'<master id="7"><main_release>41</main_release><artists><artist><id>3</id>'
    b"<name>Josh Wink</name><anv/><join/></artist></artists><title>Higher State Of "
    b"Consciousness</title><year>1995</year><genres><genre>Electronic</genre></genres></master>"
)
RELEASE_41 = a_release(41, title="Higher State Of Consciousness", artist=(3, "Josh Wink"))
RELEASE_42 = a_release(42, title="Gone Next Month", artist=(4, "The Persuader"))


def import_records(collectors: Collectors, directory: Path, month: str, **records: Any) -> None:
    """Dumps named as monthly ones (``discogs_<month>01_<kind>.xml``): a later month's file
    removes what it no longer holds."""
    for kind, entries in records.items():
        path = write_dump(directory / f"discogs_{month}01_{kind}.xml", kind, entries)
        import_dump(collectors.storage, path, allow_removal=True, workers=1)


@pytest.fixture
def catalogue(collectors: Collectors, tmp_path: Path) -> Collectors:
    import_records(
        collectors,
        tmp_path,
        "202501",
        artists=[ARTIST, OTHER_ARTIST],
        labels=[LABEL],
        masters=[MASTER],
        releases=[RELEASE_41, RELEASE_42],
    )
    return collectors


def owner(member: Any) -> UserRow:
    user: UserRow = member.user
    return user


def make_list(
    collectors: Collectors,
    name: str = "Detroit",
    *,
    public: bool = True,
    items: tuple[tuple[str, int, str], ...] = (),
    member: Any = None,
) -> int:
    store = collectors.storage.lists
    user = owner(member or collectors.alice)
    list_id = lists.create_list(store, user, name, f"All about {name}.", public)
    for kind, entity_id, comment in items:
        lists.add_item(store, user, list_id, kind, entity_id, comment)
    return list_id


def test_a_list_shows_items_of_every_kind_in_the_recorded_order(catalogue: Collectors) -> None:
    url = catalogue.url
    list_id = make_list(
        catalogue,
        "API Test Public List",
        items=(
            ("release", 41, "the twelve inch"),
            ("master", 7, ""),
            ("artist", 3, "a DJ"),
            ("label", 9, ""),
        ),
    )
    answer = catalogue.anonymous.get(f"/lists/{list_id}")
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "public, must-revalidate"
    document = answer.json()
    assert list(document) == [*LIST_KEYS, "items"]
    assert document["id"] == list_id
    assert document["user"] == {
        "id": owner(catalogue.alice).id,
        "avatar_url": owner(catalogue.alice).avatar_url,
        "username": "alice",
        "resource_url": f"{url}/users/alice",
    }
    assert document["name"] == "API Test Public List"
    assert document["description"] == "All about API Test Public List."
    assert document["public"] is True
    assert document["uri"] == f"https://www.discogs.com/lists/API-Test-Public-List/{list_id}"
    assert document["resource_url"] == f"{url}/lists/{list_id}"
    assert document["image_url"] == ""
    assert document["date_added"][-6:] in ("-07:00", "-08:00")
    release, master, artist, label = document["items"]
    assert list(release) == [*ITEM_KEYS, "stats"]
    assert release == {
        "type": "release",
        "id": 41,
        "comment": "the twelve inch",
        "uri": "https://www.discogs.com/release/41-Josh-Wink-Higher-State-Of-Consciousness",
        "resource_url": f"{url}/releases/41",
        "image_url": "",
        "display_title": "Josh Wink - Higher State Of Consciousness",
        "stats": {"community": {"in_wantlist": 0, "in_collection": 0}},
    }
    assert master == {
        "type": "master",
        "id": 7,
        "comment": "",
        "uri": "https://www.discogs.com/master/7-Josh-Wink-Higher-State-Of-Consciousness",
        "resource_url": f"{url}/masters/7",
        "image_url": "",
        "display_title": "Josh Wink - Higher State Of Consciousness",
        "stats": {"community": {"in_wantlist": 0, "in_collection": 0}},
    }
    assert artist == {
        "type": "artist",
        "id": 3,
        "comment": "a DJ",
        "uri": "https://www.discogs.com/artist/3-Josh-Wink",
        "resource_url": f"{url}/artists/3",
        "image_url": "",
        "display_title": "Josh Wink",
    }
    assert list(label) == ITEM_KEYS
    assert label["display_title"] == "Ovum Recordings"
    assert label["uri"] == "https://www.discogs.com/label/9-Ovum-Recordings"
    assert label["resource_url"] == f"{url}/labels/9"


def test_release_and_master_items_show_the_community_figures(catalogue: Collectors) -> None:
    """A master shows its main release's figures, as the live API shows the same numbers
    for master 156551 and its main release 494328."""
    with catalogue.storage.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO release_community (release_id, have, want) VALUES (41, 12, 5)"
        )
    list_id = make_list(catalogue, items=(("release", 41, ""), ("master", 7, "")))
    release, master = catalogue.anonymous.get(f"/lists/{list_id}").json()["items"]
    assert release["stats"] == {"community": {"in_wantlist": 5, "in_collection": 12}}
    assert master["stats"] == release["stats"]


def test_a_private_list_is_not_found_to_anyone_but_its_owner(catalogue: Collectors) -> None:
    list_id = make_list(catalogue, "Secret", public=False, items=(("release", 41, ""),))
    for member in (catalogue.anonymous, catalogue.bob):
        answer = member.get(f"/lists/{list_id}")
        assert answer.status_code == 404
        assert answer.json() == NOT_FOUND
    own = catalogue.alice.get(f"/lists/{list_id}")
    assert own.status_code == 200
    assert own.json()["public"] is False
    assert own.json()["items"][0]["id"] == 41
    assert own.headers["cache-control"] == "private, no-store"
    assert "Authorization" in own.headers["vary"]


@pytest.mark.parametrize("list_id", ["999", "0", "99999999999999999999999"])
def test_an_unknown_list_is_not_found(collectors: Collectors, list_id: str) -> None:
    answer = collectors.alice.get(f"/lists/{list_id}")
    assert answer.status_code == 404
    assert answer.json() == NOT_FOUND


def test_a_disabled_owners_list_is_not_found(collectors: Collectors) -> None:
    list_id = make_list(collectors)
    collectors.accounts.disable_user("alice")
    assert collectors.anonymous.get(f"/lists/{list_id}").json() == NOT_FOUND


def test_a_users_lists_newest_first_public_ones_to_others(collectors: Collectors) -> None:
    url = collectors.url
    first = make_list(collectors, "First")
    hidden = make_list(collectors, "Hidden", public=False)
    last = make_list(collectors, "Last")
    make_list(collectors, "Bob's", member=collectors.bob)

    answer = collectors.anonymous.get("/users/alice/lists")
    assert answer.status_code == 200
    body = answer.json()
    assert list(body) == ["pagination", "lists"]
    assert body["pagination"] == {"page": 1, "pages": 1, "per_page": 50, "items": 2, "urls": {}}
    assert [entry["id"] for entry in body["lists"]] == [last, first]
    entry = body["lists"][0]
    assert list(entry) == LIST_KEYS
    assert entry["name"] == "Last"
    assert entry["resource_url"] == f"{url}/lists/{last}"
    assert answer.headers["cache-control"] == "public, must-revalidate"
    assert [e["id"] for e in collectors.bob.get("/users/alice/lists").json()["lists"]] == [
        last,
        first,
    ]

    own = collectors.alice.get("/users/ALICE/lists")
    assert [e["id"] for e in own.json()["lists"]] == [last, hidden, first]
    assert own.headers["cache-control"] == "private, no-store"


def test_a_users_lists_are_paged(collectors: Collectors) -> None:
    url = collectors.url
    ids = [make_list(collectors, f"List {n}") for n in range(3)]
    answer = collectors.anonymous.get("/users/alice/lists", params={"per_page": 2, "page": 2})
    body = answer.json()
    assert body["pagination"] == {
        "page": 2,
        "pages": 2,
        "per_page": 2,
        "items": 3,
        "urls": {
            "first": f"{url}/users/alice/lists?page=1&per_page=2",
            "prev": f"{url}/users/alice/lists?page=1&per_page=2",
        },
    }
    assert [entry["id"] for entry in body["lists"]] == [ids[0]]
    assert 'rel="prev"' in answer.headers["link"]
    beyond = collectors.anonymous.get("/users/alice/lists", params={"page": 3, "per_page": 2})
    assert beyond.status_code == 404
    assert beyond.json() == {"message": "Page 3 is outside of valid range [1, 2]."}


def test_a_user_without_lists_has_an_empty_page(collectors: Collectors) -> None:
    body = collectors.anonymous.get("/users/bob/lists").json()
    assert body == {
        "pagination": {"page": 1, "pages": 1, "per_page": 50, "items": 0, "urls": {}},
        "lists": [],
    }


def test_an_unknown_users_lists_are_not_found(collectors: Collectors) -> None:
    answer = collectors.anonymous.get("/users/nobody/lists")
    assert answer.status_code == 404
    assert answer.json() == {"message": "User does not exist or may have been deleted."}


def test_lists_are_read_only(collectors: Collectors) -> None:
    list_id = make_list(collectors)
    answer = collectors.alice.post(f"/lists/{list_id}", json={"name": "x"})
    assert answer.status_code == 405
    assert answer.json() == {"message": "Method POST is not allowed for this resource."}


def test_num_lists_on_profiles_counts_what_the_viewer_may_see(collectors: Collectors) -> None:
    make_list(collectors, "Open")
    make_list(collectors, "Closed", public=False)
    assert collectors.anonymous.get("/users/alice").json()["num_lists"] == 1
    assert collectors.bob.get("/users/alice").json()["num_lists"] == 1
    assert collectors.alice.get("/users/alice").json()["num_lists"] == 2
    edited = collectors.alice.post("/users/alice", json={"location": "Detroit"})
    assert edited.json()["num_lists"] == 2
    assert collectors.anonymous.get("/users/bob").json()["num_lists"] == 0


def test_items_outlive_what_an_import_removes(catalogue: Collectors, tmp_path: Path) -> None:
    """Release 42 and artist 4 leave the catalogue with next month's dumps: the items keep
    answering with what they showed, and the release gets a snapshot."""
    list_id = make_list(catalogue, items=(("release", 42, "gone"), ("artist", 4, "")))
    before = catalogue.anonymous.get(f"/lists/{list_id}").json()["items"]
    import_records(catalogue, tmp_path, "202502", artists=[ARTIST], releases=[RELEASE_41])
    assert catalogue.storage.catalogue.document("releases", 42) is None
    assert catalogue.storage.catalogue.document("artists", 4) is None
    after = catalogue.anonymous.get(f"/lists/{list_id}").json()["items"]
    assert after == before
    assert after[0]["display_title"] == "The Persuader - Gone Next Month"
    assert after[1]["display_title"] == "The Persuader"
    with catalogue.storage.engine.connect() as conn:
        kept = conn.exec_driver_sql("SELECT release_id FROM release_snapshots").scalars().all()
    assert kept == [42]


def test_items_follow_the_catalogue_when_an_entity_changes(
    catalogue: Collectors, tmp_path: Path
) -> None:
    list_id = make_list(catalogue, items=(("release", 41, ""),))
    renamed = a_release(41, title="Higher State Of Consciousness (Remixes)", artist=(3, "Wink"))
    path = write_dump(tmp_path / "update.xml", "releases", [renamed])
    import_dump(catalogue.storage, path, allow_removal=False, workers=1)
    (item,) = catalogue.anonymous.get(f"/lists/{list_id}").json()["items"]
    assert item["display_title"] == "Wink - Higher State Of Consciousness (Remixes)"
    assert (
        item["uri"]
        == "https://www.discogs.com/release/41-Wink-Higher-State-Of-Consciousness-Remixes"
    )


def test_the_discogs_client_reads_lists(catalogue: Collectors) -> None:
    list_id = make_list(catalogue, "Crates", items=(("release", 41, "first"), ("artist", 3, "")))
    make_list(catalogue, "Closed", public=False)
    client = discogs_client.Client(USER_AGENT)
    client._base_url = catalogue.url
    user = client.user("alice")
    assert user.num_lists == 1
    (summary,) = list(user.lists)
    assert (summary.id, summary.name, summary.public) == (list_id, "Crates", True)
    found = client.list(list_id)
    assert found.name == "Crates"
    assert found.url == f"https://www.discogs.com/lists/Crates/{list_id}"
    assert [(i.type, i.id, i.comment) for i in found.items] == [
        ("release", 41, "first"),
        ("artist", 3, ""),
    ]
    assert found.items[0].display_title == "Josh Wink - Higher State Of Consciousness"


def test_list_answers_decode_into_the_typed_clients_models(catalogue: Collectors) -> None:
    """Nothing lost and no key the client's models (made from the live recordings) do not
    name, as tests/contract/test_client_models.py checks the catalogue's answers."""
    items = (("release", 41, "x"), ("master", 7, ""), ("artist", 3, ""), ("label", 9, ""))
    list_id = make_list(catalogue, items=items)
    make_list(catalogue, "Closed", public=False)
    for path in (f"/lists/{list_id}", "/users/alice/lists"):
        answer = catalogue.alice.get(path)
        kind = model_for("GET", path)
        assert kind is not None, path
        value = decode(answer.content, kind)
        assert unknown_keys(value) == [], path
        assert losses(value, answer.json()) == [], path
