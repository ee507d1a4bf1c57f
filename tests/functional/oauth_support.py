"""What the OAuth and web-page tests share: a served database with a user and applications,
the unmodified python3-discogs-client pointed at it, OAuth requests signed by oauthlib's own
client, the sign-in and approval forms driven over plain HTTP, and an application's callback
receiver.

Time is moved the only honest way: a test that needs a request token to be past its 15
minutes writes the past expiry into the database row (``expire_request_token``), and a test
that needs a stale timestamp signs with one. Nothing of ours is mocked.

Its fixtures (``site``, ``callback_receiver``) are registered by ``tests/conftest.py``.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import discogs_client
import httpx
import pytest
from oauthlib import oauth1
from sqlalchemy import update

from discogs_service.accounts.crypto import SecretBox
from discogs_service.accounts.service import Accounts, NewApplication
from discogs_service.config import Settings
from discogs_service.storage import Storage, open_storage
from discogs_service.storage.tables import oauth_tokens
from tests.conftest import USER_AGENT, serve

SECRET_KEY = "oauth-tests-server-key-0123456789abcdefghij"
PASSWORD = "correct horse battery staple"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
VERIFIER = re.compile(r'id="verifier">([^<]+)<')


@dataclass
class Site:
    """A served, empty catalogue with accounts: ``alice`` owns ``app`` (no callback URL:
    out of band) and ``web_app`` (a registered callback URL on ``callback_origin``)."""

    url: str
    storage: Storage
    accounts: Accounts
    app: NewApplication
    web_app: NewApplication
    callback_origin: str
    username: str = "alice"
    password: str = PASSWORD

    def http(self, headers: dict[str, str] | None = None, **kwargs: Any) -> httpx.Client:
        headers = {"User-Agent": USER_AGENT, **(headers or {})}
        return httpx.Client(base_url=self.url, headers=headers, **kwargs)


class CallbackReceiver:
    """An application's callback URL: a tiny HTTP server that records the query string of
    each call of ``/oauth/callback``."""

    def __init__(self) -> None:
        received: list[dict[str, str]] = []
        self.received = received

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path == "/oauth/callback":  # not the browser's /favicon.ico
                    received.append(dict(parse_qsl(url.query)))
                body = b"<!doctype html><title>Callback</title><p id=done>Back in the app.</p>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> CallbackReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def callback_receiver() -> Iterator[CallbackReceiver]:
    with CallbackReceiver() as receiver:
        yield receiver


def open_site(database_url: str, callback_origin: str, **settings: Any) -> Iterator[Site]:
    storage = open_storage(database_url)
    accounts = Accounts(
        storage.accounts, SecretBox(Settings(database_url=database_url, secret_key=SECRET_KEY))
    )
    alice = accounts.create_user("alice", "alice@example.org", PASSWORD)
    app = accounts.create_application(alice, "Crate Digger", "Sorts records.")
    web_app = accounts.create_application(
        alice, "Web Shelf", callback_url=f"{callback_origin}/oauth/callback"
    )
    try:
        with serve(storage, secret_key=SECRET_KEY, **settings) as url:
            yield Site(url, storage, accounts, app, web_app, callback_origin)
    finally:
        storage.close()


@pytest.fixture
def site(database_url: str, callback_receiver: CallbackReceiver) -> Iterator[Site]:
    yield from open_site(database_url, callback_receiver.origin)


# -- python3-discogs-client -------------------------------------------------------------------


def discogs_client_for(site: Site, app: NewApplication) -> discogs_client.Client:
    """The unmodified client with its four hard-coded Discogs addresses pointed here."""
    client = discogs_client.Client(
        USER_AGENT, consumer_key=app.consumer_key, consumer_secret=app.consumer_secret
    )
    client._base_url = site.url
    client._request_token_url = f"{site.url}/oauth/request_token"
    client._authorize_url = f"{site.url}/oauth/authorize"
    client._access_token_url = f"{site.url}/oauth/access_token"
    return client


# -- OAuth requests signed by oauthlib's client ------------------------------------------------


def signer(
    app: NewApplication,
    method: str = oauth1.SIGNATURE_HMAC_SHA1,
    token: tuple[str, str] | None = None,
    **options: Any,
) -> oauth1.Client:
    key, secret = token or (None, None)
    return oauth1.Client(
        app.consumer_key,
        client_secret=app.consumer_secret,
        resource_owner_key=key,
        resource_owner_secret=secret,
        signature_method=method,
        **options,
    )


def send_signed(
    http: httpx.Client,
    client: oauth1.Client,
    method: str,
    url: str,
    form: dict[str, str] | None = None,
    signature_type: str = oauth1.SIGNATURE_TYPE_AUTH_HEADER,
) -> httpx.Response:
    """Sign and send one request: a form body is signed with it (RFC 5849 §3.4.1.3)."""
    client.signature_type = signature_type
    has_body = form is not None or signature_type == oauth1.SIGNATURE_TYPE_BODY
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if has_body else {}
    body = urlencode(form or {}) if has_body else None
    uri, signed_headers, signed_body = client.sign(url, method, body, headers)
    return http.request(method, uri, headers=signed_headers, content=signed_body)


def send_signed_json(
    http: httpx.Client, client: oauth1.Client, method: str, url: str, data: dict[str, Any]
) -> httpx.Response:
    """Sign and send a JSON body as python3-discogs-client does (``OAuth2Fetcher.fetch``):
    the parameters in the Authorization header; the body, not being a form, is no part of
    the signature (RFC 5849 §3.4.1.3.1)."""
    client.signature_type = oauth1.SIGNATURE_TYPE_AUTH_HEADER
    body = json.dumps(data)
    headers = {"Content-Type": "application/json"}
    uri, signed_headers, signed_body = client.sign(url, method, body, headers)
    return http.request(method, uri, headers=signed_headers, content=signed_body)


def token_pair(response: httpx.Response) -> tuple[str, str]:
    assert response.status_code == 200, (response.status_code, response.text)
    answer = dict(parse_qsl(response.text))
    return answer["oauth_token"], answer["oauth_token_secret"]


def request_token(
    site: Site, http: httpx.Client, app: NewApplication, callback: str | None = None
) -> tuple[str, str]:
    client = signer(app, callback_uri=callback)
    return token_pair(send_signed(http, client, "POST", f"{site.url}/oauth/request_token"))


def access_token(
    site: Site,
    http: httpx.Client,
    app: NewApplication,
    request: tuple[str, str],
    verifier: str,
    method: str = oauth1.SIGNATURE_HMAC_SHA1,
) -> httpx.Response:
    client = signer(app, method, request, verifier=verifier)
    return send_signed(http, client, "POST", f"{site.url}/oauth/access_token")


def expire_request_token(site: Site, token: str) -> None:
    """The request token's 15 minutes are over: its stored expiry moves to the past."""
    with site.storage.engine.begin() as conn:
        result = conn.execute(
            update(oauth_tokens)
            .where(oauth_tokens.c.token == token)
            .values(expires_at=int(time.time()) - 1)
        )
    assert result.rowcount == 1


