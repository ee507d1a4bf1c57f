"""Rate limiting across server processes, as deployed: ``discogs-service serve`` processes
configured only through ``DISCOGS_*`` variables.

Two processes sharing Redis keep one count: together they never let more than the limit
through, and every answer's headers agree with that count. A Redis that goes away makes the
limiter fail open - requests pass, the operator is told on the server's output - and when the
same Redis answers again the limiter counts and refuses again; one that hangs costs a request
at most the limiter's timeout. Those tests start a redis-server of their own on a spare port
(``own_redis``); the machine's Redis is only ever used under a key prefix of the test's own.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.conftest import USER_AGENT
from tests.ratelimit_support import OwnRedis, ServerProcess, redis_keys

HEADERS = {"User-Agent": USER_AGENT}


def figures(response: httpx.Response) -> tuple[int, int, int]:
    """(X-Discogs-Ratelimit, -Used, -Remaining)"""
    headers = response.headers
    return (
        int(headers["X-Discogs-Ratelimit"]),
        int(headers["X-Discogs-Ratelimit-Used"]),
        int(headers["X-Discogs-Ratelimit-Remaining"]),
    )


def answer(url: str) -> tuple[int, tuple[int, int, int]]:
    response = httpx.get(url + "/", headers=HEADERS, timeout=10)
    return response.status_code, figures(response)


def test_two_processes_sharing_redis_never_let_more_than_the_limit_through(
    tmp_path: Path, small_catalogue: str, redis_url: str, redis_prefix: str
) -> None:
    limit = 20
    settings = {
        "redis_url": redis_url,
        "ratelimit_redis_prefix": redis_prefix,
        "ratelimit_anonymous": str(limit),
        "ratelimit_window": "30",
    }
    with (
        ServerProcess(tmp_path, small_catalogue, **settings) as first,
        ServerProcess(tmp_path, small_catalogue, **settings) as second,
    ):
        # One after the other, alternating: each process sees the other's requests counted.
        alternating = [answer(server.url) for server in (first, second, first, second)]
        # Then many at once at both, more than the limit has places left.
        urls = [first.url, second.url] * 30
        with ThreadPoolExecutor(max_workers=12) as pool:
            burst = list(pool.map(answer, urls))
        after = [answer(first.url), answer(second.url)]

    assert alternating == [
        (200, (limit, 0, limit)),
        (200, (limit, 1, limit - 1)),
        (200, (limit, 2, limit - 2)),
        (200, (limit, 3, limit - 3)),
    ]
    statuses = [status for status, _ in burst]
    assert statuses.count(200) == limit - len(alternating)  # exactly the places left
    assert statuses.count(429) == len(urls) - (limit - len(alternating))
    for status, (stated_limit, used, remaining) in burst:
        assert stated_limit == limit
        assert remaining == limit - used
        if status == 429:
            assert used == limit
    # Counting and taking a place are one step in Redis: each allowed request saw its own
    # count, so together they read every figure from where the alternating ones stopped.
    used_by_allowed = sorted(used for status, (_, used, _) in burst if status == 200)
    assert used_by_allowed == list(range(len(alternating), limit))
    assert after == [(429, (limit, limit, 0))] * 2
    # One sorted set for the address in Redis, holding exactly the counted requests.
    assert redis_keys(redis_url, redis_prefix)[f"{redis_prefix}:a/127.0.0.1"] == limit


def test_a_redis_that_goes_away_lets_requests_pass_and_the_limiter_recovers_when_it_returns(
    tmp_path: Path, small_catalogue: str, own_redis: OwnRedis
) -> None:
    settings = {"redis_url": own_redis.url, "ratelimit_anonymous": "3", "ratelimit_window": "30"}
    with ServerProcess(tmp_path, small_catalogue, **settings) as server:
        counted = [answer(server.url) for _ in range(2)]

        own_redis.stop()
        while_gone = [answer(server.url) for _ in range(5)]
        failed = server.wait_for_output("rate limiting fails open")

        own_redis.start()  # the same port, empty: it keeps nothing
        time.sleep(1.2)  # the store is tried again a second after the last failure
        after = [answer(server.url) for _ in range(4)]
        recovered = server.wait_for_output("rate limiting counts again")

    assert counted == [(200, (3, 0, 3)), (200, (3, 1, 2))]
    # Uncounted: the headers still tell the limit, with nothing used.
    assert while_gone == [(200, (3, 0, 3))] * 5
    assert f"Redis at {own_redis.url} does not answer (ConnectionError" in failed
    assert failed.count("rate limiting fails open") == 1  # once, not once per request
    assert after == [(200, (3, 0, 3)), (200, (3, 1, 2)), (200, (3, 2, 1)), (429, (3, 3, 0))]
    assert "requests passed uncounted" in recovered.split("rate limiting counts again")[1]


def test_a_redis_that_stops_answering_costs_a_request_at_most_its_timeout(
    tmp_path: Path, small_catalogue: str, own_redis: OwnRedis
) -> None:
    settings = {"redis_url": own_redis.url, "ratelimit_anonymous": "3", "ratelimit_window": "30"}
    with ServerProcess(tmp_path, small_catalogue, **settings) as server:
        counted = answer(server.url)

        own_redis.pause()  # connections stay open, nothing answers
        try:
            started = time.monotonic()
            first_while_hung = answer(server.url)
            waited = time.monotonic() - started
            started = time.monotonic()
            next_while_hung = [answer(server.url) for _ in range(3)]
            waited_next = time.monotonic() - started
            failed = server.wait_for_output("rate limiting fails open")
        finally:
            own_redis.resume()

        time.sleep(1.2)
        after = [answer(server.url) for _ in range(2)]
        server.wait_for_output("rate limiting counts again")

    assert counted == (200, (3, 0, 3))
    assert first_while_hung == (200, (3, 0, 3))
    assert 0.4 < waited < 3  # the limiter's 0.5 s timeout, not a hung request
    # Within a second of the failure the store is not asked again: no more waiting.
    assert next_while_hung == [(200, (3, 0, 3))] * 3
    assert waited_next < 1
    assert "does not answer (TimeoutError" in failed
    # Redis kept its count while paused, and the request that timed out was already sent:
    # Redis runs it when it wakes, so it counts although it passed uncounted. At most one
    # such request per second while Redis hangs (in between the store is not asked).
    assert after == [(200, (3, 2, 1)), (429, (3, 3, 0))]
