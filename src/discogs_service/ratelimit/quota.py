"""What one request's rate limit looks like to the client: the three headers, and the 429.

The live API's figures lag by one (api-behaviour.md §3): the first request of a fresh window
reads ``used 0, remaining 25``. ``used`` here is the number of requests counted in the
window *before* this one; the request that would go over the limit is refused and reads
``used`` = the count in the window (the limit, or more after a lowered limit), ``remaining 0``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from discogs_service.errors import DiscogsError

# Lower-case as the live API sends them in 2026 (its documentation writes X-Discogs-Ratelimit).
LIMIT_HEADER = b"x-discogs-ratelimit"
USED_HEADER = b"x-discogs-ratelimit-used"
REMAINING_HEADER = b"x-discogs-ratelimit-remaining"


class TooManyRequests(DiscogsError):
    status = 429
    message = "You are making requests too quickly."


@dataclass(frozen=True, slots=True)
class Quota:
    """One request's standing against its limit."""

    limit: int
    used: int  # requests counted in the window before this one
    allowed: bool
    headers: tuple[tuple[bytes, bytes], ...]  # the three X-Discogs-Ratelimit headers

    @property
    def remaining(self) -> int:
        return max(self.limit - self.used, 0)


def quota(limit: int, used: int, allowed: bool) -> Quota:
    """The Quota for these figures. Not cached: under a busy client the figures change with
    every request, and an lru_cache turning over its entries cost the server 10 % of its
    requests/s, against 4-6 % for building the three headers each time (benchmarks/README.md)."""
    remaining = max(limit - used, 0)
    headers = (
        (LIMIT_HEADER, str(limit).encode()),
        (USED_HEADER, str(used).encode()),
        (REMAINING_HEADER, str(remaining).encode()),
    )
    return Quota(limit, used, allowed, headers)


@lru_cache(maxsize=16)
def uncounted(limit: int) -> Quota:
    """A request that passes without being counted (limiting switched off, or failing open)."""
    return quota(limit, 0, True)
