"""What the app asks before routing a request: may it pass, and what do its headers say.

Each client address has one count per tier (anonymous, authenticated): a caller who signs in
starts with the 60 of its tier, not with what it used anonymously.
"""

from __future__ import annotations

from discogs_service.config import Settings
from discogs_service.ratelimit.failopen import FailOpen
from discogs_service.ratelimit.limiter import NullLimiter, RateLimiter
from discogs_service.ratelimit.memory import MemoryLimiter
from discogs_service.ratelimit.quota import Quota, uncounted


class Throttle:
    def __init__(
        self,
        limiter: RateLimiter,
        *,
        anonymous: int,
        authenticated: int,
    ) -> None:
        self.limiter = limiter
        self.anonymous = anonymous
        self.authenticated = authenticated
        # The headers of an answer given before the limiter was asked (it always is, unless
        # the request failed before that): the anonymous limit, nothing used.
        self.unasked = uncounted(anonymous)

    async def admit(self, address: str, authenticated: bool) -> Quota:
        """Count a request against its client address in its tier."""
        if authenticated:
            return await self.limiter.hit("u/" + address, self.authenticated)
        return await self.limiter.hit("a/" + address, self.anonymous)

    async def aclose(self) -> None:
        await self.limiter.aclose()


def build_limiter(settings: Settings) -> RateLimiter:
    """Switched off: NullLimiter; with DISCOGS_REDIS_URL: Redis, failing open; else memory."""
    if not settings.ratelimit_enabled:
        return NullLimiter()
    if settings.redis_url:
        from discogs_service.ratelimit.redis_limiter import RedisLimiter

        return FailOpen(
            RedisLimiter(
                settings.redis_url, settings.ratelimit_window, settings.ratelimit_redis_prefix
            ),
            name=f"Redis at {_without_password(settings.redis_url)}",
        )
    return MemoryLimiter(settings.ratelimit_window)


def build_throttle(settings: Settings, limiter: RateLimiter | None = None) -> Throttle:
    return Throttle(
        limiter or build_limiter(settings),
        anonymous=settings.ratelimit_anonymous,
        authenticated=settings.ratelimit_authenticated,
    )


def _without_password(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        rest = "***@" + rest.split("@", 1)[1]
    return scheme + sep + rest
