"""Reading the credentials of a request, in every form the Discogs API accepts
(api-behaviour.md §4):

=================================================  ==========================================
``Authorization: Discogs token=abc``               personal access token
``Authorization: Discogs key=foo, secret=bar``     consumer key and secret (an application)
``?token=abc``                                     personal access token
``?key=foo&secret=bar``                            consumer key and secret
``Authorization: OAuth oauth_consumer_key=...``    OAuth 1.0a, PLAINTEXT or HMAC-SHA1
``?oauth_consumer_key=...&oauth_signature=...``    OAuth 1.0a in the query string
=================================================  ==========================================

The header wins over the query string. Parsing only reads; ``auth.authenticator`` checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.types import Scope

from discogs_service.errors import InvalidCredentials


@dataclass(frozen=True, slots=True)
class PersonalToken:
    token: str


@dataclass(frozen=True, slots=True)
class ConsumerPair:
    key: str
    secret: str


@dataclass(frozen=True, slots=True)
class OAuthSigned:
    """A request signed with OAuth 1.0a; the provider verifies it as a whole."""

    signature_method: str
    has_token: bool


Credentials = PersonalToken | ConsumerPair | OAuthSigned
# What a query string must contain to be worth parsing for credentials (a lone ``secret``
# is refused like a lone ``key``, not ignored).
_CREDENTIAL_PARAMETERS = (b"token=", b"key=", b"secret=", b"oauth_")


def authorization_header(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"authorization":
            return str(value.decode("latin-1")).strip()
    return ""


def read_credentials(scope: Scope) -> Credentials | None:
    """The request's credentials, None without any; raises InvalidCredentials for a
    ``Discogs`` header or a query that names credentials but cannot be read."""
    header = authorization_header(scope)
    scheme, _, rest = header.partition(" ")
    if scheme.lower() == "discogs":
        return _discogs_header(rest)
    if scheme.lower() == "oauth":
        return _oauth(_oauth_header_params(rest))
    query = scope.get("query_string", b"")
    if not query or not any(name in query for name in _CREDENTIAL_PARAMETERS):
        return None  # the hot path: anonymous catalogue requests stop here
    return _query(parse_qsl(query.decode("latin-1"), keep_blank_values=True))


def _discogs_header(rest: str) -> Credentials:
    params: dict[str, str] = {}
    for part in rest.split(","):
        name, equals, value = part.strip().partition("=")
        if not equals:
            raise InvalidCredentials()
        params[name.strip().lower()] = value.strip().strip('"')
    if set(params) == {"token"} and params["token"]:
        return PersonalToken(params["token"])
    if set(params) == {"key", "secret"} and params["key"] and params["secret"]:
        return ConsumerPair(params["key"], params["secret"])
    raise InvalidCredentials()


def _query(pairs: list[tuple[str, str]]) -> Credentials | None:
    values: dict[str, str] = {}
    for name, value in pairs:
        if value and name not in values:  # a repeated parameter counts once, as elsewhere
            values[name] = value
    if "oauth_signature" in values:
        return _oauth(values)
    if "token" in values:
        return PersonalToken(values["token"])
    if "key" in values or "secret" in values:
        if "key" in values and "secret" in values:
            return ConsumerPair(values["key"], values["secret"])
        raise InvalidCredentials()
    return None


def _oauth_header_params(rest: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for part in rest.split(","):
        name, _, value = part.strip().partition("=")
        params[name.strip()] = value.strip().strip('"')
    return params


def _oauth(params: dict[str, str]) -> OAuthSigned:
    if not params.get("oauth_consumer_key") or not params.get("oauth_signature"):
        raise InvalidCredentials()
    return OAuthSigned(
        signature_method=params.get("oauth_signature_method", ""),
        has_token=bool(params.get("oauth_token")),
    )
