"""When to try a request again, and how long to wait first.

A 429 is retried for any method: the API refused it before doing anything. A 5xx or a lost
connection is retried only for methods that are safe to repeat (GET, HEAD, PUT, DELETE):
a POST that failed half-way might have created a listing or a folder already.

Waits grow exponentially with "equal jitter": half the step is fixed, half random, so clients
that failed together do not come back together, and none comes back at once.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

__all__ = ["Retries"]

_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass(frozen=True)
class Retries:
    """``attempts`` retries at most after the first try (0: never retry); the n-th waits
    between ``base * 2**n / 2`` and ``base * 2**n`` seconds, never more than ``cap``."""

    attempts: int = 3
    base: float = 1.0
    cap: float = 30.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.attempts < 0 or self.base < 0 or self.cap < 0:
            raise ValueError("attempts, base and cap must not be negative")

    def should_retry(self, method: str, status: int | None, attempt: int) -> bool:
        """``status`` None: no answer arrived (a transport error)."""
        if attempt >= self.attempts:
            return False
        if status == 429:
            return True
        failed = status is None or status >= 500
        return failed and method.upper() in _IDEMPOTENT

    def delay(self, attempt: int) -> float:
        step = min(self.cap, self.base * 2.0**attempt)
        return step / 2 + self.rng.uniform(0, step / 2)
