"""Credentials as pluggable httpx auth objects: each signs a request just before it is sent,
so retries are signed afresh (a new OAuth nonce and timestamp every time).

The four ways the API accepts (api-behaviour.md §4), of which the client sends the header
forms only: a credential in the query string would be repeated by the API inside every
pagination link it returns.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Literal
from urllib.parse import parse_qsl

import httpx
from oauthlib import oauth1

__all__ = ["ConsumerKey", "OAuth1", "UserToken"]

SignatureMethod = Literal["HMAC-SHA1", "PLAINTEXT"]
_FORM = "application/x-www-form-urlencoded"


class UserToken(httpx.Auth):
    """A personal access token: acts as the user who made it."""

    def __init__(self, token: str) -> None:
        self._header = f"Discogs token={token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request


class ConsumerKey(httpx.Auth):
    """An application's consumer key and secret: the higher rate-limit tier and image URLs,
    but no user (``identity()`` and everything owned by a user need a token or OAuth)."""

    def __init__(self, key: str, secret: str) -> None:
        self.key = key
        self.secret = secret

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Discogs key={self.key}, secret={self.secret}"
        yield request


class OAuth1(httpx.Auth):
    """OAuth 1.0a (RFC 5849) signed requests, signed by oauthlib in the Authorization header.

    With only the consumer pair it signs the request-token call; with ``token`` and
    ``token_secret`` (a request token plus ``verifier``, or an access token) the rest.
    A form-encoded body is part of the HMAC-SHA1 signature (RFC 5849 §3.4.1.3); JSON bodies
    are not.
    """

    requires_request_body = True

    def __init__(
        self,
        consumer_key: str,
        consumer_secret: str,
        token: str | None = None,
        token_secret: str | None = None,
        *,
        signature_method: SignatureMethod = "HMAC-SHA1",
        callback: str | None = None,
        verifier: str | None = None,
    ) -> None:
        self.consumer_key = consumer_key
        self.consumer_secret = consumer_secret
        self.signature_method = signature_method
        self._signer = oauth1.Client(
            consumer_key,
            client_secret=consumer_secret,
            resource_owner_key=token,
            resource_owner_secret=token_secret,
            signature_method=signature_method,
            callback_uri=callback,
            verifier=verifier,
        )

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        is_form = request.headers.get("Content-Type", "").startswith(_FORM)
        body = request.content.decode() if is_form and request.content else None
        headers = {"Content-Type": _FORM} if body is not None else {}
        _uri, signed, _body = self._signer.sign(str(request.url), request.method, body, headers)
        request.headers["Authorization"] = signed["Authorization"]
        yield request


def token_pair(text: str) -> tuple[str, str]:
    """``oauth_token`` and ``oauth_token_secret`` of a form-encoded token answer."""
    fields = dict(parse_qsl(text))
    try:
        return fields["oauth_token"], fields["oauth_token_secret"]
    except KeyError:
        raise ValueError(f"not a token answer: {text[:200]!r}") from None
