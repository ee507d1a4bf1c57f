"""The authenticator of a server with accounts: who is calling, from the request's credentials.

=====================  ================================================================
credential             identity (what it grants, as on the live API)
=====================  ================================================================
none                   anonymous
personal token         its owner (``consumer_name`` = the username)
consumer key, secret   the application, no user: /oauth/identity and owners' resources
                       still need a user
OAuth, access token    the user who authorised the application
OAuth, consumer only   the application, no user
=====================  ================================================================

Credentials that are present but do not verify (unknown, revoked, a disabled user or
application, a bad signature, a replayed nonce, a stale timestamp) are refused with the live
API's 401 ``Invalid consumer token...``: a bad credential is never served as anonymous.

The OAuth token endpoints and the web pages authenticate themselves and are skipped here.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import Receive, Scope

from discogs_service.accounts.identity import ANONYMOUS, Identity
from discogs_service.accounts.service import Accounts
from discogs_service.auth.credentials import (
    ConsumerPair,
    OAuthSigned,
    PersonalToken,
    read_credentials,
)
from discogs_service.auth.oauth import OAuthProvider
from discogs_service.request.body import read_body, replay
from discogs_service.storage import Storage

# Paths whose handlers read credentials themselves (plain-text OAuth answers, web sessions).
SELF_AUTHENTICATING = (
    "/oauth/request_token",
    "/oauth/access_token",
    "/oauth/authorize",
    "/account/",
    "/settings/",
    "/static/",
)


class AccountsAuthenticator:
    def __init__(
        self,
        accounts: Accounts,
        oauth: OAuthProvider,
        base_url: Callable[[Scope], str],
        storage: Storage,
    ) -> None:
        self.accounts = accounts
        self.oauth = oauth
        self.base_url = base_url
        self.storage = storage

    async def identify(self, scope: Scope, receive: Receive) -> tuple[Identity, Receive]:
        if scope["path"].startswith(SELF_AUTHENTICATING):
            return ANONYMOUS, receive
        credentials = read_credentials(scope)
        if credentials is None:
            return ANONYMOUS, receive
        if isinstance(credentials, PersonalToken):
            identity = await self.storage.run(self.accounts.identify_token, credentials.token)
            return identity, receive
        if isinstance(credentials, ConsumerPair):
            identity = await self.storage.run(
                self.accounts.identify_consumer, credentials.key, credentials.secret
            )
            return identity, receive
        return await self._oauth(scope, receive, credentials)

    async def _oauth(
        self, scope: Scope, receive: Receive, credentials: OAuthSigned
    ) -> tuple[Identity, Receive]:
        headers = request_headers(scope)
        body = b""
        # HMAC-SHA1 signs the parameters of a form body too (RFC 5849 §3.4.1.3).
        if "application/x-www-form-urlencoded" in headers.get("Content-Type", ""):
            body = await read_body(receive)
            receive = replay(body, receive)
        uri = signed_uri(self.base_url(scope), scope)
        # Verifying writes the nonce.
        identity = await self.storage.run_writing(
            self.oauth.identify, uri, scope["method"], body.decode("utf-8", "replace"), headers
        )
        return identity, receive


def request_headers(scope: Scope) -> dict[str, str]:
    """The request's headers by their usual spelling, as oauthlib reads them."""
    headers: dict[str, str] = {}
    for name, value in scope["headers"]:
        headers[name.decode("latin-1").title()] = value.decode("latin-1")
    return headers


def signed_uri(base_url: str, scope: Scope) -> str:
    """The absolute URI a client signed: this server's public base, the path as sent and
    the query string."""
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
    path = raw_path.decode("latin-1").split("?", 1)[0]
    query = scope.get("query_string", b"").decode("latin-1")
    return f"{base_url}{path}" + (f"?{query}" if query else "")
