"""A server with accounts, for the access tests: an empty migrated database of each engine,
users, tokens and applications made through the accounts use cases (``accounts.service``),
and every credential form the Discogs API accepts, written out by hand."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from discogs_service.accounts import crypto
from discogs_service.accounts.crypto import SecretBox
from discogs_service.accounts.service import Accounts, NewApplication
from discogs_service.config import Settings
from discogs_service.storage import Storage
from discogs_service.storage.accounts import UserRow
from tests.conftest import USER_AGENT, ServerThread

INVALID_CREDENTIALS = "Invalid consumer token. Please register an app before making requests."
MUST_AUTHENTICATE = "You must authenticate to access this resource."
NOT_OWNER = (
    "You are not allowed to view this resource. "
    "Please authenticate as the owner to view this content."
)
SERVER_KEY = "accounts-tests-" + "k" * 40
PASSWORD_OF = "password of {}"


@dataclass(frozen=True)
class OAuthAccess:
    """An application's consumer pair and an access token a user granted it."""

    application: NewApplication
    token: str
    secret: str


@dataclass
class AccountsServer:
    url: str
    storage: Storage
    accounts: Accounts
    # Every secret handed out in the test: what must never be stored or logged in clear.
    secrets: list[str] = field(default_factory=list)

    def user(self, name: str) -> UserRow:
        password = PASSWORD_OF.format(name)
        self.secrets.append(password)
        return self.accounts.create_user(name, f"{name}@example.org", password)

    def token(self, user: UserRow) -> str:
        _token_id, token = self.accounts.create_token(user, "tests")
        self.secrets.append(token)
        return token

    def application(self, owner: UserRow, name: str = "Test App") -> NewApplication:
        created = self.accounts.create_application(owner, name)
        self.secrets.append(created.consumer_secret)
        return created

    def oauth_access(self, user: UserRow, application: NewApplication) -> OAuthAccess:
        """An access token of ``user`` for ``application``, through the steps the OAuth
        provider takes (request token, approval with a verifier, exchange)."""
        request_token = crypto.random_string(crypto.OAUTH_TOKEN_LENGTH)
        request_secret = crypto.random_string(crypto.OAUTH_TOKEN_LENGTH)
        verifier = crypto.random_string(crypto.VERIFIER_LENGTH)
        row = self.accounts.application(application.consumer_key)
        assert row is not None
        self.accounts.save_request_token(row, request_token, request_secret, "oob")
        assert self.accounts.approve_request_token(request_token, user, verifier)
        approved = self.accounts.request_token(request_token)
        assert approved is not None
        token = crypto.random_string(crypto.OAUTH_TOKEN_LENGTH)
        secret = crypto.random_string(crypto.OAUTH_TOKEN_LENGTH)
        self.accounts.exchange_request_token(approved, token, secret)
        self.secrets += [request_secret, verifier, secret]
        return OAuthAccess(application, token, secret)

    def client(self, **headers: str) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"User-Agent": USER_AGENT, **headers})

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        with self.client() as client:
            return client.get(path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        with self.client() as client:
            return client.post(path, **kwargs)


def token_header(token: str) -> dict[str, str]:
    return {"Authorization": f"Discogs token={token}"}


def wrong(secret: str) -> str:
    """The secret with its last character changed (a random secret may end in any one)."""
    return secret[:-1] + ("y" if secret.endswith("x") else "x")


def consumer_header(key: str, secret: str) -> dict[str, str]:
    return {"Authorization": f"Discogs key={key}, secret={secret}"}


def plaintext_oauth_header(
    consumer_key: str, consumer_secret: str, token: str = "", token_secret: str = ""
) -> dict[str, str]:
    """An OAuth 1.0a PLAINTEXT header as python3-discogs-client and lionralfs' client send it
    (the signature is the two secrets joined by '&')."""
    params = {
        "oauth_consumer_key": consumer_key,
        "oauth_nonce": secrets.token_hex(16),
        "oauth_signature_method": "PLAINTEXT",
        "oauth_timestamp": str(int(time.time())),
        "oauth_version": "1.0",
        "oauth_signature": f"{consumer_secret}&{token_secret}",
    }
    if token:
        params["oauth_token"] = token
    return {"Authorization": "OAuth " + ", ".join(f'{k}="{v}"' for k, v in params.items())}


def oauth_header(access: OAuthAccess, *, token_secret: str | None = None) -> dict[str, str]:
    return plaintext_oauth_header(
        access.application.consumer_key,
        access.application.consumer_secret,
        access.token,
        access.secret if token_secret is None else token_secret,
    )


def accounts_settings(storage: Storage) -> Settings:
    return Settings(
        database_url=str(storage.engine.url.render_as_string(hide_password=False)),
        ratelimit_enabled=False,
        secret_key=SERVER_KEY,
    )


@contextmanager
def accounts_server(storage: Storage) -> Iterator[AccountsServer]:
    """A server on ``storage`` (in a test: the ``storage`` fixture, an empty database of each
    engine), and the accounts behind it."""
    settings = accounts_settings(storage)
    accounts = Accounts(storage.accounts, SecretBox(settings))
    with ServerThread(settings, storage) as url:
        yield AccountsServer(url, storage, accounts)
