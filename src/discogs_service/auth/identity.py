"""The identity of a request as the app resolved it (``accounts.identity.Identity``), kept in
its scope, and the protocol of what resolves it."""

from __future__ import annotations

from typing import Protocol

from starlette.types import Receive, Scope

from discogs_service.accounts.identity import ANONYMOUS, Identity

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
