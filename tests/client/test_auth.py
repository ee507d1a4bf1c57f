"""Credentials and users against discogs-service over a real socket, on both engines: a
personal token, a consumer key and secret, the whole OAuth 1.0a dance with each signature
method (request token, the user's approval on the server's page, access token, signed
calls), identity, a profile read and edited, and the errors of credentials refused."""

from __future__ import annotations

import asyncio

import pytest

from discogs_service_client import (
    AsyncClient,
    BadRequest,
    Client,
    ConsumerKey,
    Forbidden,
    Identity,
    OAuth1,
    Unauthorized,
    User,
    UserToken,
)
from tests.client.conftest import QUICK_RETRIES
from tests.conftest import USER_AGENT
from tests.functional.accounts_support import (
    INVALID_CREDENTIALS,
    MUST_AUTHENTICATE,
    NOT_OWNER,
    AccountsServer,
)
from tests.functional.oauth_support import VERIFIER, csrf_of


def test_user_agent_is_required_at_construction() -> None:
    for missing in ("", "   "):
        with pytest.raises(ValueError, match="User-Agent"):
            Client(missing)
        with pytest.raises(ValueError, match="User-Agent"):
            AsyncClient(missing)


def test_one_kind_of_credentials_at_a_time() -> None:
    with pytest.raises(ValueError, match="one of"):
        Client(USER_AGENT, token="t", auth=UserToken("u"))
    with pytest.raises(ValueError, match="go together"):
        Client(USER_AGENT, consumer_key="k")


def test_a_personal_token_is_its_owner(accounts: AccountsServer) -> None:
    alice = accounts.user("alice")
    with Client(USER_AGENT, token=accounts.token(alice), base_url=accounts.url) as discogs:
        me = discogs.identity()
        assert isinstance(me, Identity)
        assert (me.id, me.username) == (alice.id, "alice")
        assert me.resource_url == f"{accounts.url}/users/alice"
        profile = discogs.user(me.username).get()
        assert isinstance(profile, User)
        assert profile.email == "alice@example.org"  # only the owner sees it
        assert discogs.rate_limit_budget.limit == 60  # the authenticated tier


def test_the_owner_edits_the_profile(accounts: AccountsServer) -> None:
    alice = accounts.user("alice")
    with Client(USER_AGENT, token=accounts.token(alice), base_url=accounts.url) as discogs:
        edited = discogs.user("alice").edit(location="Stockholm", curr_abbr="SEK")
        assert (edited.location, edited.curr_abbr) == ("Stockholm", "SEK")
        assert edited.name == ""  # fields not given are left as they were
        assert discogs.user("alice").get().location == "Stockholm"


def test_someone_else_cannot_edit_the_profile(accounts: AccountsServer) -> None:
    accounts.user("alice")
    bob = accounts.user("bob")
    with (
        Client(USER_AGENT, token=accounts.token(bob), base_url=accounts.url) as discogs,
        pytest.raises(Forbidden) as raised,
    ):
        discogs.user("alice").edit(profile="not mine")
    assert raised.value.status == 403
    assert raised.value.message == NOT_OWNER


def test_anonymous_identity_and_a_bad_token_are_unauthorized(accounts: AccountsServer) -> None:
    with Client(USER_AGENT, base_url=accounts.url, retries=QUICK_RETRIES) as anonymous:
        with pytest.raises(Unauthorized) as raised:
            anonymous.identity()
        assert raised.value.message == MUST_AUTHENTICATE
    with (
        Client(USER_AGENT, token="no-such-token", base_url=accounts.url) as bad,
        pytest.raises(Unauthorized, match="Invalid consumer token"),
    ):
        bad.service()
    assert raised.value.status == 401
    assert INVALID_CREDENTIALS.startswith("Invalid consumer token")


def test_a_consumer_key_is_an_application_and_no_user(accounts: AccountsServer) -> None:
    app = accounts.application(accounts.user("alice"))
    auth = ConsumerKey(app.consumer_key, app.consumer_secret)
    with Client(USER_AGENT, auth=auth, base_url=accounts.url) as discogs:
        assert discogs.service().api_version == "v2"
        assert discogs.rate_limit_budget.limit == 60
        with pytest.raises(Unauthorized):
            discogs.identity()


