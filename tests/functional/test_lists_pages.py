"""The owner's list pages over plain HTTP (httpx keeps the cookie as a browser does): what a
browser's form checks would stop before the server sees it - texts past their bounds, forged
or missing CSRF tokens, another user's list, nobody signed in. Both engines."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from discogs_service.services import lists
from tests.collectors import Collectors
from tests.conftest import USER_AGENT
from tests.functional.accounts_support import PASSWORD_OF
from tests.functional.oauth_support import csrf_of

FORM_REFUSED = "Form refused"


def browser_of(collectors: Collectors, name: str) -> httpx.Client:
    browser = httpx.Client(base_url=collectors.url, headers={"User-Agent": USER_AGENT})
    page = browser.get("/account/sign-in")
    signed = browser.post(
        "/account/sign-in",
        data={
            "csrf_token": csrf_of(page),
            "username": name,
            "password": PASSWORD_OF.format(name),
            "next": "/account/lists",
        },
    )
    assert signed.status_code == 303
    return browser


@pytest.fixture
def alice(collectors: Collectors) -> Iterator[httpx.Client]:
    browser = browser_of(collectors, "alice")
    yield browser
    browser.close()


def a_list(collectors: Collectors, name: str = "Mine", member: str = "alice") -> int:
    user = collectors.accounts.user(member)
    return lists.create_list(collectors.storage.lists, user, name, "", True)


def post(browser: httpx.Client, path: str, **fields: str) -> httpx.Response:
    """Send a form of the page at ``path``'s list with its CSRF token."""
    page = browser.get("/account/lists")
    return browser.post(path, data={"csrf_token": csrf_of(page), **fields})


def test_the_pages_ask_to_sign_in_first(collectors: Collectors) -> None:
    list_id = a_list(collectors)
    with httpx.Client(base_url=collectors.url, headers={"User-Agent": USER_AGENT}) as anyone:
        for path in ("/account/lists", f"/account/lists/{list_id}"):
            answer = anyone.get(path)
            assert answer.status_code == 303
            assert answer.headers["location"].startswith("/account/sign-in?next=%2Faccount")
    page = httpx.get(f"{collectors.url}/account/lists", headers={"User-Agent": USER_AGENT})
    assert page.headers["cache-control"] == "no-store"


def test_every_change_needs_the_forms_csrf_token(
    collectors: Collectors, alice: httpx.Client
) -> None:
    list_id = a_list(collectors)
    lists.add_item(
        collectors.storage.lists, collectors.accounts.user("alice"), list_id, "release", 1
    )
    item = collectors.storage.lists.items(list_id)[0].id
    base = f"/account/lists/{list_id}"
    for path, fields in [
        ("/account/lists", {"name": "Forged"}),
        (f"{base}/settings", {"name": "Forged"}),
        (f"{base}/visibility", {"public": "0"}),
        (f"{base}/delete", {"confirm": "1"}),
        (f"{base}/items", {"kind": "release", "entity_id": "2"}),
        (f"{base}/items/{item}/comment", {"comment": "forged"}),
        (f"{base}/items/{item}/move", {"direction": "down"}),
        (f"{base}/items/{item}/remove", {}),
    ]:
        answer = alice.post(path, data={"csrf_token": "forged", **fields})
        assert answer.status_code == 403, path
        assert FORM_REFUSED in answer.text
        other_site = alice.post(
            path,
            data={"csrf_token": csrf_of(alice.get(base)), **fields},
            headers={"Origin": "https://evil.example"},
        )
        assert other_site.status_code == 403, path
    document = collectors.anonymous.get(f"/lists/{list_id}").json()
    assert (document["name"], document["public"], len(document["items"])) == ("Mine", True, 1)
    assert document["items"][0]["comment"] == ""


