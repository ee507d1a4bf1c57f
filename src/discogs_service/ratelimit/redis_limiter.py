"""The moving window in Redis, with the ``limits`` library: one count for every server
process and machine that shares the Redis.

``limits``' moving window keeps, per key, a Redis list of the times of the counted requests
(newest first, trimmed to the limit); taking a place is one Lua script, atomic in Redis, so
however many processes race, no more than ``limit`` requests are counted in a window. The
count shown in the headers is read just before (a second script): under concurrency it can be
a little behind, the limit itself never is.

Times are the server machines' clocks (``time.time()``): keep them synchronised (NTP).
Connections time out quickly and are not retried; ``FailOpen`` decides what a failure means.
"""

from __future__ import annotations

from typing import Any

from limits.aio.storage import RedisStorage
from redis.asyncio import ConnectionPool
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from discogs_service.ratelimit.quota import Quota, quota

# Seconds to connect and to wait for an answer; a Redis slower than this counts as failing.
TIMEOUT = 0.5


class RedisLimiter:
    def __init__(self, url: str, window: int, prefix: str, *, timeout: float = TIMEOUT) -> None:
        """``url``: ``redis://[:password@]host:port/db``, ``rediss://...`` or
        ``unix:///path/to/socket``; keys are ``<prefix>:<key>``."""
        self.window = window
        self.pool = ConnectionPool.from_url(
            url,
            socket_connect_timeout=timeout,
            socket_timeout=timeout,
            retry=Retry(NoBackoff(), 0),
        )
        options: dict[str, Any] = {"connection_pool": self.pool}
        self.storage = RedisStorage(
            "async+redis://",
            implementation="redispy",
            key_prefix=prefix,
            wrap_exceptions=True,
            **options,
        )

    async def hit(self, key: str, limit: int) -> Quota:
        _start, used = await self.storage.get_moving_window(key, limit, self.window)
        if used >= limit:
            return quota(limit, used, False)
        if await self.storage.acquire_entry(key, limit, self.window):
            return quota(limit, used, True)
        return quota(limit, limit, False)  # other requests took the last places meanwhile

    async def aclose(self) -> None:
        await self.pool.aclose()
