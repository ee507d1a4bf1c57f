"""The OAuth 1.0a dance end to end, as a person and an application do it: the unmodified
python3-discogs-client asks for a request token and an authorize URL, headless Chromium
(Debian's, driven by Playwright) opens that page, signs in and approves or denies, and the
client exchanges the verifier and calls ``identity()``. And a web application's own page,
on another origin, calling the API with a token (CORS). Both engines.

Chromium is ``/usr/bin/chromium`` (scripts/test installs it). Without it these tests skip
with the reason, except under ``CI=true``, where a green run must have run them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import discogs_client
import pytest
from discogs_client.exceptions import HTTPError
from oauthlib import oauth1

from tests.conftest import USER_AGENT
from tests.functional.browser_support import sign_in_on as fill_sign_in
from tests.functional.oauth_support import (
    PASSWORD,
    CallbackReceiver,
    Site,
    discogs_client_for,
    expire_request_token,
    signer,
)


def sign_in_on(page: Any, username: str = "alice", password: str = PASSWORD) -> None:
    """Fill in the sign-in form the page shows, and send it (alice by default)."""
    fill_sign_in(page, username, password)


def open_authorize_page(page: Any, url: str, application: str) -> None:
    """The authorize URL the client handed out: it names the application; sign in there."""
    response = page.goto(url)
    assert response.status == 200
    assert page.text_content("#application-name") == application
    sign_in_on(page)
    assert page.text_content("#application-name") == application
    assert page.is_visible("#approve") and page.is_visible("#deny")


def approve_oob(page: Any, client: discogs_client.Client) -> str:
    _token, _secret, url = client.get_authorize_url()
    open_authorize_page(page, url, "Crate Digger")
    with page.expect_navigation():
        page.click("#approve")
    assert page.text_content("h1") == "Access granted"
    verifier: str = page.text_content("#verifier").strip()
    return verifier


def test_client_dance_approved_in_the_browser(site: Site, page: Any, tmp_path: Path) -> None:
    client = discogs_client_for(site, site.app)
    verifier = approve_oob(page, client)
    page.screenshot(path=str(tmp_path / "verifier.png"))

    token, secret = client.get_access_token(verifier)
    assert len(token) == 40 and len(secret) == 40
    me = client.identity()
    assert me.username == "alice"
    assert me.id == 1
    assert me.data["consumer_name"] == "Crate Digger"
    # A new client with the saved tokens works too: access tokens last until revoked.
    again = discogs_client.Client(
        USER_AGENT,
        consumer_key=site.app.consumer_key,
        consumer_secret=site.app.consumer_secret,
        token=token,
        secret=secret,
    )
    again._base_url = site.url
    assert again.identity().username == "alice"


def test_client_dance_with_a_callback(
    site: Site, page: Any, callback_receiver: CallbackReceiver
) -> None:
    client = discogs_client_for(site, site.web_app)
    callback = f"{callback_receiver.origin}/oauth/callback"
    token, _secret, url = client.get_authorize_url(callback_url=callback)
    open_authorize_page(page, url, "Web Shelf")
    with page.expect_navigation():
        page.click("#approve")
    assert page.url.startswith(f"{callback}?")
    assert page.text_content("#done") == "Back in the app."
    [arrived] = callback_receiver.received
    assert arrived["oauth_token"] == token

    client.get_access_token(arrived["oauth_verifier"])
    assert client.identity().data["consumer_name"] == "Web Shelf"


def test_denied_in_the_browser(site: Site, page: Any, callback_receiver: CallbackReceiver) -> None:
    client = discogs_client_for(site, site.app)
    _token, _secret, url = client.get_authorize_url()
    open_authorize_page(page, url, "Crate Digger")
    with page.expect_navigation():
        page.click("#deny")
    assert page.text_content("h1") == "Access denied"
    with pytest.raises(HTTPError) as refused:
        client.get_access_token("A" * 30)
    assert refused.value.status_code == 400

    # With a callback the application hears of it.
    web = discogs_client_for(site, site.web_app)
    token, _secret, url = web.get_authorize_url(f"{callback_receiver.origin}/oauth/callback")
    page.goto(url)
    with page.expect_navigation():
        page.click("#deny")
    assert callback_receiver.received == [{"denied": token}]


def test_expired_request_token_in_the_browser(site: Site, page: Any) -> None:
    client = discogs_client_for(site, site.app)
    token, _secret, url = client.get_authorize_url()
    expire_request_token(site, token)
    response = page.goto(url)
    assert response.status == 400
    assert page.text_content("h1") == "Authorization request expired"
    assert not page.is_visible("#approve")


def test_request_token_expiring_before_the_exchange(site: Site, page: Any) -> None:
    client = discogs_client_for(site, site.app)
    verifier = approve_oob(page, client)
    token = client._fetcher.client.resource_owner_key
    expire_request_token(site, token)
    with pytest.raises(HTTPError) as refused:
        client.get_access_token(verifier)
    assert refused.value.status_code == 400


def test_replayed_nonce_is_refused(site: Site, page: Any) -> None:
    client = discogs_client_for(site, site.app)
    access = client.get_access_token(approve_oob(page, client))
    signed = signer(site.app, oauth1.SIGNATURE_HMAC_SHA1, access)
    uri, headers, _body = signed.sign(f"{site.url}/oauth/identity", "GET")
    with site.http() as http:
        first = http.get(uri, headers=headers)
        replay = http.get(uri, headers=headers)
        uri, headers, _body = signed.sign(f"{site.url}/oauth/identity", "GET")
        fresh = http.get(uri, headers=headers)
    assert first.status_code == 200
    assert first.json()["username"] == "alice"
    assert replay.status_code == 401
    assert fresh.status_code == 200


def test_application_registered_and_revoked_through_the_pages(site: Site, page: Any) -> None:
    page.goto(f"{site.url}/settings/developers")
    assert page.url.startswith(f"{site.url}/account/sign-in")
    sign_in_on(page)
    assert page.url == f"{site.url}/settings/developers"

    page.fill("#name", "Shelf Scanner")
    page.fill("#description", "Scans shelves.")
    with page.expect_navigation():
        page.click("#register-application")
    key = page.text_content("#consumer-key").strip()
    secret = page.text_content("#consumer-secret").strip()

    client = discogs_client.Client(USER_AGENT, consumer_key=key, consumer_secret=secret)
    client._base_url = site.url
    client._request_token_url = f"{site.url}/oauth/request_token"
    client._authorize_url = f"{site.url}/oauth/authorize"
    client._access_token_url = f"{site.url}/oauth/access_token"
    _token, _secret, url = client.get_authorize_url()
    page.goto(url)  # already signed in: the decision only
    assert page.text_content("#application-name") == "Shelf Scanner"
    with page.expect_navigation():
        page.click("#approve")
    client.get_access_token(page.text_content("#verifier").strip())
    assert client.identity().data["consumer_name"] == "Shelf Scanner"

    page.goto(f"{site.url}/settings/developers")
    assert "Shelf Scanner" in page.text_content("#authorizations")
    with page.expect_navigation():
        page.click("#authorizations button:has-text('Revoke')")
    assert not page.is_visible("#authorizations")
    with pytest.raises(HTTPError) as refused:
        client.identity()
    assert refused.value.status_code == 401

    # Revoking the application: its key stops working even for a new request token.
    with page.expect_navigation():
        page.click("#applications tr:has-text('Shelf Scanner') button:has-text('Revoke')")
    assert "Shelf Scanner" not in page.text_content("#applications")
    with pytest.raises(discogs_client.exceptions.AuthorizationError):
        client.get_authorize_url()


def test_a_web_app_on_another_origin_calls_the_api_with_a_token(site: Site, page: Any) -> None:
    # The page is the application's own (its callback origin); the token goes in the
    # Authorization header, so Chromium sends a CORS preflight first and reads the answer
    # only if the preflight and the answer allow it.
    _token_id, token = site.accounts.create_token(site.accounts.user(site.username), "web app")
    page.goto(f"{site.callback_origin}/oauth/callback")
    answer = page.evaluate(
        """async ([url, token]) => {
            const response = await fetch(url, {headers: {Authorization: "Discogs token=" + token}});
            return {status: response.status, body: await response.json(),
                    limit: response.headers.get("x-discogs-ratelimit")};
        }""",
        [f"{site.url}/oauth/identity", token],
    )
    assert answer["status"] == 200
    assert answer["body"]["username"] == site.username
    assert answer["limit"] is None  # not in Access-Control-Expose-Headers, as on the live API
