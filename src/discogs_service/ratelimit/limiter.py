"""The limiter protocol, and the limiter of a server with rate limiting switched off."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from discogs_service.ratelimit.quota import Quota, uncounted


@runtime_checkable
class RateLimiter(Protocol):
    """Counts requests per key in a moving window of a fixed length (the limiter's own).

    ``hit`` counts one request against ``key`` when fewer than ``limit`` were counted in
    the window, and answers the Quota either way (``used``: the count before this request).
    A refused request is not counted. Implementations: ``MemoryLimiter`` (one process),
    ``RedisLimiter`` (every process sharing a Redis), ``NullLimiter`` (switched off), and
    ``FailOpen`` around a limiter whose store can fail.
    """

    async def hit(self, key: str, limit: int) -> Quota: ...

    async def aclose(self) -> None:
        """Release connections; the limiter is not used afterwards."""
        ...


class NullLimiter:
    """Rate limiting switched off: every request passes, uncounted. The headers still tell
    clients the limit (the live API's clients read them), with nothing used."""

    async def hit(self, key: str, limit: int) -> Quota:
        return uncounted(limit)

    async def aclose(self) -> None:
        return None
