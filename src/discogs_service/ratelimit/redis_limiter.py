"""The moving window in Redis: one count for every server process and machine sharing it.

Each key is a sorted set of its counted requests, scored by the time they were counted. One
Lua script, run atomically by Redis, drops the entries older than the window, reads how many
are left and, when that is under the limit, adds this request: one round trip per request,
exact figures however many processes race, no more than ``limit`` counted in any window. The
cost grows with the log of the entries held, not with their number.

Not the ``limits`` library's moving window: it takes two round trips (the count, then the
place), its count can be behind under concurrency, and it finds the window's start with a
binary search of LINDEX over a list, which under a high limit walks a list as long as the
requests of a whole window (benchmarks/README.md measured it at a quarter of the throughput).

Times are Redis's own clock (``TIME``), so the servers' clocks need not agree. Connections
time out quickly and are not retried; ``FailOpen`` decides what a failure means.
"""

from __future__ import annotations

import itertools
import uuid

from redis.asyncio import ConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from discogs_service.ratelimit.quota import Quota, quota

# Seconds to connect and to wait for an answer; a Redis slower than this counts as failing.
TIMEOUT = 0.5

# KEYS[1]: the key; ARGV: window (ms), limit, a member unique to this request.
# Returns {used, allowed}: the requests counted in the window before this one, 1 or 0.
HIT = """
local now = redis.call('TIME')
local now_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now_ms - window)
local used = redis.call('ZCARD', KEYS[1])
if used >= tonumber(ARGV[2]) then
    return {used, 0}
end
redis.call('ZADD', KEYS[1], now_ms, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return {used, 1}
"""


class RedisLimiter:
    def __init__(self, url: str, window: int, prefix: str, *, timeout: float = TIMEOUT) -> None:
        """``url``: ``redis://[:password@]host:port/db``, ``rediss://...`` or
        ``unix:///path/to/socket``; keys are ``<prefix>:<key>``."""
        self.window_ms = window * 1000
        self.prefix = prefix + ":"
        self.pool = ConnectionPool.from_url(
            url,
            socket_connect_timeout=timeout,
            socket_timeout=timeout,
            retry=Retry(NoBackoff(), 0),
        )
        self.redis = Redis(connection_pool=self.pool)
        self.script = self.redis.register_script(HIT)
        # Members: this limiter's own tag and a sequence number - unique across processes.
        self._tag = uuid.uuid4().hex[:12] + ":"
        self._sequence = itertools.count()

    async def hit(self, key: str, limit: int) -> Quota:
        member = self._tag + str(next(self._sequence))
        used, allowed = await self.script(
            keys=[self.prefix + key], args=[self.window_ms, limit, member]
        )
        return quota(limit, int(used), bool(allowed))

    async def aclose(self) -> None:
        await self.redis.aclose()
        await self.pool.aclose()
