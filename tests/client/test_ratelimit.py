"""Pacing within the rate limit: the pacer's arithmetic on a clock the test moves, then
clients under a steady load against discogs-service with its limiter on (a moving window of
a few seconds), which must not see one 429."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time

import httpx
import pytest

from discogs_service.storage import Storage
from discogs_service_client import AsyncClient, Client, RateLimitBudget, RateLimited
from discogs_service_client._ratelimit import Pacer
from tests.conftest import USER_AGENT
from tests.ratelimit_support import serve_limited


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def headers(limit: int, used: int, remaining: int | None = None) -> dict[str, str]:
    remaining = limit - used if remaining is None else remaining
    return {
        "x-discogs-ratelimit": str(limit),
        "x-discogs-ratelimit-used": str(used),
        "x-discogs-ratelimit-remaining": str(remaining),
    }


def go(pacer: Pacer) -> int:
    ticket, wait = pacer.reserve()
    assert wait == 0, f"had to wait {wait}"
    return ticket


def test_one_request_at_a_time_until_the_limit_is_known() -> None:
    clock = Clock()
    pacer = Pacer(window=60, clock=clock)
    first = go(pacer)
    ticket, wait = pacer.reserve()
    assert (ticket, 0 < wait < 1) == (-1, True)
    pacer.answered(first, headers(3, 0))
    assert pacer.budget() == RateLimitBudget(limit=3, used=0, remaining=3, available=2)


def test_the_window_fills_and_frees_a_window_after_each_answer() -> None:
    clock = Clock()
    pacer = Pacer(window=60, clock=clock)
    pacer.answered(go(pacer), headers(3, 0))  # at 1000
    clock.now += 10
    pacer.answered(go(pacer), headers(3, 1))  # at 1010
    clock.now += 10
    pacer.answered(go(pacer), headers(3, 2))  # at 1020: the window is full
    assert pacer.reserve() == (-1, 40.0)  # the first place frees at 1060
    clock.now = 1060.0
    go(pacer)
    assert pacer.reserve() == (-1, 10.0)  # the in-flight one is counted; next at 1070


def test_requests_of_others_in_the_report_are_respected() -> None:
    """The server counted 2 requests we did not send: only 1 place is left."""
    clock = Clock()
    pacer = Pacer(window=60, clock=clock)
    pacer.answered(go(pacer), headers(4, 2))
    assert pacer.budget().available == 1
    go(pacer)
    ticket, wait = pacer.reserve()
    assert (ticket, wait) == (-1, 60.0)  # unknown places: a window after the report


def test_a_429_empties_the_budget() -> None:
    clock = Clock()
    pacer = Pacer(window=60, clock=clock)
    pacer.answered(go(pacer), headers(25, 25, 0))
    assert pacer.budget().available == 0
    assert pacer.reserve()[1] > 0


def test_a_server_that_counts_nothing_is_never_waited_for() -> None:
    """Its limiter off, discogs-service reports the limit with nothing used."""
    clock = Clock()
    pacer = Pacer(window=60, clock=clock)
    for _ in range(200):
        pacer.answered(go(pacer), headers(25, 0))


def test_without_the_headers_or_switched_off_nothing_is_paced() -> None:
    clock = Clock()
    silent = Pacer(window=60, clock=clock)
    silent.answered(go(silent), {})
    off = Pacer(enabled=False, window=60, clock=clock)
    for _ in range(10):
        go(silent)
        off.answered(go(off), headers(1, 1, 0))
    assert silent.budget().limit is None


def test_a_late_answer_frees_no_place_the_report_did_not_count() -> None:
    """A request counted at 0 whose answer came at 10 (a busy machine) left the server's
    window at 60. Requests sent at 61 fill it until 121: their report never counted the
    late one, so its window passing at 70 frees nothing."""
    clock = Clock()
    pacer = Pacer(window=60, clock=clock)
    pacer.answered(go(pacer), headers(2, 0))
    late = go(pacer)  # counted by the server at 0
    clock.now += 10
    pacer.answered(late, headers(2, 1))
    clock.now += 51  # 61: the server has forgotten both
    pacer.answered(go(pacer), headers(2, 0))
    pacer.answered(go(pacer), headers(2, 1))  # the server's window is full until 121
    clock.now += 9  # 70: the late answer's window passes
    assert pacer.reserve() == (-1, 51.0)


def test_a_failed_request_keeps_its_place() -> None:
    """Without an answer we cannot know whether it was counted: it was, to be safe."""
    clock = Clock()
    pacer = Pacer(window=60, clock=clock)
    pacer.answered(go(pacer), headers(2, 0))
    pacer.answered(go(pacer), None)
    assert pacer.budget().available == 0


# -- against the server, its limiter on --------------------------------------------------------


class Statuses(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[int] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        self.seen.append(response.status_code)
        return response


LIMIT, WINDOW = 5, 2


def paced(url: str, statuses: Statuses, rate_limit: bool = True) -> Client:
    """A client that may not retry (a 429 would raise) and knows the server's window."""
    return Client(
        USER_AGENT,
        base_url=url,
        retries=0,
        rate_limit=rate_limit,
        rate_limit_window=WINDOW,
        transport=statuses,
    )


