"""Pacing within the API's moving-window rate limit, without I/O (the clients sleep).

The API counts each request for ``window`` seconds (60 on the live API) and answers 429 once
``X-Discogs-Ratelimit`` requests sit in the window. Every answer reports the figures as they
stood *before* that request was counted (they lag by one). The server's word is trusted over
our own count (requests of other processes count too, and a server with its limiter off
counts nothing): from the newest report, the places free now are its ``remaining``, less the
request it answered, less our requests sent after that one that are still in a window, plus
those of our requests the report counted whose window has passed since. One window after the
report, all it counted has left the window: the limit less our newer requests is free.

A place taken by one of our requests is dated when its *answer* arrived: the server counted it
earlier, so it frees no later than we believe. Before the first answer the limit is unknown
and one request at a time is let through to learn it.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["RateLimitBudget"]

WINDOW = 60.0
# How long to wait before asking again while the first answer (and the limit) is unknown.
_PROBE_WAIT = 0.02


@dataclass(frozen=True)
class RateLimitBudget:
    """The rate-limit budget as the client sees it.

    ``limit``, ``used`` and ``remaining`` are the last ``X-Discogs-Ratelimit*`` figures the
    API sent (``None`` before any answer); ``available`` is the pacer's estimate of the
    requests that may be sent now without a 429 (``None`` while the limit is unknown).
    """

    limit: int | None
    used: int | None
    remaining: int | None
    available: int | None


@dataclass
class _Slot:
    seq: int
    answered_at: float | None = None  # None while the request is in flight


@dataclass(frozen=True)
class _Report:
    seq: int
    at: float
    limit: int
    used: int
    remaining: int


class Pacer:
    """Decides when the next request may go. Thread-safe; never sleeps itself."""

    def __init__(
        self,
        *,
        enabled: bool = True,
        window: float = WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.enabled = enabled
        self.window = window
        self.clock = clock
        self._lock = threading.Lock()
        self._slots: deque[_Slot] = deque()
        self._next_seq = 0
        self._report: _Report | None = None
        self._silent = False  # answers came without the headers: nothing to pace by

    def reserve(self) -> tuple[int, float]:
        """``(ticket, 0.0)`` when a request may go now (its place is taken), else
        ``(-1, seconds)`` to wait before asking again."""
        with self._lock:
            now = self.clock()
            self._forget_expired(now)
            wait = self._wait(now) if self.enabled else 0.0
            if wait > 0:
                return -1, wait
            self._next_seq += 1
            self._slots.append(_Slot(self._next_seq))
            return self._next_seq, 0.0

    def answered(self, ticket: int, headers: Mapping[str, str] | None) -> None:
        """The request's answer arrived (``headers`` None: it failed without one, and may
        or may not have been counted: its place stays taken, dated now)."""
        with self._lock:
            now = self.clock()
            for slot in self._slots:
                if slot.seq == ticket:
                    slot.answered_at = now
            figures = _figures(headers) if headers is not None else None
            if headers is not None and figures is None:
                self._silent = True
            if figures is not None and (self._report is None or ticket > self._report.seq):
                self._report = _Report(ticket, now, *figures)

    def budget(self) -> RateLimitBudget:
        with self._lock:
            now = self.clock()
            self._forget_expired(now)
            report = self._report
            if report is None:
                return RateLimitBudget(None, None, None, None)
            available = max(self._available(now, report), 0)
            return RateLimitBudget(report.limit, report.used, report.remaining, available)

    # -- the estimate ----------------------------------------------------------------------

    def _wait(self, now: float) -> float:
        report = self._report
        if report is None:
            in_flight = any(slot.answered_at is None for slot in self._slots)
            return _PROBE_WAIT if in_flight and not self._silent else 0.0
        if self._available(now, report) > 0:
            return 0.0
        for moment in self._moments_after(now, report):
            if self._available(moment, report) > 0:
                return moment - now
        return self.window  # unreachable in practice: by then every place has freed

    def _available(self, now: float, report: _Report) -> int:
        newer = sum(
            1 for slot in self._slots if slot.seq > report.seq and not self._expired(slot, now)
        )
        if now >= report.at + self.window:
            return report.limit - newer  # everything the report counted has left the window
        freed = sum(
            1
            for slot in self._slots
            if slot.seq <= report.seq
            and slot.answered_at is not None
            and report.at < slot.answered_at + self.window <= now
        )
        return report.remaining - 1 - newer + freed

    def _moments_after(self, now: float, report: _Report) -> list[float]:
        """When the estimate can next change: a place of ours frees, or the report ages out."""
        frees = [
            slot.answered_at + self.window
            for slot in self._slots
            if slot.answered_at is not None and slot.answered_at + self.window > now
        ]
        return sorted([*frees, report.at + self.window])

    def _expired(self, slot: _Slot, now: float) -> bool:
        return slot.answered_at is not None and slot.answered_at + self.window <= now

    def _forget_expired(self, now: float) -> None:
        """Drop places that freed before the report arrived: no estimate needs them."""
        horizon = self._report.at if self._report is not None else now
        horizon = min(horizon, now)
        while self._slots and self._slots[0].answered_at is not None:
            answered = self._slots[0].answered_at
            if answered + self.window > horizon:
                break
            self._slots.popleft()


def _figures(headers: Mapping[str, str]) -> tuple[int, int, int] | None:
    try:
        limit = int(headers["x-discogs-ratelimit"])
        used = int(headers.get("x-discogs-ratelimit-used", "0"))
        remaining = int(headers.get("x-discogs-ratelimit-remaining", str(limit - used)))
    except (KeyError, ValueError):
        return None  # a server that does not report: nothing to pace by
    return limit, used, remaining
