"""The releases in a collection over a real socket on both engines: adding, listing with
every sort and page, the instances of one release, rating and moving an instance, removing
it, and who may do each. Shapes, key orders and texts are those of the live API's 2026
recordings (DiscogsApiClient ``Collection.CollectionFolderRelease*``,
``CollectionItemsByReleaseTests``)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import text

from discogs_service.basic_information import COLLECTION_ORDER
from tests.collectors import Collectors
from tests.functional.accounts_support import NOT_OWNER
from tests.functional.collection_support import (
    NO_FOLDER,
    NO_INSTANCE,
    NO_USER,
    add,
    make_folder,
    refusal,
)

ITEM_KEYS = ["id", "instance_id", "date_added", "rating", "basic_information", "folder_id"]
PACIFIC_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[78]:00$")
SORTS = ("label", "artist", "title", "catno", "format", "rating", "added", "year")
NO_TARGET = {
    "detail": [
        {
            "msg": "Invalid folder_id: folder does not exist.",
            "loc": ["body", "folder_id"],
            "type": "value_error",
        }
    ],
    "message": 'See "detail" for validation errors.',
}


def releases(collectors: Collectors, path: str, **params: Any) -> dict[str, Any]:
    answer = collectors.alice.get(path, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def everything(collectors: Collectors, **params: Any) -> list[dict[str, Any]]:
    found = releases(collectors, "/users/alice/collection/folders/0/releases", **params)
    return found["releases"]  # type: ignore[no-any-return]


# -- adding -----------------------------------------------------------------------------------


def test_adding_answers_the_item_with_its_keys_in_alphabetical_order(
    collectors: Collectors,
) -> None:
    answer = collectors.alice.post("/users/alice/collection/folders/1/releases/3")
    assert answer.status_code == 201
    item = answer.json()
    # The live answer's keys are sorted at every level, and its basic_information has no
    # genres or styles (DAC 2026).
    assert list(item) == [
        "basic_information", "date_added", "folder_id", "id", "instance_id", "rating",
        "resource_url",
    ]  # fmt: skip
    basics = item["basic_information"]
    assert list(basics) == sorted(set(COLLECTION_ORDER) - {"genres", "styles"})
    for entry in (*basics["artists"], *basics["labels"], *basics["formats"]):
        assert list(entry) == sorted(entry)
    assert (item["id"], item["folder_id"], item["rating"]) == (3, 1, 0)
    assert PACIFIC_TIME.match(item["date_added"])
    assert item["resource_url"] == (
        f"{collectors.url}/users/alice/collection/folders/1/releases/3"
        f"?instance_id={item['instance_id']}"
    )
    release = collectors.anonymous.get("/releases/3").json()
    assert basics["title"] == release["title"]
    assert basics["resource_url"] == f"{collectors.url}/releases/3"
    assert [a["name"] for a in basics["artists"]] == [a["name"] for a in release["artists"]]


def test_each_add_is_a_new_instance(collectors: Collectors) -> None:
    first, second = add(collectors, 1, 4), add(collectors, 1, 4)
    assert first != second
    items = everything(collectors)
    assert [(i["id"], i["instance_id"]) for i in items] == [(4, first), (4, second)]


def test_listed_items_have_the_live_key_order(collectors: Collectors) -> None:
    add(collectors, 1, 2)
    listed = releases(collectors, "/users/alice/collection/folders/1/releases")
    assert listed["pagination"] == {
        "page": 1, "pages": 1, "per_page": 50, "items": 1, "urls": {},
    }  # fmt: skip
    (item,) = listed["releases"]
    assert list(item) == ITEM_KEYS  # no notes: none set
    assert list(item["basic_information"]) == list(COLLECTION_ORDER)
    assert item["basic_information"]["id"] == 2


def test_releases_cannot_be_added_to_folder_0(collectors: Collectors) -> None:
    answer = collectors.alice.post("/users/alice/collection/folders/0/releases/1")
    assert refusal(answer) == (422, "Invalid folder_id: releases cannot be added to folder 0.")


def test_an_unknown_folder_is_refused_before_an_unknown_release(collectors: Collectors) -> None:
    for release_id in (1, 2147483647):
        answer = collectors.alice.post(f"/users/alice/collection/folders/999/releases/{release_id}")
        assert refusal(answer) == (404, NO_FOLDER)


def test_a_release_not_in_the_catalogue_cannot_be_added(collectors: Collectors) -> None:
    answer = collectors.alice.post("/users/alice/collection/folders/1/releases/2147483647")
    assert refusal(answer) == (404, "That release does not exist or may have been deleted.")
    assert everything(collectors) == []


# -- listing ----------------------------------------------------------------------------------


def sort_key(item: dict[str, Any], sort: str) -> Any:
    """What the live API sorts a collection by, read from the item itself."""
    basics = item["basic_information"]
    label = basics["labels"][0] if basics["labels"] else {"name": "", "catno": ""}
    formats = ", ".join(", ".join([f["name"], *f["descriptions"]]) for f in basics["formats"])
    artist = " ".join(re.sub(r" \(\d+\)$", "", a["name"]) for a in basics["artists"])
    keys = {
        "label": re.sub(r" \(\d+\)$", "", label["name"]).casefold(),
        "artist": artist.casefold(),
        "title": basics["title"].casefold(),
        "catno": label["catno"].casefold(),
        "format": formats.casefold(),
        "rating": item["rating"],
        "added": item["date_added"],
        "year": basics["year"],
    }
    return keys[sort]


@pytest.fixture
def ten(collectors: Collectors) -> Collectors:
    """Alice has 12 instances of 10 releases, some rated, over two folders."""
    rock = make_folder(collectors, "Rock")
    for release_id in (9, 3, 12, 5, 21, 17, 30, 2, 26, 14):
        add(collectors, rock if release_id % 2 else 1, release_id)
    add(collectors, 1, 3)
    add(collectors, rock, 12)
    for release_id, rating in ((3, 5), (21, 2), (2, 4)):
        instance = next(i for i in everything(collectors) if i["id"] == release_id)
        path = f"/users/alice/collection/folders/0/releases/{release_id}/instances/"
        answer = collectors.alice.post(path + str(instance["instance_id"]), json={"rating": rating})
        assert answer.status_code == 204
    return collectors


@pytest.mark.parametrize("sort", SORTS)
def test_every_sort_orders_the_whole_collection(ten: Collectors, sort: str) -> None:
    ascending = everything(ten, sort=sort, sort_order="asc")
    assert len(ascending) == 12
    expected = sorted(ascending, key=lambda i: (sort_key(i, sort), i["instance_id"]))
    assert [i["instance_id"] for i in ascending] == [i["instance_id"] for i in expected]
    descending = everything(ten, sort=sort, sort_order="desc")
    assert [i["instance_id"] for i in descending] == [i["instance_id"] for i in expected][::-1]


def test_the_keys_really_differ_between_sorts(ten: Collectors) -> None:
    orders = {tuple(i["instance_id"] for i in everything(ten, sort=sort)) for sort in SORTS}
    assert len(orders) >= 6


@pytest.mark.parametrize("sort", ["title", "year", "added"])
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_every_page_is_the_slice_of_the_whole_list(ten: Collectors, sort: str, order: str) -> None:
    whole = [i["instance_id"] for i in everything(ten, sort=sort, sort_order=order)]
    for per_page in (1, 5, 7):
        pages = -(-len(whole) // per_page)
        for page in range(1, pages + 1):  # pages past the middle are read from the other end
            found = releases(
                ten,
                "/users/alice/collection/folders/0/releases",
                sort=sort,
                sort_order=order,
                page=page,
                per_page=per_page,
            )
            assert found["pagination"]["items"] == 12
            assert found["pagination"]["pages"] == pages
            start = (page - 1) * per_page
            assert [i["instance_id"] for i in found["releases"]] == whole[start : start + per_page]


def test_page_links_repeat_the_sort(ten: Collectors) -> None:
    answer = ten.alice.get(
        "/users/alice/collection/folders/0/releases", params={"sort": "year", "per_page": 5}
    )
    urls = answer.json()["pagination"]["urls"]
    assert set(urls) == {"next", "last"}
    assert urls["last"] == (
        f"{ten.url}/users/alice/collection/folders/0/releases?sort=year&page=3&per_page=5"
    )
    assert 'rel="next"' in answer.headers["link"]


def test_a_folder_lists_its_own_instances(ten: Collectors) -> None:
    rock = next(
        f["id"]
        for f in ten.alice.get("/users/alice/collection/folders").json()["folders"]
        if f["name"] == "Rock"
    )
    listed = releases(ten, f"/users/alice/collection/folders/{rock}/releases", sort="title")
    assert listed["pagination"]["items"] == 6
    assert {i["folder_id"] for i in listed["releases"]} == {rock}
    titles = [i["basic_information"]["title"].casefold() for i in listed["releases"]]
    assert titles == sorted(titles)
    uncategorized = releases(ten, "/users/alice/collection/folders/1/releases")
    assert {i["folder_id"] for i in uncategorized["releases"]} == {1}
    assert uncategorized["pagination"]["items"] == 6


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"sort": "price"},
            "Invalid sort: expected one of label, artist, title, catno, format, rating, added,"
            " year.",
        ),
        ({"sort_order": "up"}, "Invalid sort_order: expected one of asc, desc."),
        ({"page": "x"}, "Invalid page: expected an integer."),
    ],
)
def test_unreadable_parameters_are_422(
    collectors: Collectors, params: dict[str, str], message: str
) -> None:
    answer = collectors.alice.get("/users/alice/collection/folders/0/releases", params=params)
    assert refusal(answer) == (422, message)


def test_a_page_past_the_last_is_404(collectors: Collectors) -> None:
    add(collectors, 1, 1)
    answer = collectors.alice.get("/users/alice/collection/folders/0/releases?page=3")
    assert refusal(answer) == (404, "Page 3 is outside of valid range [1, 1].")


def test_listing_an_unknown_folder_is_404(collectors: Collectors) -> None:
    answer = collectors.alice.get("/users/alice/collection/folders/999/releases")
    assert refusal(answer) == (404, NO_FOLDER)


# -- one release ------------------------------------------------------------------------------


def test_the_instances_of_one_release(collectors: Collectors) -> None:
    rock = make_folder(collectors, "Rock")
    first, second = add(collectors, 1, 8), add(collectors, rock, 8)
    add(collectors, 1, 9)
    found = releases(collectors, "/users/alice/collection/releases/8")
    assert found["pagination"]["items"] == 2
    assert [(i["instance_id"], i["folder_id"]) for i in found["releases"]] == [
        (first, 1),
        (second, rock),
    ]
    assert list(found["releases"][0]) == ITEM_KEYS


def test_a_release_not_in_the_collection_is_an_empty_list(collectors: Collectors) -> None:
    found = releases(collectors, "/users/alice/collection/releases/8")
    assert found == {
        "pagination": {"page": 1, "pages": 1, "per_page": 50, "items": 0, "urls": {}},
        "releases": [],
    }


# -- rating, moving, removing -----------------------------------------------------------------


def instance_path(folder_id: int, release_id: int, instance_id: int) -> str:
    return (
        f"/users/alice/collection/folders/{folder_id}/releases/{release_id}/instances/{instance_id}"
    )


def test_rating_and_moving_an_instance(collectors: Collectors) -> None:
    target = make_folder(collectors, "Target")
    instance = add(collectors, 1, 6)
    other = add(collectors, 1, 6)
    answer = collectors.alice.post(
        instance_path(1, 6, instance), json={"rating": 4, "folder_id": target}
    )
    assert (answer.status_code, answer.content) == (204, b"")
    items = {i["instance_id"]: i for i in everything(collectors)}
    assert items[instance]["folder_id"] == target
    # One rating per user and release: every instance of it shows it.
    assert (items[instance]["rating"], items[other]["rating"]) == (4, 4)
    assert items[other]["folder_id"] == 1


def test_a_move_to_the_folder_it_is_in_keeps_the_counts(collectors: Collectors) -> None:
    # Counted it twice once (found by the contract's stateful sequences).
    instance = add(collectors, 1, 6)
    answer = collectors.alice.post(instance_path(1, 6, instance), json={"folder_id": 1})
    assert answer.status_code == 204
    folders = collectors.alice.get("/users/alice/collection/folders").json()["folders"]
    assert [(folder["id"], folder["count"]) for folder in folders] == [(0, 1), (1, 1)]


@pytest.mark.parametrize(
    "send",
    [
        lambda m, path: m.post(path, json={"rating": 3}),
        lambda m, path: m.post(path, params={"rating": "3"}),
        lambda m, path: m.post(path, data={"rating": "3"}),
    ],
)
def test_the_rating_may_come_as_json_query_or_form(collectors: Collectors, send: Any) -> None:
    instance = add(collectors, 1, 6)
    assert send(collectors.alice, instance_path(1, 6, instance)).status_code == 204
    assert everything(collectors)[0]["rating"] == 3


def test_rating_0_withdraws_the_rating(collectors: Collectors) -> None:
    instance = add(collectors, 1, 6)
    collectors.alice.post(instance_path(1, 6, instance), json={"rating": 5})
    assert (
        collectors.alice.post(instance_path(1, 6, instance), json={"rating": 0}).status_code == 204
    )
    assert everything(collectors)[0]["rating"] == 0
    with collectors.storage.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM ratings")).scalar() == 0


def test_integral_json_numbers_are_integers(collectors: Collectors) -> None:
    # JSON has one kind of number: 3.0 and 1.0 are the integers the documents ask for.
    instance = add(collectors, 1, 6)
    answer = collectors.alice.post(
        instance_path(1, 6, instance), json={"rating": 3.0, "folder_id": 1.0}
    )
    assert answer.status_code == 204
    assert everything(collectors)[0]["rating"] == 3
    fractional = collectors.alice.post(instance_path(1, 6, instance), json={"rating": 2.5})
    assert refusal(fractional) == (422, "Invalid rating: expected an integer.")


@pytest.mark.parametrize(
    "target",
    [2**64, 11414514678649412510184774828032, "9999999999999999999", "²", "-²", "+-5", "--5"],
)
def test_a_move_target_past_64_bits_is_422(collectors: Collectors, target: object) -> None:
    # The first was a 500 (the database cannot take the number), found by the contract test;
    # "²" (a digit to str.isdigit but not to int) and "+-5" (two signs) were 500s too.
    instance = add(collectors, 1, 6)
    answer = collectors.alice.post(instance_path(1, 6, instance), json={"folder_id": target})
    assert refusal(answer) == (422, "Invalid folder_id: expected an integer.")
    assert everything(collectors)[0]["folder_id"] == 1


@pytest.mark.parametrize("rating", [-1, 6, "five", True])
def test_a_rating_outside_0_to_5_is_422(collectors: Collectors, rating: object) -> None:
    instance = add(collectors, 1, 6)
    answer = collectors.alice.post(instance_path(1, 6, instance), json={"rating": rating})
    assert answer.status_code == 422
    assert refusal(answer)[1] in (
        "Invalid rating: expected an integer from 0 to 5.",
        "Invalid rating: expected an integer.",
    )


@pytest.mark.parametrize("target", [0, 999])
def test_moving_to_a_folder_that_does_not_exist_is_422(collectors: Collectors, target: int) -> None:
    bobs = make_folder(collectors, "Bob's", collectors.bob)
    instance = add(collectors, 1, 6)
    for folder_id in (target, bobs):
        answer = collectors.alice.post(instance_path(1, 6, instance), json={"folder_id": folder_id})
        assert answer.status_code == 422
        assert answer.json() == NO_TARGET
    assert everything(collectors)[0]["folder_id"] == 1


def test_an_instance_is_found_by_its_path(collectors: Collectors) -> None:
    rock = make_folder(collectors, "Rock")
    instance = add(collectors, rock, 6)
    bobs = add(collectors, 1, 6, collectors.bob)
    wrong = [
        instance_path(rock, 7, instance),  # another release
        instance_path(1, 6, instance),  # another folder of hers
        instance_path(rock, 6, instance + 1000),  # nobody's
        instance_path(rock, 6, bobs),  # bob's instance
    ]
    for path in wrong:
        for method in ("POST", "DELETE"):
            answer = collectors.alice.client.request(method, path, json={"rating": 1})
            assert refusal(answer) == (404, NO_INSTANCE), path
    unknown_folder = collectors.alice.delete(instance_path(999, 6, instance))
    assert refusal(unknown_folder) == (404, NO_FOLDER)
    # Folder 0 ("All") holds every instance: python3-discogs-client removes through it.
    assert (
        collectors.alice.post(instance_path(0, 6, instance), json={"rating": 2}).status_code == 204
    )
    assert collectors.alice.delete(instance_path(0, 6, instance)).status_code == 204


def test_removing_an_instance(collectors: Collectors) -> None:
    instance = add(collectors, 1, 6)
    kept = add(collectors, 1, 6)
    answer = collectors.alice.delete(instance_path(1, 6, instance))
    assert (answer.status_code, answer.content) == (204, b"")
    assert [i["instance_id"] for i in everything(collectors)] == [kept]
    again = collectors.alice.delete(instance_path(1, 6, instance))
    assert refusal(again) == (404, NO_INSTANCE)


def have(collectors: Collectors, release_id: int) -> int:
    with collectors.storage.engine.connect() as conn:
        found = conn.execute(
            text("SELECT have FROM release_community WHERE release_id = :id"), {"id": release_id}
        ).scalar()
    return int(found or 0)


def test_have_counts_the_users_with_an_instance(collectors: Collectors) -> None:
    first, _second = add(collectors, 1, 11), add(collectors, 1, 11)
    assert have(collectors, 11) == 1
    bobs = add(collectors, 1, 11, collectors.bob)
    assert have(collectors, 11) == 2
    collectors.alice.delete(instance_path(1, 11, first))
    assert have(collectors, 11) == 2
    collectors.bob.delete(f"/users/bob/collection/folders/1/releases/11/instances/{bobs}")
    assert have(collectors, 11) == 1


# -- who may ----------------------------------------------------------------------------------


def test_others_read_folder_0_and_a_releases_instances_of_a_public_collection(
    collectors: Collectors,
) -> None:
    add(collectors, 1, 5)
    for member in (collectors.anonymous, collectors.bob):
        assert (
            member.get("/users/alice/collection/folders/0/releases").json()["pagination"]["items"]
            == 1
        )
        assert member.get("/users/alice/collection/releases/5").status_code == 200
        answer = member.get("/users/alice/collection/folders/1/releases")
        assert refusal(answer) == (403, NOT_OWNER)


def test_a_private_collection_lists_nothing_to_others(collectors: Collectors) -> None:
    add(collectors, 1, 5)
    collectors.set_privacy("alice", collection=False, wantlist=True)
    for path in (
        "/users/alice/collection/folders/0/releases",
        "/users/alice/collection/releases/5",
    ):
        for member in (collectors.anonymous, collectors.bob):
            assert refusal(member.get(path)) == (403, NOT_OWNER)
        assert collectors.alice.get(path).status_code == 200


def test_only_the_owner_adds_changes_and_removes(collectors: Collectors) -> None:
    instance = add(collectors, 1, 5)
    writes = [
        ("POST", "/users/alice/collection/folders/1/releases/6"),
        ("POST", instance_path(1, 5, instance)),
        ("DELETE", instance_path(1, 5, instance)),
    ]
    for member in (collectors.anonymous, collectors.bob):
        for method, path in writes:
            answer = member.client.request(method, path, json={"rating": 1})
            assert refusal(answer) == (403, NOT_OWNER)
    (item,) = everything(collectors)
    assert (item["instance_id"], item["rating"]) == (instance, 0)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/users/nobody/collection/folders/0/releases"),
        ("GET", "/users/nobody/collection/releases/1"),
        ("POST", "/users/nobody/collection/folders/1/releases/1"),
        ("POST", "/users/nobody/collection/folders/1/releases/1/instances/1"),
        ("DELETE", "/users/nobody/collection/folders/1/releases/1/instances/1"),
    ],
)
def test_an_unknown_user_is_404(collectors: Collectors, method: str, path: str) -> None:
    answer = collectors.alice.client.request(method, path)
    assert refusal(answer) == (404, NO_USER)


def test_the_owners_profile_counts_the_collection(collectors: Collectors) -> None:
    rock = make_folder(collectors, "Rock")
    add(collectors, 1, 1)
    add(collectors, rock, 1)
    add(collectors, rock, 2)
    assert collectors.alice.get("/users/alice").json()["num_collection"] == 3
    assert "num_collection" not in collectors.bob.get("/users/alice").json()
    assert collectors.bob.get("/users/bob").json()["num_collection"] == 0
