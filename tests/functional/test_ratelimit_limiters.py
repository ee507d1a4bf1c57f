"""Every RateLimiter implementation satisfies the protocol and behaves the same: the memory
one, the Redis one (the machine's Redis, keys under a prefix of the test's own) and FailOpen
around the Redis one; NullLimiter counts nothing."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable

import pytest

from discogs_service.ratelimit import NullLimiter, RateLimiter
from discogs_service.ratelimit.failopen import FailOpen
from discogs_service.ratelimit.memory import MemoryLimiter
from discogs_service.ratelimit.redis_limiter import RedisLimiter
from tests.ratelimit_support import redis_keys

Make = Callable[[int], RateLimiter]  # window -> a new limiter


@pytest.fixture(params=["memory", "redis", "redis-failing-open"])
def make(request: pytest.FixtureRequest) -> Make:
    if request.param == "memory":
        return MemoryLimiter
    url: str = request.getfixturevalue("redis_url")
    prefix: str = request.getfixturevalue("redis_prefix")
    if request.param == "redis":
        return lambda window: RedisLimiter(url, window, prefix)
    return lambda window: FailOpen(RedisLimiter(url, window, prefix), name="Redis")


def run(limiter: RateLimiter, scenario: Callable[[RateLimiter], Awaitable[None]]) -> None:
    async def main() -> None:
        try:
            await scenario(limiter)
        finally:
            await limiter.aclose()

    asyncio.run(main())


def test_every_implementation_satisfies_the_protocol(make: Make) -> None:
    for limiter in (make(60), NullLimiter()):
        assert isinstance(limiter, RateLimiter)
        assert inspect.iscoroutinefunction(limiter.hit)
        assert inspect.iscoroutinefunction(limiter.aclose)
        assert list(inspect.signature(limiter.hit).parameters) == ["key", "limit"]
        run(limiter, lambda limiter: limiter.hit("k", 1))  # type: ignore[arg-type,return-value]


def test_counts_up_to_the_limit_per_key_and_refuses_without_counting(make: Make) -> None:
    async def scenario(limiter: RateLimiter) -> None:
        answers = [await limiter.hit("a/203.0.113.1", 3) for _ in range(5)]
        assert [(q.allowed, q.used, q.remaining) for q in answers] == [
            (True, 0, 3),
            (True, 1, 2),
            (True, 2, 1),
            (False, 3, 0),
            (False, 3, 0),
        ]
        other = await limiter.hit("a/203.0.113.2", 3)
        assert (other.allowed, other.used) == (True, 0)
        higher = await limiter.hit("u/203.0.113.1", 5)  # another key: another count
        assert (higher.limit, higher.used) == (5, 0)

    run(make(60), scenario)


def test_the_window_moves(make: Make) -> None:
    async def scenario(limiter: RateLimiter) -> None:
        assert (await limiter.hit("k", 2)).allowed
        await asyncio.sleep(1.2)
        second = await limiter.hit("k", 2)
        third = await limiter.hit("k", 2)
        assert (second.allowed, second.used, third.allowed) == (True, 1, False)
        await asyncio.sleep(1.0)  # the first left the window at 2 s, the second has not
        fourth = await limiter.hit("k", 2)
        assert (fourth.allowed, fourth.used) == (True, 1)

    run(make(2), scenario)


def test_concurrent_requests_never_exceed_the_limit(make: Make) -> None:
    async def scenario(limiter: RateLimiter) -> None:
        answers = await asyncio.gather(*(limiter.hit("k", 10) for _ in range(60)))
        assert sum(q.allowed for q in answers) == 10
        assert all(0 <= q.used <= 10 for q in answers)
        assert not (await limiter.hit("k", 10)).allowed

    run(make(60), scenario)


def test_redis_holds_one_set_per_key_with_only_the_counted_requests(
    redis_url: str, redis_prefix: str
) -> None:
    async def scenario(limiter: RateLimiter) -> None:
        for _ in range(7):
            await limiter.hit("a/203.0.113.1", 4)
        await limiter.hit("u/203.0.113.1", 60)

    run(RedisLimiter(redis_url, 60, redis_prefix), scenario)
    assert redis_keys(redis_url, redis_prefix) == {  # the refused requests left no trace
        f"{redis_prefix}:a/203.0.113.1": 4,
        f"{redis_prefix}:u/203.0.113.1": 1,
    }


def test_the_null_limiter_never_refuses_nor_counts() -> None:
    async def scenario(limiter: RateLimiter) -> None:
        answers = [await limiter.hit("k", 2) for _ in range(10)]
        assert {(q.allowed, q.limit, q.used, q.remaining) for q in answers} == {(True, 2, 0, 2)}

    run(NullLimiter(), scenario)


def test_the_memory_limiter_forgets_idle_clients() -> None:
    clock = [0.0]
    limiter = MemoryLimiter(60, clock=lambda: clock[0])

    async def scenario(limiter: RateLimiter) -> None:
        for n in range(1000):
            await limiter.hit(f"a/10.0.{n // 256}.{n % 256}", 25)
        clock[0] = 61.0
        for _ in range(300):  # each counted request drops up to four idle clients
            await limiter.hit("a/203.0.113.1", 10**9)
        assert len(held) == 1  # before run() closes the limiter, which forgets everything

    held = limiter
    run(limiter, scenario)
    assert len(limiter) == 0