def approve(accounts: AccountsServer, username: str, token: str) -> str:
    """The user signs in on the server's web pages and approves the request token; the
    verifier the page shows (no callback: out of band)."""
    with accounts.client() as browser:
        page = browser.get("/account/sign-in")
        signed_in = browser.post(
            "/account/sign-in",
            data={
                "csrf_token": csrf_of(page),
                "username": username,
                "password": f"password of {username}",
            },
        )
        assert signed_in.status_code == 303, signed_in.text
        page = browser.get("/oauth/authorize", params={"oauth_token": token})
        answer = browser.post(
            "/oauth/authorize",
            data={"csrf_token": csrf_of(page), "oauth_token": token, "decision": "approve"},
        )
    found = VERIFIER.search(answer.text)
    assert found, answer.text[:500]
    return found.group(1)


@pytest.mark.parametrize("method", ["HMAC-SHA1", "PLAINTEXT"])
def test_the_oauth_dance_and_signed_requests(accounts: AccountsServer, method: str) -> None:
    alice = accounts.user("alice")
    app = accounts.application(alice, "Crate Digger")
    with Client(
        USER_AGENT,
        consumer_key=app.consumer_key,
        consumer_secret=app.consumer_secret,
        base_url=accounts.url,
    ) as application:
        request = application.request_token(signature_method=method)  # type: ignore[arg-type]
        assert request.authorize_url == (
            f"{accounts.url}/oauth/authorize?oauth_token={request.token}"
        )
        verifier = approve(accounts, "alice", request.token)
        access = application.access_token(request, verifier, signature_method=method)  # type: ignore[arg-type]
    auth = access.auth(signature_method=method)  # type: ignore[arg-type]
    assert isinstance(auth, OAuth1)
    with Client(USER_AGENT, auth=auth, base_url=accounts.url) as as_alice:
        me = as_alice.identity()
        assert (me.username, me.consumer_name) == ("alice", "Crate Digger")
        # A signed POST with a JSON body, retried or not, is signed afresh each time.
        assert as_alice.user("alice").edit(home_page="https://example.org").home_page


def test_the_async_client_does_the_dance_too(accounts: AccountsServer) -> None:
    alice = accounts.user("alice")
    app = accounts.application(alice, "Async App")

    async def dance() -> str:
        async with AsyncClient(
            USER_AGENT,
            consumer_key=app.consumer_key,
            consumer_secret=app.consumer_secret,
            base_url=accounts.url,
        ) as application:
            request = await application.request_token()
            verifier = await asyncio.to_thread(approve, accounts, "alice", request.token)
            access = await application.access_token(request, verifier)
        async with AsyncClient(USER_AGENT, auth=access.auth(), base_url=accounts.url) as user:
            return (await user.identity()).username

    assert asyncio.run(dance()) == "alice"


def test_a_wrong_verifier_is_refused(accounts: AccountsServer) -> None:
    app = accounts.application(accounts.user("alice"))
    with Client(
        USER_AGENT,
        consumer_key=app.consumer_key,
        consumer_secret=app.consumer_secret,
        base_url=accounts.url,
        retries=0,
    ) as application:
        request = application.request_token()
        approve(accounts, "alice", request.token)
        with pytest.raises(BadRequest) as raised:
            application.access_token(request, "not-the-verifier")
    # The API's reason, in plain text on the OAuth endpoints (DOCS: invalid OAuth is a 400).
    assert "verifier" in raised.value.message


def test_oauth_needs_the_consumer_pair(accounts: AccountsServer) -> None:
    with (
        Client(USER_AGENT, token="t", base_url=accounts.url) as discogs,
        pytest.raises(ValueError, match="consumer_key"),
    ):
        discogs.request_token()


def test_the_live_api_authorises_on_www() -> None:
    """Without a base_url the authorisation page is the live site's."""
    discogs = Client(USER_AGENT, consumer_key="k", consumer_secret="s")
    assert discogs.base_url == "https://api.discogs.com"
    discogs.close()
