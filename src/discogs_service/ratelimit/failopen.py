"""Fail open: when the limiter's store fails, requests pass uncounted - the one place that
decides so.

A rate limiter protects the service; it must not become the reason the service is down.
When the wrapped limiter raises (Redis unreachable, timing out, refusing), the request passes
with uncounted headers and the failure is logged: once, with the reason, when it starts, then
a reminder at most once a minute while it lasts, and once more when the store answers again.
While failing, the store is tried again at most every ``retry_after`` seconds (the requests in
between pass at once instead of each waiting for a connection to fail); the first success
resumes counting.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from discogs_service.ratelimit.limiter import RateLimiter
from discogs_service.ratelimit.quota import Quota, uncounted

log = logging.getLogger("discogs_service.ratelimit")

REMIND_EVERY = 60.0


class FailOpen:
    def __init__(
        self,
        inner: RateLimiter,
        *,
        name: str,
        retry_after: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.inner = inner
        self.name = name
        self.retry_after = retry_after
        self._clock = clock
        self.failing_since: float | None = None
        self.passed_uncounted = 0
        self._next_try = 0.0
        self._next_reminder = 0.0

    async def hit(self, key: str, limit: int) -> Quota:
        if self.failing_since is not None and self._clock() < self._next_try:
            self.passed_uncounted += 1
            return uncounted(limit)
        try:
            result = await self.inner.hit(key, limit)
        except Exception as exc:  # whatever the store's failure, the request passes
            self._failed(exc)
            return uncounted(limit)
        if self.failing_since is not None:
            self._recovered()
        return result

    def _failed(self, exc: Exception) -> None:
        now = self._clock()
        self.passed_uncounted += 1
        self._next_try = now + self.retry_after
        if self.failing_since is None:
            self.failing_since = now
            self._next_reminder = now + REMIND_EVERY
            log.error(
                "rate limiting fails open: %s does not answer (%s); requests pass uncounted "
                "until it does",
                self.name,
                _reason(exc),
                exc_info=exc,
            )
        elif now >= self._next_reminder:
            self._next_reminder = now + REMIND_EVERY
            log.error(
                "rate limiting still fails open: %s has not answered for %.0f s (%s); "
                "%d requests passed uncounted",
                self.name,
                now - self.failing_since,
                _reason(exc),
                self.passed_uncounted,
            )

    def _recovered(self) -> None:
        assert self.failing_since is not None
        log.warning(
            "rate limiting counts again: %s answers after %.1f s; %d requests passed uncounted",
            self.name,
            self._clock() - self.failing_since,
            self.passed_uncounted,
        )
        self.failing_since = None
        self.passed_uncounted = 0

    async def aclose(self) -> None:
        await self.inner.aclose()


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
