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
LIMIT_HEADER = "x-discogs-ratelimit"
USED_HEADER = "x-discogs-ratelimit-used"
REMAINING_HEADER = "x-discogs-ratelimit-remaining"


class TooManyRequests(DiscogsError):
    message = "You are making requests too quickly."


@dataclass(frozen=True, slots=True)
class Quota:
    """One request's standing against its limit."""

    limit: int
    used: int  # requests counted in the window before this one
    allowed: bool

    @property
    def remaining(self) -> int:
        return max(self.limit - self.used, 0)

    @property
    def headers(self) -> list[tuple[str, str]]:
        """The three X-Discogs-Ratelimit headers (built for each answer: under a busy client
        the figures change with every request, and an lru_cache turning its entries over
        cost 10 % of the server's requests/s, against 4-6 % for building them each time;
        benchmarks/README.md)."""
        return [
            (LIMIT_HEADER, str(self.limit)),
            (USED_HEADER, str(self.used)),
            (REMAINING_HEADER, str(self.remaining)),
        ]


def quota(limit: int, used: int, allowed: bool) -> Quota:
    return Quota(limit, used, allowed)


@lru_cache(maxsize=16)
def uncounted(limit: int) -> Quota:
    """A request that passes without being counted (limiting switched off, or failing open)."""
    return quota(limit, 0, True)