@pytest.mark.parametrize(
    ("field", "limit", "message"),
    [
        ("name", lists.MAX_NAME, "The name is too long: at most 255 characters."),
        (
            "description",
            lists.MAX_DESCRIPTION,
            "The description is too long: at most 10,000 characters.",
        ),
    ],
)
def test_texts_past_their_bounds_are_refused(
    collectors: Collectors, alice: httpx.Client, field: str, limit: int, message: str
) -> None:
    fields = {"name": "Fine", "description": "", "public": "1", field: "é" * (limit + 1)}
    refused = post(alice, "/account/lists", **fields)
    assert refused.status_code == 400
    assert message in refused.text
    at_the_bound = post(alice, "/account/lists", **{**fields, field: "é" * limit})
    assert at_the_bound.status_code == 303
    assert collectors.anonymous.get("/users/alice/lists").json()["pagination"]["items"] == 1


def test_a_comment_past_its_bound_is_refused(collectors: Collectors, alice: httpx.Client) -> None:
    list_id = a_list(collectors)
    refused = post(
        alice,
        f"/account/lists/{list_id}/items",
        kind="release",
        entity_id="3",
        comment="x" * (lists.MAX_COMMENT + 1),
    )
    assert refused.status_code == 400
    assert "The comment is too long: at most 2,000 characters." in refused.text
    assert collectors.anonymous.get(f"/lists/{list_id}").json()["items"] == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Paste a link, or choose the type and give the id."),
        ({"kind": "release", "entity_id": "1e3"}, "An id is a whole number, such as 1 or 4674."),
        ({"kind": "video", "entity_id": "1"}, "Choose a release, master, artist or label."),
        (
            {"kind": "artist", "entity_id": "5"},
            "There is no artist 5 in this server&#39;s catalogue.",
        ),
        ({"reference": "javascript:alert(1)"}, "That is not a link to a release"),
    ],
)
def test_items_the_catalogue_cannot_name_are_refused(
    collectors: Collectors, alice: httpx.Client, fields: dict[str, str], message: str
) -> None:
    list_id = a_list(collectors)
    refused = post(alice, f"/account/lists/{list_id}/items", **fields)
    assert refused.status_code == 400
    assert message in refused.text


def test_a_move_needs_a_position(collectors: Collectors, alice: httpx.Client) -> None:
    list_id = a_list(collectors)
    lists.add_item(
        collectors.storage.lists, collectors.accounts.user("alice"), list_id, "release", 1
    )
    item = collectors.storage.lists.items(list_id)[0].id
    refused = post(alice, f"/account/lists/{list_id}/items/{item}/move", position="first")
    assert refused.status_code == 400
    assert "Give a position from 1 up." in refused.text
    moved = post(alice, f"/account/lists/{list_id}/items/{item}/move", position="99")
    assert moved.headers["location"] == f"/account/lists/{list_id}?done=moved"


def test_another_users_list_and_items_are_not_theirs_to_change(
    collectors: Collectors, alice: httpx.Client
) -> None:
    bobs = a_list(collectors, "Bob's", member="bob")
    mine = a_list(collectors)
    user = collectors.accounts.user("bob")
    lists.add_item(collectors.storage.lists, user, bobs, "release", 1)
    bobs_item = collectors.storage.lists.items(bobs)[0].id
    for path in (
        f"/account/lists/{bobs}/settings",
        f"/account/lists/{bobs}/items/{bobs_item}/remove",
    ):
        answer = post(alice, path, name="Taken")
        assert answer.status_code == 404
        assert "List not found" in answer.text
    # Bob's item named under Alice's list is no item of hers either.
    answer = post(alice, f"/account/lists/{mine}/items/{bobs_item}/remove")
    assert answer.status_code == 400
    assert "The list has no such item." in answer.text
    assert [i["id"] for i in collectors.anonymous.get(f"/lists/{bobs}").json()["items"]] == [1]
    assert collectors.anonymous.get(f"/lists/{bobs}").json()["name"] == "Bob's"


def test_deleting_needs_the_box_ticked(collectors: Collectors, alice: httpx.Client) -> None:
    list_id = a_list(collectors)
    refused = post(alice, f"/account/lists/{list_id}/delete")
    assert refused.status_code == 400
    assert "Tick the box" in refused.text
    assert collectors.anonymous.get(f"/lists/{list_id}").status_code == 200
