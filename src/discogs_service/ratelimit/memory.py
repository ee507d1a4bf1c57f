"""The moving window in this process's memory: the default without Redis.

Not ``limits.storage.MemoryStorage``: measured on the serving path it cost 7 µs per request
for one client and 40-60 µs under many clients or high limits (a front-inserted list per key,
never trimmed to the limit, and a timer thread that walks every key each 10 ms while holding
the GIL), against a budget of a few µs (benchmarks/README.md). Here each key keeps a deque of
the monotonic times of its counted requests: at most ``limit`` of them, since a refused request
is not counted; times older than the window are dropped from the front when the key is hit.
Keys live in an OrderedDict in the order of their last counted request, so keys idle for a
whole window are dropped from its front on later hits: O(1) amortised per request, no thread.

Within one process the event loop runs one ``hit`` at a time (it never awaits), so no lock.
With several worker processes each counts its own share: use Redis to count them together.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable

from discogs_service.ratelimit.quota import Quota, quota


class MemoryLimiter:
    def __init__(self, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self._clock = clock
        # key -> times of its counted requests in the window, oldest first; keys in the
        # order of their newest time, oldest first.
        self._keys: OrderedDict[str, deque[float]] = OrderedDict()

    async def hit(self, key: str, limit: int) -> Quota:
        now = self._clock()
        cutoff = now - self.window
        keys = self._keys
        times = keys.get(key)
        if times is None:
            keys[key] = times = deque()
        else:
            while times and times[0] <= cutoff:
                times.popleft()
        used = len(times)
        if used >= limit:
            return quota(limit, used, False)
        times.append(now)
        keys.move_to_end(key)
        self._forget_idle(cutoff)
        return quota(limit, used, True)

    def _forget_idle(self, cutoff: float) -> None:
        """Drop keys whose newest counted request left the window (at most a few per hit)."""
        keys = self._keys
        for _ in range(4):
            oldest = next(iter(keys))
            times = keys[oldest]
            if times and times[-1] > cutoff:
                return
            del keys[oldest]

    def __len__(self) -> int:
        """Keys held (for tests and curiosity)."""
        return len(self._keys)

    async def aclose(self) -> None:
        self._keys.clear()
