"""The caller of one request, as the rest of the service sees it.

The Discogs API distinguishes three callers (developer docs, "Discogs Auth Flow"): nobody,
an application (consumer key and secret: higher rate limit, no user), and a user (a personal
access token, or OAuth 1.0a on behalf of a user who authorised an application).
"""

from __future__ import annotations

from dataclasses import dataclass


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
