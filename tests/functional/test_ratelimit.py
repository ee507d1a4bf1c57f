"""Rate limiting over real HTTP, in memory (the default): the three headers with their exact
figures on every answer, 429 at the limit, the moving window, the two tiers, switched off,
and the client address behind trusted proxies (X-Forwarded-For).

Windows are one to a few seconds; every test has a server of its own. The authenticated tier
uses the app's Authenticator seam configured with one test token (``TestTokens``).
"""

from __future__ import annotations

import time

import httpx
import pytest

from discogs_service.storage import Storage
from tests.conftest import USER_AGENT
from tests.ratelimit_support import BAD_TOKEN, BROKEN_TOKEN, GOOD_TOKEN, serve_limited

TOO_FAST = b'{"message": "You are making requests too quickly."}'


def figures(response: httpx.Response) -> tuple[int, int, int]:
    """(X-Discogs-Ratelimit, -Used, -Remaining)"""
    headers = response.headers
    return (
        int(headers["X-Discogs-Ratelimit"]),
        int(headers["X-Discogs-Ratelimit-Used"]),
        int(headers["X-Discogs-Ratelimit-Remaining"]),
    )


def client(url: str, **headers: str) -> httpx.Client:
    return httpx.Client(base_url=url, headers={"User-Agent": USER_AGENT, **headers})


def test_the_headers_count_down_and_the_request_over_the_limit_gets_429(
    empty_storage: Storage,
) -> None:
    with serve_limited(empty_storage, ratelimit_anonymous=3) as url, client(url) as http:
        answers = [http.get("/") for _ in range(5)]
    # They lag by one, as on the live API: the first answer of a window says "0 used".
    assert [(a.status_code, figures(a)) for a in answers] == [
        (200, (3, 0, 3)),
        (200, (3, 1, 2)),
        (200, (3, 2, 1)),
        (429, (3, 3, 0)),
        (429, (3, 3, 0)),  # a refused request is not counted
    ]
    refused = answers[3]
    assert refused.content == TOO_FAST
    assert refused.headers["content-type"] == "application/json"
    assert refused.headers["x-discogs-media-type"] == "discogs.v2"
    assert "retry-after" not in refused.headers  # the live API sends none


def test_every_answer_carries_the_headers_errors_included(empty_storage: Storage) -> None:
    with (
        serve_limited(empty_storage, ratelimit_anonymous=5, ratelimit_authenticated=9) as url,
        client(url) as http,
    ):
        anonymous = [
            http.get("/"),  # 200
            http.get("/releases/1"),  # 404, an unknown release
            http.get("/no/such/path"),  # 404, an unknown path
            http.put("/releases/1"),  # 405
            http.get("/", headers={"User-Agent": ""}),  # 403, no User-Agent
            http.get("/"),  # 429
        ]
        # Credentials that fail are counted in the higher tier: the live API reports 60
        # for an invalid token.
        with_credentials = [
            http.get("/", headers={"Authorization": BAD_TOKEN}),  # 401
            http.get("/", headers={"Authorization": BROKEN_TOKEN}),  # 500
            http.get("/", headers={"Authorization": GOOD_TOKEN}),  # 200
        ]
    assert [(a.status_code, figures(a)) for a in anonymous] == [
        (200, (5, 0, 5)),
        (404, (5, 1, 4)),
        (404, (5, 2, 3)),
        (405, (5, 3, 2)),
        (403, (5, 4, 1)),
        (429, (5, 5, 0)),
    ]
    assert [(a.status_code, figures(a)) for a in with_credentials] == [
        (401, (9, 0, 9)),
        (500, (9, 1, 8)),
        (200, (9, 2, 7)),
    ]
    for answer in anonymous + with_credentials:
        assert answer.json()  # still the API's JSON


def test_the_window_resets_when_no_request_was_counted_in_it(empty_storage: Storage) -> None:
    with (
        serve_limited(empty_storage, ratelimit_anonymous=2, ratelimit_window=1) as url,
        client(url) as http,
    ):
        first = [http.get("/").status_code for _ in range(3)]
        time.sleep(1.2)
        again = http.get("/")
    assert first == [200, 200, 429]
    assert (again.status_code, figures(again)) == (200, (2, 0, 2))


def test_the_window_moves_with_each_request(empty_storage: Storage) -> None:
    """Not a fixed minute: a place comes free when the request that took it is a window old."""
    with (
        serve_limited(empty_storage, ratelimit_anonymous=2, ratelimit_window=3) as url,
        client(url) as http,
    ):
        started = time.monotonic()
        a = http.get("/")
        time.sleep(1.5)
        b = http.get("/")
        c = http.get("/")
        time.sleep(max(0.0, started + 3.4 - time.monotonic()))
        d = http.get("/")  # a's place is free, b still holds one until 4.5 s
        e = http.get("/")
    statuses = [(r.status_code, figures(r)) for r in (a, b, c, d, e)]
    assert statuses == [
        (200, (2, 0, 2)),
        (200, (2, 1, 1)),
        (429, (2, 2, 0)),
        (200, (2, 1, 1)),
        (429, (2, 2, 0)),
    ]