# -- the web pages over plain HTTP -------------------------------------------------------------


def csrf_of(page: httpx.Response) -> str:
    found = CSRF_FIELD.search(page.text)
    assert found, page.text[:500]
    return found.group(1)


def sign_in(site: Site, browser: httpx.Client, password: str | None = None) -> httpx.Response:
    """Sign in as the site's user, with their password unless told another."""
    page = browser.get("/account/sign-in")
    password = site.password if password is None else password
    return browser.post(
        "/account/sign-in",
        data={"csrf_token": csrf_of(page), "username": site.username, "password": password},
    )


def decide(site: Site, token: str, decision: str) -> httpx.Response:
    """A signed-in user answers the authorisation page; the answer to the form's POST."""
    with site.http() as browser:
        assert sign_in(site, browser).status_code == 303
        page = browser.get("/oauth/authorize", params={"oauth_token": token})
        assert page.status_code == 200, page.text
        return browser.post(
            "/oauth/authorize",
            data={"csrf_token": csrf_of(page), "oauth_token": token, "decision": decision},
        )


def approve_oob(site: Site, token: str) -> str:
    """Approve a request token without a callback: the verifier the page shows."""
    answer = decide(site, token, "approve")
    assert answer.status_code == 200, answer.text
    found = VERIFIER.search(answer.text)
    assert found, answer.text
    return found.group(1)
