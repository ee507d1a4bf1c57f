"""``/users/{username}``: the profile as anyone and as its owner sees it, and its edit, over a
real socket on SQLite and PostgreSQL. Shapes and texts are those of the live API's 2026
recordings (DiscogsApiClient ``User.UserTests.*``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import discogs_client
import httpx
import pytest

from discogs_service.accounts.crypto import SecretBox
from discogs_service.accounts.service import Accounts
from discogs_service.storage import Storage
from tests.conftest import USER_AGENT, ServerThread
from tests.functional.accounts_support import (
    INVALID_CREDENTIALS,
    NOT_OWNER,
    AccountsServer,
    accounts_server,
    accounts_settings,
    consumer_header,
    oauth_header,
    token_header,
)
from tests.functional.support import error_message

# The key order of the live answer read anonymously, then what its owner sees besides.
PUBLIC_KEYS = [
    "id", "resource_url", "uri", "username", "name", "home_page", "location", "profile",
    "registered", "rank", "num_pending", "num_for_sale", "num_lists", "releases_contributed",
    "releases_rated", "rating_avg", "inventory_url", "collection_folders_url",
    "collection_fields_url", "wantlist_url", "avatar_url", "curr_abbr", "activated",
    "marketplace_suspended", "banner_url", "buyer_rating", "buyer_rating_stars",
    "buyer_num_ratings", "seller_rating", "seller_rating_stars", "seller_num_ratings",
    "is_staff",
]  # fmt: skip
OWNER_KEYS = [*PUBLIC_KEYS, "num_collection", "num_wantlist", "email", "num_unread"]
NOT_FOUND = "User does not exist or may have been deleted."
PACIFIC_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[78]:00$")


@pytest.fixture
def server(storage: Storage) -> Iterator[AccountsServer]:
    with accounts_server(storage) as running:
        yield running


# -- reading ----------------------------------------------------------------------------------


def test_anyone_sees_the_public_profile(server: AccountsServer) -> None:
    alice = server.user("alice")
    answer = server.get("/users/alice")
    assert answer.status_code == 200
    profile = answer.json()
    assert list(profile) == PUBLIC_KEYS
    assert profile["id"] == alice.id
    assert profile["username"] == "alice"
    assert profile["resource_url"] == f"{server.url}/users/alice"
    assert profile["uri"] == "https://www.discogs.com/user/alice"
    assert profile["inventory_url"] == f"{server.url}/users/alice/inventory"
    assert profile["collection_folders_url"] == f"{server.url}/users/alice/collection/folders"
    assert profile["collection_fields_url"] == f"{server.url}/users/alice/collection/fields"
    assert profile["wantlist_url"] == f"{server.url}/users/alice/wants"
    assert profile["curr_abbr"] == ""  # the live API hides the currency from others
    assert PACIFIC_TIME.match(profile["registered"]), profile["registered"]
    assert profile["activated"] is True
    assert profile["is_staff"] is False
    assert answer.headers["cache-control"] == "public, must-revalidate"


def test_the_owner_also_sees_email_currency_and_counts(server: AccountsServer) -> None:
    token = server.token(server.user("alice"))
    answer = server.get("/users/alice", headers=token_header(token))
    profile = answer.json()
    assert list(profile) == OWNER_KEYS
    assert profile["email"] == "alice@example.org"
    assert profile["curr_abbr"] == "USD"
    assert (profile["num_collection"], profile["num_wantlist"], profile["num_unread"]) == (0, 0, 0)
    # The owner's view is never kept by a shared cache.
    assert answer.headers["cache-control"] == "private, no-store"
    assert "Authorization" in answer.headers.get_list("vary")


def test_the_owner_through_oauth_sees_the_private_fields(server: AccountsServer) -> None:
    access = server.oauth_access(server.user("alice"), server.application(server.user("bob")))
    assert server.get("/users/alice", headers=oauth_header(access)).json()["email"] == (
        "alice@example.org"
    )


def test_others_and_applications_see_the_public_profile(server: AccountsServer) -> None:
    alice, bob = server.user("alice"), server.user("bob")
    bob_token = server.token(bob)
    app = server.application(alice)  # alice's own application is still not alice
    for headers in (
        token_header(bob_token),
        consumer_header(app.consumer_key, app.consumer_secret),
    ):
        profile = server.get("/users/alice", headers=headers).json()
        assert list(profile) == PUBLIC_KEYS, headers
        assert profile["curr_abbr"] == ""


def test_the_name_is_found_in_any_letter_case(server: AccountsServer) -> None:
    server.user("Alice.B")
    for path in ("/users/alice.b", "/users/ALICE.B"):
        profile = server.get(path).json()
        assert profile["username"] == "Alice.B"
        assert profile["resource_url"] == f"{server.url}/users/Alice.B"


def test_an_unknown_or_disabled_user_does_not_exist(server: AccountsServer) -> None:
    server.user("alice")
    assert error_message(server.get("/users/nobody"), 404) == NOT_FOUND
    assert error_message(server.post("/users/nobody", json={"name": "x"}), 404) == NOT_FOUND
    server.accounts.disable_user("alice")
    assert error_message(server.get("/users/alice"), 404) == NOT_FOUND


@pytest.mark.parametrize(
    "name", ["alice%20", "%20alice", "ALICE%20", "alice%09", "alice%0A", "alice%C2%A0"]
)
def test_only_the_exact_name_is_the_profile(server: AccountsServer, name: str) -> None:
    """Letter case aside, as the name is found, and nothing else: no spaces around it."""
    owner = token_header(server.token(server.user("alice")))
    for answer in (
        server.get(f"/users/{name}"),
        server.get(f"/users/{name}", headers=owner),
        server.post(f"/users/{name}", headers=owner, json={"name": "Mallory"}),
    ):
        assert error_message(answer, 404) == NOT_FOUND
    assert server.get("/users/alice").json()["name"] == ""


def test_a_character_that_folds_into_a_letter_is_not_that_letter(server: AccountsServer) -> None:
    server.user("kes")
    assert server.get("/users/KES").status_code == 200
    for name in ("\u212aes", "ke\u017f"):  # KELVIN SIGN casefolds to k, LONG S to s
        assert error_message(server.get(f"/users/{name}"), 404) == NOT_FOUND


NO_NUL = "expected text without NUL characters."


def test_a_nul_in_the_name_is_refused_alike_on_both_engines(server: AccountsServer) -> None:
    server.user("alice")
    for answer in (server.get("/users/a%00b"), server.post("/users/alice%00", json={})):
        assert error_message(answer, 422) == f"Invalid path: {NO_NUL}"


def test_a_nul_in_a_profile_field_is_refused_and_changes_nothing(server: AccountsServer) -> None:
    owner = token_header(server.token(server.user("alice")))
    edits = [
        {"json": {"profile": "a\x00b"}},
        {"data": {"profile": "a\x00b"}},
        {"params": {"profile": "a\x00b"}},
        {"json": {"name": "Alice", "location": "\x00"}},
    ]
    for edit in edits:
        answer = server.post("/users/alice", headers=owner, **edit)  # type: ignore[arg-type]
        field = "location" if "location" in str(edit) else "profile"
        assert error_message(answer, 422) == f"Invalid {field}: {NO_NUL}", edit
    profile = server.get("/users/alice").json()
    assert (profile["name"], profile["location"], profile["profile"]) == ("", "", "")


def test_a_trailing_slash_is_not_the_profile(server: AccountsServer) -> None:
    server.user("alice")
    assert server.get("/users/alice/").status_code == 404


def test_the_links_follow_the_public_url(storage: Storage) -> None:
    settings = replace(accounts_settings(storage), public_url="https://discogs.example.org")
    Accounts(storage.accounts, SecretBox(settings)).create_user(
        "alice", "alice@example.org", "password of alice"
    )
    with ServerThread(settings, storage) as url:
        profile = httpx.get(f"{url}/users/alice", headers={"User-Agent": USER_AGENT}).json()
    assert profile["resource_url"] == "https://discogs.example.org/users/alice"
    assert profile["wantlist_url"] == "https://discogs.example.org/users/alice/wants"


# -- editing ----------------------------------------------------------------------------------


def test_the_owner_edits_the_profile_with_json_nulls_left_alone(server: AccountsServer) -> None:
    token = server.token(server.user("alice"))
    owner = token_header(token)
    first = {"name": "Alice", "home_page": "https://alice.example", "location": "Leeds"}
    assert server.post("/users/alice", headers=owner, json=first).status_code == 200
    # As DiscogsApiClient sends it: every field, null for the unchanged ones.
    edit = {"name": None, "home_page": None, "location": None, "profile": "Hi", "curr_abbr": "EUR"}
    answer = server.post("/users/alice", headers=owner, json=edit)
    assert answer.status_code == 200
    edited = answer.json()
    assert list(edited) == OWNER_KEYS
    assert (edited["name"], edited["home_page"], edited["location"]) == (
        "Alice",
        "https://alice.example",
        "Leeds",
    )
    assert (edited["profile"], edited["curr_abbr"]) == ("Hi", "EUR")
    assert server.get("/users/alice", headers=owner).json() == edited
    public = server.get("/users/alice").json()
    assert (public["name"], public["profile"], public["curr_abbr"]) == ("Alice", "Hi", "")


def test_the_edit_reads_a_form_body_and_the_query_string(server: AccountsServer) -> None:
    token = server.token(server.user("alice"))
    answer = server.post("/users/alice", params={"token": token}, data={"location": "Oslo"})
    assert answer.json()["location"] == "Oslo"
    answer = server.post("/users/alice", params={"token": token, "name": "Al", "curr_abbr": "GBP"})
    assert (answer.json()["name"], answer.json()["curr_abbr"]) == ("Al", "GBP")
    assert answer.json()["location"] == "Oslo"


def test_an_empty_currency_is_ignored(server: AccountsServer) -> None:
    token = server.token(server.user("alice"))
    answer = server.post("/users/alice", headers=token_header(token), json={"curr_abbr": ""})
    assert answer.json()["curr_abbr"] == "USD"


def test_an_unknown_currency_is_the_live_404_and_changes_nothing(server: AccountsServer) -> None:
    token = server.token(server.user("alice"))
    answer = server.post(
        "/users/alice", headers=token_header(token), json={"name": "New", "curr_abbr": "XXX"}
    )
    assert error_message(answer, 404) == "Invalid currency abbreviation."
    assert server.get("/users/alice").json()["name"] == ""


def test_a_body_that_is_not_a_json_object_is_refused(server: AccountsServer) -> None:
    owner = token_header(server.token(server.user("alice")))
    for body in (b"{not json", b'["name"]'):
        answer = server.post(
            "/users/alice", headers={**owner, "Content-Type": "application/json"}, content=body
        )
        assert answer.status_code == 400, body
    answer = server.post("/users/alice", headers=owner, json={"name": 5})
    assert answer.status_code == 422


NOT_A_WEB_ADDRESS = "Invalid home_page: expected an http:// or https:// URL."


@pytest.mark.parametrize(
    "home_page",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example",
        "ftp://files.example",
        "alice.example",
        "https://",
        "https://alice.example/\njavascript:alert(1)",
        "https://alice.example/ x",
    ],
)
def test_a_home_page_that_is_not_a_web_address_is_refused(
    server: AccountsServer, home_page: str
) -> None:
    """The web pages render it as a link: only http(s) may be stored."""
    owner = token_header(server.token(server.user("alice")))
    for edit in ({"json": {"home_page": home_page}}, {"data": {"home_page": home_page}}):
        answer = server.post("/users/alice", headers=owner, **edit)  # type: ignore[arg-type]
        assert error_message(answer, 422) == NOT_A_WEB_ADDRESS
    assert server.get("/users/alice").json()["home_page"] == ""


def test_a_home_page_is_an_http_or_https_url_or_empty(server: AccountsServer) -> None:
    owner = token_header(server.token(server.user("alice")))
    for home_page in ("https://alice.example/records?page=1#top", "HTTP://ALICE.EXAMPLE", ""):
        answer = server.post("/users/alice", headers=owner, json={"home_page": home_page})
        assert answer.status_code == 200, answer.text
        assert answer.json()["home_page"] == home_page


def test_only_the_owner_may_edit(server: AccountsServer) -> None:
    alice, bob = server.user("alice"), server.user("bob")
    app = server.application(alice)
    others = {
        "another user": token_header(server.token(bob)),
        "nobody": {},  # the live API answers 403 here too (DAC 2026), not 401
        "the owner's application": consumer_header(app.consumer_key, app.consumer_secret),
    }
    for who, headers in others.items():
        answer = server.post("/users/alice", headers=headers, json={"name": "Mallory"})
        assert error_message(answer, 403) == NOT_OWNER, who
    bad = server.post("/users/alice", headers=token_header("x" * 40), json={"name": "Mallory"})
    assert error_message(bad, 401) == INVALID_CREDENTIALS
    assert server.get("/users/alice").json()["name"] == ""


# -- the unmodified python3-discogs-client ----------------------------------------------------


def test_python3_discogs_client_reads_and_edits_the_profile(server: AccountsServer) -> None:
    token = server.token(server.user("alice"))
    client = discogs_client.Client(USER_AGENT, user_token=token)
    client._base_url = server.url
    me = client.identity()
    assert me.username == "alice"
    assert me.fetch("email") == "alice@example.org"  # fetched from /users/alice as the owner
    me.name = "Alice Example"
    me.location = "Bergen"
    me.save()
    again = discogs_client.Client(USER_AGENT, user_token=token)
    again._base_url = server.url
    fresh = again.user("alice")
    assert (fresh.name, fresh.location) == ("Alice Example", "Bergen")
    assert fresh.registered.tzinfo is not None  # the client parses the Pacific timestamp