@pytest.mark.slow
def test_a_steady_load_is_paced_without_a_429(empty_storage: Storage) -> None:
    """15 requests at once-a-loop against 5 per 2-second moving window: the client waits for
    places and never hears 429 (it may not retry: retries=0 would raise RateLimited)."""
    statuses = Statuses()
    server = serve_limited(empty_storage, ratelimit_anonymous=LIMIT, ratelimit_window=WINDOW)
    with server as url, paced(url, statuses) as discogs:
        started = time.monotonic()
        for _ in range(15):
            discogs.service()
        elapsed = time.monotonic() - started
        budget = discogs.rate_limit_budget
    assert statuses.seen == [200] * 15
    assert elapsed >= 2 * WINDOW - 0.5  # 15 requests take three windows' places
    assert budget.limit == LIMIT


class LateAnswers(httpx.AsyncHTTPTransport):
    """Holds some answers back after the server sent them, the delays taken in turn: on a
    loaded machine an answer can reach the client long after its request was counted."""

    def __init__(self, delays: tuple[float, ...]) -> None:
        super().__init__()
        self.delays = itertools.cycle(delays)
        self.seen: list[int] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        await response.aread()
        self.seen.append(response.status_code)
        await asyncio.sleep(next(self.delays))
        return response


@pytest.mark.slow
@pytest.mark.parametrize("delays", [(0.0,), (0.0, 0.2, 0.4, 0.6, 0.8)], ids=["prompt", "late"])
def test_concurrent_async_requests_are_paced_without_a_429(
    empty_storage: Storage, delays: tuple[float, ...]
) -> None:
    """12 requests at once against 5 per 2-second window, answered promptly or some of them
    late (as under load, where this once met a 429: the pacer took a late answer's window
    for one the server's report had counted)."""
    transport = LateAnswers(delays)

    async def load(url: str) -> list[str]:
        async with AsyncClient(
            USER_AGENT, base_url=url, retries=0, rate_limit_window=WINDOW, transport=transport
        ) as discogs:
            answers = await asyncio.gather(*(discogs.service() for _ in range(12)))
            return [answer.api_version for answer in answers]

    with serve_limited(empty_storage, ratelimit_anonymous=LIMIT, ratelimit_window=WINDOW) as url:
        assert asyncio.run(load(url)) == ["v2"] * 12
    assert transport.seen == [200] * 12


@pytest.mark.slow
def test_without_pacing_the_same_load_meets_429(empty_storage: Storage) -> None:
    """The control: the same load with pacing off is refused, so the tests above prove it."""
    statuses = Statuses()
    server = serve_limited(empty_storage, ratelimit_anonymous=LIMIT, ratelimit_window=WINDOW)
    with server as url, paced(url, statuses, rate_limit=False) as discogs:
        for _ in range(8):
            with contextlib.suppress(RateLimited):
                discogs.service()
    assert 429 in statuses.seen


def test_concurrent_requests_may_have_reached_the_server_in_any_order() -> None:
    """Three requests in flight together; the last sent is answered first, saying 1 was
    used before it: the other two may have been counted after it, so they are held as
    taken (limit 5: 5 - 1 used - itself - the two others = 1 place, not 3)."""
    clock = Clock()
    pacer = Pacer(window=60, clock=clock)
    pacer.answered(go(pacer), headers(5, 0))
    first, second, third = go(pacer), go(pacer), go(pacer)
    pacer.answered(third, headers(5, 1))
    assert pacer.budget().available == 1
    pacer.answered(first, headers(5, 2))
    pacer.answered(second, headers(5, 3))
    assert pacer.budget().available == 1


def test_pacing_off_keeps_no_history() -> None:
    clock = Clock()
    pacer = Pacer(enabled=False, window=60, clock=clock)
    for _ in range(1000):
        pacer.answered(go(pacer), headers(25, 0))
    assert len(pacer._slots) <= 2  # the last report's request and the newest