def test_authenticated_callers_have_the_higher_limit_and_a_count_of_their_own(
    empty_storage: Storage,
) -> None:
    with (
        serve_limited(empty_storage, ratelimit_anonymous=2, ratelimit_authenticated=4) as url,
        client(url) as anonymous,
        client(url, Authorization=GOOD_TOKEN) as user,
        client(url, Authorization=BAD_TOKEN) as impostor,
    ):
        anonymous_answers = [anonymous.get("/") for _ in range(3)]
        user_answers = [user.get("/") for _ in range(5)]
        # The authenticated tier of this address is used up: bad credentials get 429 too.
        impostor_answer = impostor.get("/")
    assert [(a.status_code, figures(a)) for a in anonymous_answers] == [
        (200, (2, 0, 2)),
        (200, (2, 1, 1)),
        (429, (2, 2, 0)),
    ]
    assert [(a.status_code, figures(a)) for a in user_answers] == [
        (200, (4, 0, 4)),
        (200, (4, 1, 3)),
        (200, (4, 2, 2)),
        (200, (4, 3, 1)),
        (429, (4, 4, 0)),
    ]
    assert (impostor_answer.status_code, figures(impostor_answer)) == (429, (4, 4, 0))


def test_the_default_policy_is_the_live_apis(empty_storage: Storage) -> None:
    with (
        serve_limited(empty_storage) as url,
        client(url) as anonymous,
        client(url, Authorization=GOOD_TOKEN) as user,
    ):
        answers = [anonymous.get("/") for _ in range(26)]
        authenticated = user.get("/")
    assert [a.status_code for a in answers] == [200] * 25 + [429]
    assert figures(answers[0]) == (25, 0, 25)
    assert figures(answers[24]) == (25, 24, 1)
    assert figures(authenticated) == (60, 0, 60)


def test_switched_off_nothing_is_refused_and_the_headers_are_still_sent(
    empty_storage: Storage,
) -> None:
    with (
        serve_limited(empty_storage, ratelimit_enabled=False, ratelimit_anonymous=2) as url,
        client(url) as http,
        client(url, Authorization=GOOD_TOKEN) as user,
    ):
        answers = [http.get("/") for _ in range(10)]
        user_answer = user.get("/")
    assert {(a.status_code, figures(a)) for a in answers} == {(200, (2, 0, 2))}
    assert figures(user_answer) == (60, 0, 60)


# -- the client address -----------------------------------------------------------------------


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_count(
    empty_storage: Storage,
) -> None:
    with (
        serve_limited(empty_storage, ratelimit_anonymous=2, trusted_proxies=("127.0.0.1",)) as url,
        client(url) as http,
    ):

        def status(forwarded_for: str) -> int:
            return http.get("/", headers={"X-Forwarded-For": forwarded_for}).status_code

        first = [status("203.0.113.1") for _ in range(3)]
        second = [status("203.0.113.2") for _ in range(2)]
        # A client cannot pick a fresh address by sending its own header: the proxy appends
        # the address it saw, and the rightmost address that is not a trusted proxy counts.
        spoofed = [status("198.51.100.99, 203.0.113.1"), status("198.51.100.98,203.0.113.1")]
        # IPv6, written in different ways by different proxies, is one client.
        v6 = [status("2001:db8::1"), status("[2001:db8:0::1]:4711"), status("2001:DB8::0:1")]
    assert first == [200, 200, 429]
    assert second == [200, 200]
    assert spoofed == [429, 429]
    assert v6 == [200, 200, 429]


def test_a_chain_of_trusted_proxies_is_skipped(empty_storage: Storage) -> None:
    proxies = ("127.0.0.0/8", "10.0.0.0/8")
    with (
        serve_limited(empty_storage, ratelimit_anonymous=1, trusted_proxies=proxies) as url,
        client(url) as http,
    ):

        def status(forwarded_for: str) -> int:
            return http.get("/", headers={"X-Forwarded-For": forwarded_for}).status_code

        # client -> 10.1.1.1 (edge) -> 10.2.2.2 (internal) -> 127.0.0.1 (local) -> us
        via_chain = [status("203.0.113.7, 10.1.1.1, 10.2.2.2"), status("203.0.113.7, 10.9.9.9")]
        # Two headers are one list, in order.
        two_headers = http.get(
            "/", headers=[("X-Forwarded-For", "203.0.113.8"), ("X-Forwarded-For", "10.1.1.1")]
        ).status_code
        again = status("203.0.113.8")
    assert via_chain == [200, 429]
    assert (two_headers, again) == (200, 429)


def test_forwarded_for_is_ignored_from_a_peer_that_is_not_a_trusted_proxy(
    empty_storage: Storage,
) -> None:
    with (
        serve_limited(empty_storage, ratelimit_anonymous=2, trusted_proxies=("10.0.0.0/8",)) as url,
        client(url) as http,
    ):
        statuses = [
            http.get("/", headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
            for n in range(3)
        ]
    assert statuses == [200, 200, 429]  # all counted against the peer, 127.0.0.1


def test_without_trusted_proxies_forwarded_for_changes_nothing(empty_storage: Storage) -> None:
    with serve_limited(empty_storage, ratelimit_anonymous=2) as url, client(url) as http:
        statuses = [
            http.get("/", headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
            for n in range(3)
        ]
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize("garbage", ["unknown", "not-an-address", "", "_hidden"])
def test_an_unreadable_forwarded_address_counts_against_the_nearest_readable_hop(
    empty_storage: Storage, garbage: str
) -> None:
    proxies = ("127.0.0.1", "10.0.0.0/8")
    with (
        serve_limited(empty_storage, ratelimit_anonymous=1, trusted_proxies=proxies) as url,
        client(url) as http,
    ):

        def status(forwarded_for: str | None) -> int:
            headers = {} if forwarded_for is None else {"X-Forwarded-For": forwarded_for}
            return http.get("/", headers=headers).status_code

        behind_inner_proxy = [status(f"{garbage}, 10.1.1.1"), status("10.1.1.1")]
        behind_us = [status(garbage), status(None)]  # the peer, 127.0.0.1
    assert behind_inner_proxy == [200, 429]
    assert behind_us == [200, 429]
