"""Every credential form the Discogs API accepts (api-behaviour.md §4), what each grants, and
every refusal, over a real socket on SQLite and PostgreSQL.

What each grants follows the live API: a personal token or an OAuth access token is its
user; a consumer key and secret (or OAuth without a token) is an application, which counts
in the higher rate-limit tier but is no user. Credentials that are present but do not verify
are refused with the live API's 401, never served as anonymous.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from discogs_service.storage import Storage
from tests.functional.accounts_support import (
    INVALID_CREDENTIALS,
    MUST_AUTHENTICATE,
    AccountsServer,
    accounts_server,
    consumer_header,
    oauth_header,
    plaintext_oauth_header,
    token_header,
    wrong,
)
from tests.functional.support import error_message


@pytest.fixture
def server(storage: Storage) -> Iterator[AccountsServer]:
    with accounts_server(storage) as running:
        yield running


def identity(server: AccountsServer, **kwargs: object) -> httpx.Response:
    return server.get("/oauth/identity", **kwargs)  # type: ignore[arg-type]


def assert_identifies(response: httpx.Response, server: AccountsServer, name: str) -> None:
    assert response.status_code == 200, response.text
    user = server.accounts.user(name)
    assert response.json() == {
        "id": user.id,
        "username": name,
        "resource_url": f"{server.url}/users/{name}",
        "consumer_name": name,
    }


def assert_refused(response: httpx.Response) -> None:
    assert error_message(response, 401) == INVALID_CREDENTIALS


# -- personal access tokens -------------------------------------------------------------------


def test_a_token_in_the_authorization_header_is_its_owner(server: AccountsServer) -> None:
    token = server.token(server.user("alice"))
    server.user("bob")
    assert_identifies(identity(server, headers=token_header(token)), server, "alice")


def test_a_token_in_the_query_string_is_its_owner(server: AccountsServer) -> None:
    token = server.token(server.user("alice"))
    assert_identifies(identity(server, params={"token": token}), server, "alice")


def test_a_token_counts_in_the_authenticated_rate_limit_tier(server: AccountsServer) -> None:
    token = server.token(server.user("alice"))
    assert server.get("/").headers["x-discogs-ratelimit"] == "25"
    answer = server.get("/", headers=token_header(token))
    assert answer.status_code == 200
    assert answer.headers["x-discogs-ratelimit"] == "60"


def test_each_token_is_its_own_owner(server: AccountsServer) -> None:
    alice, bob = server.user("alice"), server.user("bob")
    tokens = {"alice": server.token(alice), "bob": server.token(bob), "alice2": server.token(alice)}
    assert_identifies(identity(server, headers=token_header(tokens["bob"])), server, "bob")
    assert_identifies(identity(server, headers=token_header(tokens["alice2"])), server, "alice")
    assert_identifies(identity(server, params={"token": tokens["alice"]}), server, "alice")


# -- consumer key and secret ------------------------------------------------------------------

ConsumerForm = Callable[[str, str], dict[str, object]]
CONSUMER_FORMS: dict[str, ConsumerForm] = {
    "header": lambda key, secret: {"headers": consumer_header(key, secret)},
    "query": lambda key, secret: {"params": {"key": key, "secret": secret}},
}


@pytest.mark.parametrize("form", CONSUMER_FORMS)
def test_a_consumer_key_and_secret_is_an_application_and_no_user(
    server: AccountsServer, form: str
) -> None:
    app = server.application(server.user("alice"))
    credentials = CONSUMER_FORMS[form](app.consumer_key, app.consumer_secret)
    catalogue = server.get("/", **credentials)  # type: ignore[arg-type]
    assert catalogue.status_code == 200
    assert catalogue.headers["x-discogs-ratelimit"] == "60"  # the authenticated tier
    assert error_message(identity(server, **credentials), 401) == MUST_AUTHENTICATE


# -- OAuth 1.0a -------------------------------------------------------------------------------


def test_an_oauth_access_token_is_the_user_who_granted_it(server: AccountsServer) -> None:
    alice = server.user("alice")
    app = server.application(server.user("bob"), "Record Shelf")
    access = server.oauth_access(alice, app)
    answer = identity(server, headers=oauth_header(access))
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "id": alice.id,
        "username": "alice",
        "resource_url": f"{server.url}/users/alice",
        "consumer_name": "Record Shelf",  # the application, as on the live API
    }


def test_oauth_signed_by_the_consumer_alone_is_no_user(server: AccountsServer) -> None:
    app = server.application(server.user("alice"))
    headers = plaintext_oauth_header(app.consumer_key, app.consumer_secret)
    assert server.get("/", headers=headers).headers["x-discogs-ratelimit"] == "60"
    headers = plaintext_oauth_header(app.consumer_key, app.consumer_secret)  # a fresh nonce
    assert error_message(identity(server, headers=headers), 401) == MUST_AUTHENTICATE


def test_an_oauth_nonce_is_refused_the_second_time(server: AccountsServer) -> None:
    access = server.oauth_access(server.user("alice"), server.application(server.user("bob")))
    headers = oauth_header(access)
    assert identity(server, headers=headers).status_code == 200
    assert_refused(identity(server, headers=headers))


# -- refusals ---------------------------------------------------------------------------------


def test_unknown_credentials_of_every_form_are_refused(server: AccountsServer) -> None:
    alice = server.user("alice")
    token = server.token(alice)
    app = server.application(alice)
    access = server.oauth_access(alice, app)
    key, secret = app.consumer_key, app.consumer_secret
    refused: dict[str, dict[str, object]] = {
        "unknown token, header": {"headers": token_header("x" * 40)},
        "unknown token, query": {"params": {"token": "x" * 40}},
        "token of another case": {"headers": token_header(token.swapcase())},
        "wrong secret, header": {"headers": consumer_header(key, wrong(secret))},
        "wrong secret, query": {"params": {"key": key, "secret": "x" * 32}},
        "unknown key": {"headers": consumer_header("y" * 20, secret)},
        "key without secret": {"params": {"key": key}},
        "secret without key": {"params": {"secret": secret}},
        "Discogs header without a value": {"headers": {"Authorization": "Discogs token"}},
        "Discogs header, empty token": {"headers": {"Authorization": "Discogs token="}},
        "Discogs header, unknown field": {"headers": {"Authorization": f"Discogs user={token}"}},
        "OAuth, wrong token secret": {"headers": oauth_header(access, token_secret="z" * 40)},
        "OAuth, wrong consumer secret": {
            "headers": plaintext_oauth_header(key, "z" * 32, access.token, access.secret)
        },
        "OAuth, unknown token": {
            "headers": plaintext_oauth_header(key, secret, "q" * 40, access.secret)
        },
        "OAuth without a signature": {
            "headers": {"Authorization": f'OAuth oauth_consumer_key="{key}"'}
        },
    }
    for name, credentials in refused.items():
        for path in ("/", "/oauth/identity", "/users/alice"):
            answer = server.get(path, **credentials)  # type: ignore[arg-type]
            assert answer.status_code == 401, (name, path, answer.text)
            assert answer.json() == {"message": INVALID_CREDENTIALS}, (name, path)


def test_a_revoked_token_is_refused(server: AccountsServer) -> None:
    alice = server.user("alice")
    token = server.token(alice)
    kept = server.token(alice)
    (first, _second) = server.accounts.list_tokens(alice)
    server.accounts.revoke_token(first.id, alice)
    assert_refused(identity(server, headers=token_header(token)))
    assert_refused(identity(server, params={"token": token}))
    assert_identifies(identity(server, headers=token_header(kept)), server, "alice")


def test_a_disabled_users_credentials_are_all_refused_until_enabled(
    server: AccountsServer,
) -> None:
    alice = server.user("alice")
    token = server.token(alice)
    own_app = server.application(alice)
    granted = server.oauth_access(alice, server.application(server.user("bob")))
    server.accounts.disable_user("alice")
    assert_refused(identity(server, headers=token_header(token)))
    assert_refused(identity(server, params={"token": token}))
    assert_refused(
        server.get("/", headers=consumer_header(own_app.consumer_key, own_app.consumer_secret))
    )
    assert_refused(identity(server, headers=oauth_header(granted)))
    server.accounts.enable_user("alice")
    assert_identifies(identity(server, headers=token_header(token)), server, "alice")
    assert identity(server, headers=oauth_header(granted)).status_code == 200


def test_a_revoked_application_takes_its_oauth_tokens_with_it(server: AccountsServer) -> None:
    alice = server.user("alice")
    app = server.application(server.user("bob"))
    access = server.oauth_access(alice, app)
    server.accounts.revoke_application_by_key(app.consumer_key)
    assert_refused(server.get("/", headers=consumer_header(app.consumer_key, app.consumer_secret)))
    assert_refused(server.get("/", params={"key": app.consumer_key, "secret": app.consumer_secret}))
    assert_refused(identity(server, headers=oauth_header(access)))


def test_the_header_wins_over_the_query_string(server: AccountsServer) -> None:
    alice_token = server.token(server.user("alice"))
    bob_token = server.token(server.user("bob"))
    answer = identity(server, headers=token_header(alice_token), params={"token": bob_token})
    assert_identifies(answer, server, "alice")


def test_no_credentials_is_anonymous_and_identity_needs_a_user(server: AccountsServer) -> None:
    assert server.get("/").status_code == 200
    assert error_message(identity(server), 401) == MUST_AUTHENTICATE
