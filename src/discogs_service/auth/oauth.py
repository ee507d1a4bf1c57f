"""OAuth 1.0a, the provider side, with oauthlib's endpoints and our request validator.

Three things differ from oauthlib's defaults, all to accept what real Discogs clients send:

* python3-discogs-client POSTs the request-token call with ``oauth_callback`` in a form body
  while the other ``oauth_*`` parameters are in the Authorization header. RFC 5849 signs the
  parameters of every source alike (§3.4.1.3), but oauthlib refuses protocol parameters that
  arrive from more than one source; ``_AnySource`` collects them from all three (a duplicate
  is still refused).
* A client that sends no ``oauth_callback`` (python3-discogs-client without a callback URL)
  gets the application's registered callback URL, or ``oob``.
* Token, key and nonce formats: ours are letters and digits of set lengths; nonces may be
  any unreserved characters up to 64 (the live API's limit).

Request tokens and verifiers last 15 minutes, access tokens until revoked; a nonce cannot
be used twice within the timestamp window; a timestamp outside the window is refused.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from oauthlib.common import Request as OAuthRequest
from oauthlib.common import add_params_to_uri
from oauthlib.oauth1 import (
    AccessTokenEndpoint,
    AuthorizationEndpoint,
    RequestTokenEndpoint,
    RequestValidator,
    ResourceEndpoint,
    SignatureOnlyEndpoint,
)
from oauthlib.oauth1.rfc5849 import SIGNATURE_HMAC_SHA1, SIGNATURE_PLAINTEXT, errors, signature
from oauthlib.oauth1.rfc5849 import utils as oauth_utils

from discogs_service.accounts import crypto
from discogs_service.accounts.identity import Identity
from discogs_service.accounts.service import Accounts
from discogs_service.errors import AccountError, InvalidCredentials
from discogs_service.storage.accounts import ApplicationRow, OAuthTokenRow, UserRow

log = logging.getLogger("discogs_service.oauth")

TIMESTAMP_WINDOW = 300  # seconds either side of the server's clock
OOB = "oob"
_KEY_CHARACTERS = frozenset(crypto.ALPHABET)
_NONCE_CHARACTERS = frozenset(crypto.ALPHABET + "-._~")
# Stand-ins that keep the work of a request with an unknown key or token the same as with
# a known one (oauthlib's timing-attack precautions).
_DUMMY_CLIENT = "dummyClientKey000000"
_DUMMY_TOKEN = "dummyToken" + "0" * 30
_DUMMY_SECRET = "dummySecret" + "0" * 21
_EXPIRED_REQUEST_TOKEN = "Invalid or expired request token: request tokens last 15 minutes."


class Validator(RequestValidator):  # type: ignore[misc]
    """What oauthlib asks of the service: secrets, tokens, nonces, callbacks."""

    def __init__(self, accounts: Accounts, approving_user: UserRow | None = None) -> None:
        super().__init__()
        self.accounts = accounts
        self.approving_user = approving_user

    def approving(self, user: UserRow) -> Validator:
        """The validator of one approval: the verifier is saved for this user."""
        return Validator(self.accounts, user)

    # -- formats and policy -------------------------------------------------------------------

    @property
    def allowed_signature_methods(self) -> tuple[str, ...]:
        return (SIGNATURE_HMAC_SHA1, SIGNATURE_PLAINTEXT)

    @property
    def enforce_ssl(self) -> bool:
        return False  # plain http on a private network is the operator's choice

    @property
    def timestamp_lifetime(self) -> int:
        return TIMESTAMP_WINDOW

    @property
    def dummy_client(self) -> str:
        return _DUMMY_CLIENT

    @property
    def dummy_request_token(self) -> str:
        return _DUMMY_TOKEN

    @property
    def dummy_access_token(self) -> str:
        return _DUMMY_TOKEN

    def check_client_key(self, client_key: str) -> bool:
        return _is_key(client_key)

    def check_request_token(self, request_token: str) -> bool:
        return _is_key(request_token)

    def check_access_token(self, request_token: str) -> bool:
        return _is_key(request_token)

    def check_verifier(self, verifier: str) -> bool:
        return _is_key(verifier)

    def check_nonce(self, nonce: str) -> bool:
        return 0 < len(nonce) <= 64 and set(nonce) <= _NONCE_CHARACTERS

    def get_default_realms(self, client_key: str, request: OAuthRequest) -> list[str]:
        return []

    def get_realms(self, token: str, request: OAuthRequest) -> list[str]:
        return []

    def validate_requested_realms(self, client_key: str, realms: Any, request: Any) -> bool:
        return True

    def validate_realms(self, *args: Any, **kwargs: Any) -> bool:
        return True

    def verify_realms(self, token: str, realms: Any, request: OAuthRequest) -> bool:
        return True

    # -- clients ------------------------------------------------------------------------------

    def _application(self, client_key: str, request: OAuthRequest) -> ApplicationRow | None:
        cached = getattr(request, "discogs_application", None)
        if cached is not None and cached.consumer_key == client_key:
            return cached  # type: ignore[no-any-return]
        application = self.accounts.application(client_key)
        request.discogs_application = application
        return application

    def validate_client_key(self, client_key: str, request: OAuthRequest) -> bool:
        return self._application(client_key, request) is not None

    def get_client_secret(self, client_key: str, request: OAuthRequest) -> str:
        application = self._application(client_key, request)
        if application is None:
            return _DUMMY_SECRET
        return self.accounts.consumer_secret(application)

    def validate_timestamp_and_nonce(
        self,
        client_key: str,
        timestamp: str,
        nonce: str,
        request: OAuthRequest,
        request_token: str | None = None,
        access_token: str | None = None,
    ) -> bool:
        token = request_token or access_token or ""
        key = hashlib.sha256(f"{client_key}\0{token}\0{timestamp}\0{nonce}".encode()).digest()
        fresh = self.accounts.remember_nonce(key, 2 * TIMESTAMP_WINDOW)
        if not fresh:
            request.discogs_refusal = "Invalid nonce: it was used before."
        return fresh

    # -- request tokens -----------------------------------------------------------------------

    def validate_redirect_uri(self, client_key: str, redirect_uri: str, request: Any) -> bool:
        application = self._application(client_key, request)
        registered = application.callback_url if application else ""
        if getattr(request, "discogs_callback_defaulted", False):
            request.redirect_uri = registered or OOB
            return True
        if redirect_uri == OOB:
            return True
        if len(redirect_uri) > 2000 or not redirect_uri.startswith(("http://", "https://")):
            return False
        # A registered callback URL pins the origin callbacks may go to.
        return not registered or _origin(redirect_uri) == _origin(registered)

    def save_request_token(self, token: dict[str, str], request: OAuthRequest) -> None:
        application = self._application(request.client_key, request)
        assert application is not None  # only saved after validation
        self.accounts.save_request_token(
            application, token["oauth_token"], token["oauth_token_secret"], request.redirect_uri
        )

    def _request_token(self, token: str, request: OAuthRequest) -> OAuthTokenRow | None:
        return _looked_up(request, "discogs_request_token", token, self.accounts.request_token)

    def get_request_token_secret(self, client_key: str, token: str, request: OAuthRequest) -> str:
        return self._secret(self._request_token(token, request), client_key)

    def _secret(self, row: OAuthTokenRow | None, client_key: str) -> str:
        """The token's secret, or a dummy (so a wrong token costs the same time) when it is
        unknown or belongs to another application."""
        if row is None or row.consumer_key != client_key:
            return _DUMMY_SECRET
        return self.accounts.token_secret(row)

    def validate_request_token(self, client_key: str, token: str, request: OAuthRequest) -> bool:
        row = self._request_token(token, request)
        return row is not None and row.consumer_key == client_key and row.user_id is not None

    def validate_verifier(
        self, client_key: str, token: str, verifier: str, request: OAuthRequest
    ) -> bool:
        row = self._request_token(token, request)
        return row is not None and self.accounts.verifier_matches(row, verifier)

    def verify_request_token(self, token: str, request: OAuthRequest) -> bool:
        row = self._request_token(token, request)
        return row is not None and row.user_id is None

    def save_verifier(self, token: str, verifier: dict[str, str], request: OAuthRequest) -> None:
        assert self.approving_user is not None
        approved = self.accounts.approve_request_token(
            token, self.approving_user, verifier["oauth_verifier"]
        )
        if not approved:  # expired or approved meanwhile
            raise errors.InvalidClientError()

    def get_redirect_uri(self, token: str, request: OAuthRequest) -> str:
        row = self._request_token(token, request)
        return row.callback if row else OOB

    def invalidate_request_token(self, client_key: str, request_token: str, request: Any) -> None:
        self.accounts.deny_request_token(request_token)

    # -- access tokens ------------------------------------------------------------------------

    def save_access_token(self, token: dict[str, str], request: OAuthRequest) -> None:
        row = self._request_token(request.resource_owner_key, request)
        assert row is not None
        self.accounts.exchange_request_token(row, token["oauth_token"], token["oauth_token_secret"])

    def _access_token(self, token: str, request: OAuthRequest) -> OAuthTokenRow | None:
        return _looked_up(request, "discogs_access_token", token, self.accounts.access_token)

    def get_access_token_secret(self, client_key: str, token: str, request: OAuthRequest) -> str:
        return self._secret(self._access_token(token, request), client_key)

    def validate_access_token(self, client_key: str, token: str, request: OAuthRequest) -> bool:
        row = self._access_token(token, request)
        return row is not None and row.consumer_key == client_key


def _looked_up(
    request: OAuthRequest,
    attribute: str,
    token: str,
    lookup: Callable[[str], OAuthTokenRow | None],
) -> OAuthTokenRow | None:
    """The stored token row, read once per request: oauthlib asks about it several times."""
    cached = getattr(request, attribute, None)
    if cached is not None and cached.token == token:
        return cached  # type: ignore[no-any-return]
    row = lookup(token)
    setattr(request, attribute, row)
    return row


class _AnySource:
    """Protocol parameters from the header, the form body and the query together."""

    def _create_request(self, *args: Any, **kwargs: Any) -> OAuthRequest:
        # oauthlib raises a bare ValueError for a request it cannot read: an Authorization
        # header that is not OAuth (``Discogs token=...``, ``Basic ...``) or a query string
        # that is not URL-encoded. That is the client's mistake, so it is refused as one.
        try:
            return super()._create_request(*args, **kwargs)  # type: ignore[misc]
        except ValueError as error:
            reason = str(error).split(".")[0]  # the first sentence; the rest echoes the input
            raise errors.InvalidRequestError(description=reason) from None

    def _get_signature_type_and_params(self, request: OAuthRequest) -> tuple[str, Any, Any]:
        header = signature.collect_parameters(
            headers=request.headers, exclude_oauth_signature=False, with_realm=True
        )
        body = signature.collect_parameters(body=request.body, exclude_oauth_signature=False)
        query = signature.collect_parameters(
            uri_query=request.uri_query, exclude_oauth_signature=False
        )
        params = [*header, *body, *query]
        oauth_params = oauth_utils.filter_oauth_params(params)
        # oauthlib decodes what the header and body percent-encode: a NUL is refused here as
        # anywhere else in a request (request.text.refuse_nul), before the callback is stored.
        # Other body parameters are the handler's to read and refuse.
        if any("\x00" in name + value for name, value in oauth_params):
            raise errors.InvalidRequestError(description="A parameter holds a NUL character")
        if not oauth_params:
            raise errors.InvalidRequestError(description="Missing mandatory OAuth parameters.")
        return "any", params, oauth_params


class _RequestTokens(_AnySource, RequestTokenEndpoint):  # type: ignore[misc]
    def _create_request(self, *args: Any, **kwargs: Any) -> OAuthRequest:
        request = super()._create_request(*args, **kwargs)
        if not request.redirect_uri:
            request.redirect_uri = OOB
            request.discogs_callback_defaulted = True
        return request


class _AccessTokens(_AnySource, AccessTokenEndpoint):  # type: ignore[misc]
    pass


class _Authorizations(_AnySource, AuthorizationEndpoint):  # type: ignore[misc]
    pass


class _Resources(_AnySource, ResourceEndpoint):  # type: ignore[misc]
    pass


class _Signatures(_AnySource, SignatureOnlyEndpoint):  # type: ignore[misc]
    pass


@dataclass(frozen=True)
class TokenAnswer:
    """The answer of /oauth/request_token or /oauth/access_token: a form-encoded body, or a
    plain-text error."""

    status: int
    body: str
    content_type: str


@dataclass(frozen=True)
class Approval:
    """Where the browser goes after an approval: the callback with token and verifier, or
    (``oob``) a page that shows the verifier."""

    redirect: str | None
    verifier: str


@dataclass(frozen=True)
class PendingAuthorization:
    token: str
    application: ApplicationRow
    callback: str


def _token(length: int) -> Any:
    return lambda *_args: crypto.random_string(length)


class OAuthProvider:
    def __init__(self, accounts: Accounts) -> None:
        self.accounts = accounts
        self.validator = Validator(accounts)
        tokens = _token(crypto.OAUTH_TOKEN_LENGTH)
        self._request_tokens = _RequestTokens(self.validator, token_generator=tokens)
        self._access_tokens = _AccessTokens(self.validator, token_generator=tokens)
        self._resources = _Resources(self.validator)
        self._signatures = _Signatures(self.validator)

    # -- the token endpoints ------------------------------------------------------------------

    def request_token(
        self, uri: str, method: str, body: str, headers: dict[str, str]
    ) -> TokenAnswer:
        endpoint = self._request_tokens
        try:
            request = endpoint._create_request(uri, method, body, headers)
            valid, request = endpoint.validate_request_token_request(request)
        except errors.OAuth1Error as error:
            return _protocol_error(error, uri, body, headers)
        if not valid:
            return _refusal(request)
        token = endpoint.create_request_token(request, {})
        return TokenAnswer(200, token, "application/x-www-form-urlencoded")

    def access_token(
        self, uri: str, method: str, body: str, headers: dict[str, str]
    ) -> TokenAnswer:
        endpoint = self._access_tokens
        try:
            request = endpoint._create_request(uri, method, body, headers)
            valid, request = endpoint.validate_access_token_request(request)
        except errors.OAuth1Error as error:
            return _protocol_error(error, uri, body, headers)
        if not valid:
            return _refusal(request)
        try:
            issued = dict(parse_qsl(endpoint.create_access_token(request, {})))
        except AccountError:  # exchanged by a concurrent request meanwhile
            return _text(400, _EXPIRED_REQUEST_TOKEN)
        # The live API answers the two values only (no oauth_authorized_realms).
        answer = urlencode(
            {
                "oauth_token": issued["oauth_token"],
                "oauth_token_secret": issued["oauth_token_secret"],
            }
        )
        return TokenAnswer(200, answer, "application/x-www-form-urlencoded")

    # -- the authorisation page ---------------------------------------------------------------

    def pending(self, token: str) -> PendingAuthorization | None:
        """The request token a user is asked to approve: live and not yet approved."""
        row = self.accounts.request_token(token)
        if row is None or row.user_id is not None:
            return None
        application = self.accounts.application(row.consumer_key)
        if application is None:
            return None
        return PendingAuthorization(row.token, application, row.callback)

    def approve(self, authorize_uri: str, token: str, user: UserRow) -> Approval | None:
        """Approve the request token for the user; None when it expired meanwhile."""
        endpoint = _Authorizations(
            self.validator.approving(user), token_generator=_token(crypto.VERIFIER_LENGTH)
        )
        uri = f"{authorize_uri}?{urlencode({'oauth_token': token})}"
        try:
            headers, body, status = endpoint.create_authorization_response(uri, "GET")
        except errors.OAuth1Error:
            return None
        if status == 302:
            location = headers["Location"]
            verifier = dict(parse_qsl(urlsplit(location).query)).get("oauth_verifier", "")
            return Approval(location, verifier)
        return Approval(None, dict(parse_qsl(body))["oauth_verifier"])

    def deny(self, token: str) -> str | None:
        """Refuse the request token: it is deleted. The callback to send the browser to
        (with ``denied``), or None for ``oob``."""
        pending = self.pending(token)
        self.accounts.deny_request_token(token)
        if pending is None or pending.callback in ("", OOB):
            return None
        return add_params_to_uri(pending.callback, [("denied", token)])  # type: ignore[no-any-return]

    # -- signed API requests ------------------------------------------------------------------

    def identify(self, uri: str, method: str, body: str, headers: dict[str, str]) -> Identity:
        """The caller of an API request signed with OAuth: the user who authorised the
        application (with an access token), or the application alone (without one).
        InvalidCredentials for anything that does not verify."""
        has_token = "oauth_token=" in headers.get("Authorization", "") or "oauth_token=" in uri
        if has_token:
            valid, request = self._resources.validate_protected_resource_request(
                uri, method, body, headers
            )
        else:
            valid, request = self._signatures.validate_request(uri, method, body, headers)
        if not valid or request is None:
            raise InvalidCredentials()
        application: ApplicationRow = request.discogs_application
        if not has_token:
            return Identity(application_id=application.id, consumer_name=application.name)
        access: OAuthTokenRow = request.discogs_access_token
        return Identity(
            user_id=access.user_id,
            username=access.username,
            application_id=application.id,
            consumer_name=application.name,
        )


def _is_key(value: str) -> bool:
    return 0 < len(value) <= 100 and set(value) <= _KEY_CHARACTERS


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _text(status: int, message: str) -> TokenAnswer:
    return TokenAnswer(status, message, "text/plain; charset=utf-8")


def _protocol_error(
    error: errors.OAuth1Error, uri: str, body: str, headers: dict[str, str]
) -> TokenAnswer:
    if error.status_code == 401:
        return _text(401, "Invalid consumer.")
    signed = uri + body + headers.get("Authorization", "")
    if "oauth_consumer_key" not in signed:
        return _text(400, "Parameter not found: oauth_consumer_key")
    return _text(400, f"Invalid OAuth request: {error.description}")


def _refusal(request: OAuthRequest) -> TokenAnswer:
    """Why a token request that parsed was refused, most basic reason first."""
    reason = getattr(request, "discogs_refusal", None)
    if reason:
        return _text(401, reason)
    checks = request.validator_log
    if not checks.get("client", True):
        return _text(401, "Invalid consumer.")
    if not checks.get("resource_owner", True):
        return _text(400, _EXPIRED_REQUEST_TOKEN)
    if not checks.get("verifier", True):
        return _text(400, "Invalid or expired verifier.")
    if not checks.get("callback", True):
        return _text(400, "Invalid callback URL.")
    return _text(401, "Invalid signature.")
