"""``/users/{username}/wants``: the wantlist and each want, over a real socket on SQLite and
PostgreSQL. Shapes, statuses and texts are those of the live API's 2026 recordings
(DiscogsApiClient ``Collection.WantlistTests.*``) where they exist; the choices where none
does are docs/seed-spec-deviations.md D31-D35."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from discogs_service.importer.run import import_dump
from discogs_service.storage.wantlist import WantChange
from tests.collectors import RELEASES, Collectors
from tests.dumpfiles import many_releases, write_dump
from tests.functional.accounts_support import NOT_OWNER
from tests.functional.support import error_message, link_header

# The key orders of the live answers (DAC 2026: the PUT's want object).
WANT_KEYS = ["id", "resource_url", "date_added", "basic_information", "rating", "notes"]
BASIC_KEYS = [
    "id", "master_id", "master_url", "resource_url", "title", "year", "formats", "artists",
    "labels", "thumb", "cover_image", "genres", "styles",
]  # fmt: skip
NOT_IN_WANTLIST = "That release does not exist in the user's wantlist."
NO_USER = "User does not exist or may have been deleted."
PACIFIC_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[78]:00$")


def wanted_ids(collectors: Collectors, username: str = "alice", **params: object) -> list[int]:
    answer = collectors.alice.get(f"/users/{username}/wants", params=params)
    assert answer.status_code == 200, answer.text
    return [want["id"] for want in answer.json()["wants"]]


def community_want(collectors: Collectors, release_id: int) -> int:
    want: int = collectors.anonymous.get(f"/releases/{release_id}").json()["community"]["want"]
    return want


# -- adding ------------------------------------------------------------------------------------


def test_put_adds_a_want_and_answers_201_with_the_want(collectors: Collectors) -> None:
    answer = collectors.alice.put("/users/alice/wants/3")
    assert answer.status_code == 201
    want = answer.json()
    assert list(want) == WANT_KEYS
    assert want["id"] == 3
    assert want["resource_url"] == f"{collectors.url}/users/alice/wants/3"
    assert PACIFIC_TIME.match(want["date_added"])
    assert (want["rating"], want["notes"]) == (0, "")
    basics = want["basic_information"]
    assert list(basics) == BASIC_KEYS
    release = collectors.anonymous.get("/releases/3").json()
    assert basics["id"] == 3
    assert basics["title"] == release["title"]
    assert basics["year"] == release["year"]
    assert basics["resource_url"] == f"{collectors.url}/releases/3"
    assert [a["name"] for a in basics["artists"]] == [a["name"] for a in release["artists"]]
    assert [a["resource_url"] for a in basics["artists"]] == [
        a["resource_url"] for a in release["artists"]
    ]
    assert [label["catno"] for label in basics["labels"]] == [
        label["catno"] for label in release["labels"]
    ]
    assert basics["formats"] == [
        {key: f[key] for key in f if key != "text" or f[key]} for f in release["formats"]
    ]
    assert (basics["genres"], basics["styles"]) == (release["genres"], release["styles"])
    assert (basics["thumb"], basics["cover_image"]) == ("", "")
    assert wanted_ids(collectors) == [3]


@pytest.mark.parametrize("how", ["json", "form", "query"])
def test_notes_and_rating_come_from_json_form_or_query(collectors: Collectors, how: str) -> None:
    fields = {"notes": "the blue pressing", "rating": 4}
    if how == "json":
        answer = collectors.alice.put("/users/alice/wants/5", json=fields)
    elif how == "form":
        answer = collectors.alice.put("/users/alice/wants/5", data=fields)
    else:
        answer = collectors.alice.put("/users/alice/wants/5", params=fields)
    assert answer.status_code == 201, answer.text
    assert (answer.json()["notes"], answer.json()["rating"]) == ("the blue pressing", 4)
    # The want's rating is the user's rating of the release.
    rating = collectors.anonymous.get("/releases/5/rating/alice").json()
    assert rating["rating"] == 4


def test_putting_a_wanted_release_again_keeps_its_date_and_writes_what_is_given(
    collectors: Collectors,
) -> None:
    first = collectors.alice.put("/users/alice/wants/7", json={"notes": "one", "rating": 2})
    again = collectors.alice.put("/users/alice/wants/7", json={"notes": "two"})
    assert again.status_code == 201
    assert again.json()["date_added"] == first.json()["date_added"]
    assert (again.json()["notes"], again.json()["rating"]) == ("two", 2)
    assert wanted_ids(collectors) == [7]
    assert community_want(collectors, 7) == 1


def test_put_of_an_unknown_release_is_the_live_404(collectors: Collectors) -> None:
    answer = collectors.alice.put("/users/alice/wants/2147483647")
    assert error_message(answer, 404) == NOT_IN_WANTLIST
    answer = collectors.alice.put("/users/alice/wants/99999999999999999999999")
    assert error_message(answer, 404) == NOT_IN_WANTLIST
    assert wanted_ids(collectors) == []


def test_only_the_owner_changes_a_wantlist(collectors: Collectors) -> None:
    collectors.alice.put("/users/alice/wants/2", json={"notes": "mine"})
    for member in (collectors.bob, collectors.anonymous):
        for method in ("PUT", "POST", "DELETE"):
            answer = member.client.request(method, "/users/alice/wants/2", json={"notes": "x"})
            assert error_message(answer, 403) == NOT_OWNER, (member.token, method)
    want = collectors.alice.get("/users/alice/wants/2").json()
    assert want["notes"] == "mine"
    assert wanted_ids(collectors) == [2]


def test_a_consumer_key_is_no_owner(collectors: Collectors) -> None:
    # A key and secret identify an application, never a user: the live API's 403 as for
    # anyone who is not the owner.
    app = collectors.accounts.create_application(collectors.accounts.user("alice"), "Wants")
    answer = collectors.anonymous.put(
        "/users/alice/wants/2",
        headers={"Authorization": f"Discogs key={app.consumer_key}, secret={app.consumer_secret}"},
    )
    assert error_message(answer, 403) == NOT_OWNER


def test_writes_to_an_unknown_user_are_404(collectors: Collectors) -> None:
    for method in ("GET", "PUT", "POST", "DELETE"):
        answer = collectors.alice.client.request(method, "/users/nobody/wants/2")
        assert error_message(answer, 404) == NO_USER, method
    assert error_message(collectors.alice.get("/users/nobody/wants"), 404) == NO_USER


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rating": 6}, "Invalid rating: expected an integer from 0 to 5."),
        ({"rating": -1}, "Invalid rating: expected an integer from 0 to 5."),
        ({"rating": "good"}, "Invalid rating: expected an integer from 0 to 5."),
        ({"rating": 2.5}, "Invalid rating: expected an integer from 0 to 5."),
        ({"rating": True}, "Invalid rating: expected an integer from 0 to 5."),
        ({"notes": 12}, "Invalid notes: expected text of at most 10000 characters."),
        ({"notes": "x" * 10_001}, "Invalid notes: expected text of at most 10000 characters."),
        ({"notes": "a\x00b"}, "Invalid notes: expected text without NUL characters."),
    ],
)
def test_unreadable_fields_are_422(
    collectors: Collectors, fields: dict[str, object], message: str
) -> None:
    for method in ("PUT", "POST"):
        answer = collectors.alice.client.request(method, "/users/alice/wants/4", json=fields)
        assert error_message(answer, 422) == message, method
    assert wanted_ids(collectors) == []


def test_python_clients_extra_fields_are_ignored(collectors: Collectors) -> None:
    # python3-discogs-client sends release_id (and notes_public) beside notes and rating.
    answer = collectors.alice.put(
        "/users/alice/wants/8", json={"release_id": "9", "notes_public": True, "notes": "n"}
    )
    assert answer.status_code == 201
    assert (answer.json()["id"], answer.json()["notes"]) == (8, "n")


# -- editing -----------------------------------------------------------------------------------


def test_post_edits_notes_and_rating_and_answers_200(collectors: Collectors) -> None:
    added = collectors.alice.put("/users/alice/wants/9").json()
    answer = collectors.alice.post("/users/alice/wants/9", json={"notes": "later", "rating": 5})
    assert answer.status_code == 200
    want = answer.json()
    assert list(want) == WANT_KEYS
    assert (want["notes"], want["rating"]) == ("later", 5)
    assert want["date_added"] == added["date_added"]
    only_notes = collectors.alice.post("/users/alice/wants/9", json={"notes": ""}).json()
    assert (only_notes["notes"], only_notes["rating"]) == ("", 5)
    # Rating 0 withdraws the user's rating of the release.
    withdrawn = collectors.alice.post("/users/alice/wants/9", data={"rating": "0"}).json()
    assert withdrawn["rating"] == 0
    assert collectors.anonymous.get("/releases/9/rating/alice").json()["rating"] == 0
    assert collectors.anonymous.get("/releases/9/rating").json()["rating"]["count"] == 0


def test_post_of_a_release_not_in_the_wantlist_is_404(collectors: Collectors) -> None:
    answer = collectors.alice.post("/users/alice/wants/9", json={"notes": "x"})
    assert error_message(answer, 404) == NOT_IN_WANTLIST
    assert wanted_ids(collectors) == []
    answer = collectors.alice.post("/users/alice/wants/2147483647", json={"notes": "x"})
    assert error_message(answer, 404) == NOT_IN_WANTLIST


# -- removing ----------------------------------------------------------------------------------


def test_delete_removes_a_want_and_answers_204_even_when_absent(collectors: Collectors) -> None:
    collectors.alice.put("/users/alice/wants/10")
    for _ in range(2):  # the second time it is absent: still 204 (DAC)
        answer = collectors.alice.delete("/users/alice/wants/10")
        assert answer.status_code == 204
        assert answer.content == b""
    assert collectors.alice.delete("/users/alice/wants/2147483647").status_code == 204
    assert wanted_ids(collectors) == []
    assert community_want(collectors, 10) == 0


# -- reading -----------------------------------------------------------------------------------


def test_the_wantlist_lists_wants_in_the_order_they_were_added(collectors: Collectors) -> None:
    for release_id in (12, 4, 30, 1):
        collectors.alice.put(f"/users/alice/wants/{release_id}")
    assert wanted_ids(collectors) == [12, 4, 30, 1]
    collectors.alice.delete("/users/alice/wants/4")
    collectors.alice.put("/users/alice/wants/4")
    assert wanted_ids(collectors) == [12, 30, 1, 4]


def test_the_wantlist_pages_as_the_api_does(collectors: Collectors) -> None:
    for release_id in range(1, 8):
        collectors.alice.put(f"/users/alice/wants/{release_id}")
    answer = collectors.anonymous.get("/users/alice/wants", params={"per_page": 3, "page": 2})
    assert answer.status_code == 200
    body = answer.json()
    assert list(body) == ["pagination", "wants"]
    base = f"{collectors.url}/users/alice/wants"
    assert body["pagination"] == {
        "page": 2,
        "pages": 3,
        "per_page": 3,
        "items": 7,
        "urls": {
            "first": f"{base}?page=1&per_page=3",
            "prev": f"{base}?page=1&per_page=3",
            "next": f"{base}?page=3&per_page=3",
            "last": f"{base}?page=3&per_page=3",
        },
    }
    assert set(link_header(answer)) == {"first", "prev", "next", "last"}
    assert [want["id"] for want in body["wants"]] == [4, 5, 6]
    beyond = collectors.anonymous.get("/users/alice/wants", params={"per_page": 3, "page": 4})
    assert error_message(beyond, 404) == "Page 4 is outside of valid range [1, 3]."
    empty = collectors.anonymous.get("/users/bob/wants").json()
    assert empty == {
        "pagination": {"page": 1, "pages": 1, "per_page": 50, "items": 0, "urls": {}},
        "wants": [],
    }


def test_notes_are_shown_to_the_owner_only(collectors: Collectors) -> None:
    collectors.alice.put("/users/alice/wants/11", json={"notes": "private", "rating": 3})
    mine = collectors.alice.get("/users/alice/wants").json()["wants"][0]
    assert list(mine) == WANT_KEYS
    assert mine["notes"] == "private"
    for member in (collectors.bob, collectors.anonymous):
        theirs = member.get("/users/alice/wants").json()["wants"][0]
        assert list(theirs) == [key for key in WANT_KEYS if key != "notes"]
        assert theirs["rating"] == 3
        single = member.get("/users/alice/wants/11").json()
        assert "notes" not in single
    # The owner's view is never kept by a shared cache.
    answer = collectors.alice.get("/users/alice/wants")
    assert answer.headers["cache-control"] == "private, no-store"


def test_a_private_wantlist_is_shown_to_its_owner_only(collectors: Collectors) -> None:
    collectors.alice.put("/users/alice/wants/13")
    collectors.set_privacy("alice", collection=True, wantlist=False)
    for member in (collectors.bob, collectors.anonymous):
        assert error_message(member.get("/users/alice/wants"), 403) == NOT_OWNER
        assert error_message(member.get("/users/alice/wants/13"), 403) == NOT_OWNER
    assert wanted_ids(collectors) == [13]
    assert collectors.alice.get("/users/alice/wants/13").status_code == 200


def test_one_want_is_read_at_its_resource_url(collectors: Collectors) -> None:
    # python3-discogs-client re-reads a want at its resource_url after editing it (D32).
    put = collectors.alice.put("/users/alice/wants/14", json={"notes": "n"}).json()
    answer = collectors.alice.get("/users/alice/wants/14")
    assert answer.status_code == 200
    assert answer.json() == put
    missing = collectors.alice.get("/users/alice/wants/15")
    assert error_message(missing, 404) == NOT_IN_WANTLIST


def test_the_name_in_the_path_may_differ_in_letter_case(collectors: Collectors) -> None:
    answer = collectors.alice.put("/users/ALICE/wants/16")
    assert answer.status_code == 201
    assert answer.json()["resource_url"] == f"{collectors.url}/users/alice/wants/16"
    assert wanted_ids(collectors, "Alice") == [16]


# -- figures -----------------------------------------------------------------------------------


def test_wants_make_the_community_want_figure(collectors: Collectors) -> None:
    carol = collectors.member("carol")
    with carol.client:
        assert carol.put("/users/carol/wants/17").status_code == 201
    for member in (collectors.alice, collectors.bob):
        assert member.put(f"/users/{member.name}/wants/17").status_code == 201
    assert community_want(collectors, 17) == 3
    stats = collectors.anonymous.get("/releases/17/stats").json()
    assert (stats["num_want"], stats["num_have"]) == (3, 0)
    collectors.bob.delete("/users/bob/wants/17")
    assert community_want(collectors, 17) == 2
    assert community_want(collectors, 18) == 0


def test_the_owner_sees_the_size_of_their_wantlist(collectors: Collectors) -> None:
    for release_id in (19, 20):
        collectors.alice.put(f"/users/alice/wants/{release_id}")
    assert collectors.alice.get("/users/alice").json()["num_wantlist"] == 2
    assert "num_wantlist" not in collectors.bob.get("/users/alice").json()
    assert collectors.bob.get("/users/bob").json()["num_wantlist"] == 0


# -- releases the catalogue does not hold (docs/user-data.md) ---------------------------------


def test_a_want_outlives_its_release_in_a_monthly_import(
    collectors: Collectors, tmp_path: Path
) -> None:
    collectors.alice.put(f"/users/alice/wants/{RELEASES}", json={"notes": "keep"})
    before = collectors.alice.get(f"/users/alice/wants/{RELEASES}").json()
    # A whole monthly dump without the last release removes it from the catalogue.
    month = tmp_path / "discogs_20260101_releases.xml"
    write_dump(month, "releases", list(many_releases(RELEASES - 1)))
    outcome = import_dump(collectors.storage, month, allow_removal=True, workers=1)
    assert outcome.run.removed == 1
    assert collectors.anonymous.get(f"/releases/{RELEASES}").status_code == 404
    after = collectors.alice.get(f"/users/alice/wants/{RELEASES}").json()
    assert after == before
    assert wanted_ids(collectors) == [RELEASES]
    # Whoever wants it may still edit it; nobody can add it anew.
    edited = collectors.alice.put(f"/users/alice/wants/{RELEASES}", json={"notes": "still"})
    assert edited.status_code == 201
    assert edited.json()["notes"] == "still"
    refused = collectors.bob.put(f"/users/bob/wants/{RELEASES}")
    assert error_message(refused, 404) == NOT_IN_WANTLIST


def test_a_want_of_a_release_not_in_the_catalogue_waits_for_it(
    collectors: Collectors, tmp_path: Path
) -> None:
    user = collectors.accounts.user("alice")
    collectors.storage.wantlist.add(user.id, WantChange(RELEASES + 1, "waiting"))
    assert wanted_ids(collectors) == []
    assert collectors.alice.get("/users/alice").json()["num_wantlist"] == 0
    # The release arrives with the next import: the want shows, nothing else to do.
    more = tmp_path / "releases-more.xml"
    write_dump(more, "releases", list(many_releases(RELEASES + 1))[RELEASES:])
    import_dump(collectors.storage, more, allow_removal=False, workers=1)
    assert wanted_ids(collectors) == [RELEASES + 1]
    assert collectors.alice.get(f"/users/alice/wants/{RELEASES + 1}").json()["notes"] == "waiting"


def test_methods_of_the_wantlist_paths(collectors: Collectors) -> None:
    preflight = collectors.anonymous.client.options("/users/alice/wants/1")
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-methods"] == "GET,HEAD,POST,PUT,DELETE,OPTIONS"
    listing = collectors.anonymous.client.options("/users/alice/wants")
    assert listing.headers["access-control-allow-methods"] == "GET,HEAD,OPTIONS"
    refused = collectors.alice.client.request("PATCH", "/users/alice/wants/1")
    assert error_message(refused, 405) == "Method PATCH is not allowed for this resource."
    refused = collectors.alice.post("/users/alice/wants")
    assert error_message(refused, 405) == "Method POST is not allowed for this resource."
