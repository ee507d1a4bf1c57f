"""Rate limiting as api.discogs.com does it: per client address, a moving window (60 s), 60
requests for callers with valid credentials and 25 for the others; the three
``X-Discogs-Ratelimit`` headers on every answer; 429 over the limit.

    quota.py          Quota (the headers' figures), TooManyRequests (the 429)
    limiter.py        the RateLimiter protocol; NullLimiter (switched off)
    memory.py         MemoryLimiter: one process's memory (the default)
    redis_limiter.py  RedisLimiter: the moving window in Redis, one atomic script
    failopen.py       FailOpen: a failing store lets requests pass, logged
    throttle.py       Throttle: what the app asks; build_throttle(settings)
"""

from typing import TYPE_CHECKING

from discogs_service.ratelimit.limiter import NullLimiter, RateLimiter
from discogs_service.ratelimit.quota import Quota, TooManyRequests
from discogs_service.ratelimit.throttle import Throttle, build_limiter, build_throttle

__all__ = [
    "NullLimiter",
    "Quota",
    "RateLimiter",
    "Throttle",
    "TooManyRequests",
    "build_limiter",
    "build_throttle",
]

if TYPE_CHECKING:  # mypy checks that every implementation satisfies the protocol
    from discogs_service.ratelimit.failopen import FailOpen
    from discogs_service.ratelimit.memory import MemoryLimiter
    from discogs_service.ratelimit.redis_limiter import RedisLimiter

    _IMPLEMENTATIONS: tuple[type[RateLimiter], ...] = (
        NullLimiter,
        MemoryLimiter,
        RedisLimiter,
        FailOpen,
    )
