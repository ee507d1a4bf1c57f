"""The moving window in Redis: one count for every server process and machine sharing it.

Each key is a sorted set of its counted requests, scored by the time they were counted. One
Lua script, run atomically by Redis, drops the entries older than the window, reads how many
are left and, when that is under the limit, adds this request: one round trip per request,
exact figures however many processes race, no more than ``limit`` counted in any window. The
cost grows with the log of the entries held, not with their number. The requests of one
process that arrive together share a round trip: one pipeline of their scripts.

Not the ``limits`` library's moving window: it takes two round trips (the count, then the
place), its count can be behind under concurrency, and it finds the window's start with a
binary search of LINDEX over a list, which under a high limit walks a list as long as the
requests of a whole window (benchmarks/README.md measured it at a quarter of the throughput).

Times are Redis's own clock (``TIME``), so the servers' clocks need not agree. Connections
time out quickly and are not retried; ``FailOpen`` decides what a failure means.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import uuid
from typing import Any, NamedTuple

from redis.asyncio import ConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import NoScriptError

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
        self.sha = hashlib.sha1(HIT.encode()).hexdigest()
        # Members: this limiter's own tag and a sequence number - unique across processes.
        self._tag = uuid.uuid4().hex[:12] + ":"
        self._sequence = itertools.count()
        self._waiting: list[Waiting] = []
        self._sending: set[asyncio.Task[None]] = set()

    async def hit(self, key: str, limit: int) -> Quota:
        """Joins the requests waiting in this turn of the event loop: they go to Redis together,
        one pipeline, one round trip (each still its own atomic script)."""
        loop = asyncio.get_running_loop()
        if not self._waiting:
            loop.call_soon(self._send_waiting)
        answer: asyncio.Future[list[int]] = loop.create_future()
        member = self._tag + str(next(self._sequence))
        self._waiting.append(Waiting(self.prefix + key, limit, member, answer))
        used, allowed = await answer
        return quota(limit, int(used), bool(allowed))

    def _send_waiting(self) -> None:
        batch, self._waiting = self._waiting, []
        task = asyncio.get_running_loop().create_task(self._send(batch))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def _send(self, batch: list[Waiting]) -> None:
        try:
            results = await self._run(batch)
        except Exception as exc:  # the connection failed: every request in it learns so
            results = [exc] * len(batch)
        for waiting, result in zip(batch, results, strict=True):
            if waiting.answer.done():  # the request was cancelled meanwhile
                continue
            if isinstance(result, BaseException):
                waiting.answer.set_exception(result)
            else:
                waiting.answer.set_result(result)

    async def _run(self, batch: list[Waiting]) -> list[Any]:
        results = await self._pipeline(batch)
        missing = [i for i, result in enumerate(results) if isinstance(result, NoScriptError)]
        if missing:  # a Redis restarted since (or flushed its scripts): load it, run those again
            await self.redis.script_load(HIT)
            again = await self._pipeline([batch[i] for i in missing])
            for i, result in zip(missing, again, strict=True):
                results[i] = result
        return results

    async def _pipeline(self, batch: list[Waiting]) -> list[Any]:
        async with self.redis.pipeline(transaction=False) as pipe:
            for key, limit, member, _answer in batch:
                pipe.evalsha(self.sha, 1, key, self.window_ms, limit, member)
            return list(await pipe.execute(raise_on_error=False))

    async def aclose(self) -> None:
        await asyncio.gather(*self._sending, return_exceptions=True)
        await self.redis.aclose()
        await self.pool.aclose()


class Waiting(NamedTuple):
    """A request waiting for its turn in the next pipeline."""

    key: str
    limit: int
    member: str
    answer: asyncio.Future[list[int]]
