"""Pacing within the API's moving-window rate limit, without I/O (the clients sleep).

The API counts each request for ``window`` seconds (60 on the live API) and answers 429 once
``X-Discogs-Ratelimit`` requests sit in the window. Every answer reports the figures as they
stood *before* that request was counted (they lag by one). The server's word is trusted over
our own count (requests of other processes count too, and a server with its limiter off
counts nothing). From the newest report (that of the request sent last), the places free now
are its ``remaining``

* less the request it answered,
* less those of our requests the report may not have counted and that are still in a window:
  the ones sent after it, and the ones that were in flight when it was sent (concurrent
  requests reach the server in any order),
* plus those of our requests the report surely counted whose window has passed since the
  report came: answered before its request was sent, and sent less than a window before the
  report came (an answer can arrive late, long after the server counted its request: one
  counted a window before the report's request had left the server's window already, and
  was never in the report's ``used``, however late its answer came).

One window after the report, everything it counted has left the window: the limit less our
requests since is free. A place taken by one of our requests is dated when its *answer*
arrived: the server counted it earlier, so it frees no later than we believe. Before the
first answer the limit is unknown and one request at a time is let through to learn it.
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
    """One of our requests, holding a place in the window."""

    seq: int
    sent_at: float  # the server counted it no earlier
    overlap: frozenset[int]  # the requests in flight when it was sent
    answered_at: float | None = None  # None while in flight


@dataclass(frozen=True)
class _Report:
    slot: _Slot
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
        self._slots: deque[_Slot] = deque()  # oldest first
        self._by_seq: dict[int, _Slot] = {}
        self._in_flight: set[int] = set()
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
            slot = _Slot(self._next_seq, now, frozenset(self._in_flight))
            self._slots.append(slot)
            self._by_seq[slot.seq] = slot
            self._in_flight.add(slot.seq)
            return slot.seq, 0.0

    def answered(self, ticket: int, headers: Mapping[str, str] | None) -> None:
        """The request's answer arrived (``headers`` None: it failed without one, and may
        or may not have been counted: its place stays taken, dated now)."""
        with self._lock:
            now = self.clock()
            slot = self._by_seq.get(ticket)
            if slot is None:
                return
            slot.answered_at = now
            self._in_flight.discard(ticket)
            figures = _figures(headers) if headers is not None else None
            if headers is not None and figures is None:
                self._silent = True
            if figures is not None and (self._report is None or ticket > self._report.slot.seq):
                self._report = _Report(slot, now, *figures)

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
            return _PROBE_WAIT if self._in_flight and not self._silent else 0.0
        if self._available(now, report) > 0:
            return 0.0
        for moment in self._moments_after(now, report):
            if self._available(moment, report) > 0:
                return moment - now
        return self.window  # unreachable in practice: by then every place has freed

    def _available(self, now: float, report: _Report) -> int:
        uncounted = self._alive_since(report, now)
        if now >= report.at + self.window:
            return report.limit - uncounted  # all the report counted has left the window
        return report.remaining - 1 - uncounted + self._freed_since(report, now)

    def _alive_since(self, report: _Report, now: float) -> int:
        """Ours the report may not have counted that still hold a place: sent after its
        request (the newest, at the end), or in flight when it was sent."""
        alive = 0
        for slot in reversed(self._slots):
            if slot.seq <= report.slot.seq:
                break
            alive += not self._expired(slot, now)
        for seq in report.slot.overlap:
            concurrent = self._by_seq.get(seq)  # None: forgotten, so long expired
            alive += concurrent is not None and not self._expired(concurrent, now)
        return alive

    def _freed_since(self, report: _Report, now: float) -> int:
        """Ours the report surely counted (answered before its request was sent, sent less
        than a window before it came) whose window has passed since it came. Oldest first;
        answers arrive about in order, so the count stops at the first place still taken:
        if anything, it counts too few."""
        freed = 0
        for slot in self._slots:
            if slot.seq >= report.slot.seq:
                break
            if slot.seq in report.slot.overlap or slot.answered_at is None:
                continue
            if slot.answered_at + self.window > now:
                break
            freed += slot.sent_at + self.window > report.at
        return freed

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
        """Drop places that freed before the report came (no estimate needs them), and all
        of them when pacing is off (only the server's figures are kept then)."""
        horizon = now if self._report is None else min(self._report.at, now)
        while self._slots and self._slots[0].answered_at is not None:
            oldest = self._slots[0]
            assert oldest.answered_at is not None
            if self.enabled and oldest.answered_at + self.window > horizon:
                break
            if self._report is not None and oldest is self._report.slot:
                break  # the report still needs its own request
            self._by_seq.pop(self._slots.popleft().seq, None)


def _figures(headers: Mapping[str, str]) -> tuple[int, int, int] | None:
    try:
        limit = int(headers["x-discogs-ratelimit"])
        used = int(headers.get("x-discogs-ratelimit-used", "0"))
        remaining = int(headers.get("x-discogs-ratelimit-remaining", str(limit - used)))
    except (KeyError, ValueError):
        return None  # a server that does not report: nothing to pace by
    return limit, used, remaining
