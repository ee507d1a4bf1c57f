"""The tokens of the OAuth 1.0a dance (RFC 5849 §2)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from discogs_service_client._auth import OAuth1, SignatureMethod

__all__ = ["AccessToken", "RequestToken"]


@dataclass(frozen=True)
class RequestToken:
    """A temporary token the user is asked to authorise at ``authorize_url``."""

    token: str
    secret: str = ""
    authorize_page: str = ""

    @property
    def authorize_url(self) -> str:
        """Where to send the user (a browser) to approve the application."""
        return f"{self.authorize_page}?{urlencode({'oauth_token': self.token})}"


@dataclass(frozen=True)
class AccessToken:
    """The application's lasting access on behalf of one user."""

    consumer_key: str
    consumer_secret: str
    token: str
    secret: str

    def auth(self, signature_method: SignatureMethod = "HMAC-SHA1") -> OAuth1:
        """The auth object that signs requests as this user (``Client(..., auth=...)``)."""
        return OAuth1(
            self.consumer_key,
            self.consumer_secret,
            self.token,
            self.secret,
            signature_method=signature_method,
        )
