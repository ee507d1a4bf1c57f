"""The caller of one request, as the rest of the service sees it.

The Discogs API distinguishes three callers (developer docs, "Discogs Auth Flow"): nobody,
an application (consumer key and secret: higher rate limit, no user), and a user (a personal
access token, or OAuth 1.0a on behalf of a user who authorised an application).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from starlette.types import Receive, Scope


@dataclass(frozen=True, slots=True)
class Identity:
    user_id: int | None = None
    username: str | None = None
    application_id: int | None = None
    consumer_name: str | None = None  # /oauth/identity's consumer_name

    @property
    def authenticated(self) -> bool:
        """Any valid credential: the real API's higher rate-limit tier."""
        return self.user_id is not None or self.application_id is not None

    @property
    def is_user(self) -> bool:
        return self.user_id is not None


ANONYMOUS = Identity()

# The scope key under which the app puts the request's Identity.
IDENTITY = "discogs.identity"


class Authenticator(Protocol):
    async def identify(self, scope: Scope, receive: Receive) -> tuple[Identity, Receive]:
        """The caller of the request, ANONYMOUS without credentials; raises
        ``errors.Unauthorized`` for credentials that are present but not valid.

        Also returns the receive the app goes on with: verifying an HMAC-SHA1 signature over
        a form body reads the body, and the handler then gets it from the returned receive.
        (The real one: ``auth.authenticator.AccountsAuthenticator``.)"""
        ...


class NoAccounts:
    """An authenticator without accounts: every caller is anonymous."""

    async def identify(self, scope: Scope, receive: Receive) -> tuple[Identity, Receive]:
        return ANONYMOUS, receive


def identity_of(scope: Scope) -> Identity:
    """The Identity the app resolved for this request."""
    identity: Identity = scope.get(IDENTITY, ANONYMOUS)
    return identity
