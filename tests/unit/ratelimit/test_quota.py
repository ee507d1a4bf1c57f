"""The rate-limit headers' figures (``ratelimit.quota``)."""

from __future__ import annotations

from discogs_service.ratelimit.quota import quota, uncounted


def test_the_headers_figures_lag_by_one_and_never_go_below_zero() -> None:
    first = quota(25, 0, True)
    assert (first.limit, first.used, first.remaining, first.allowed) == (25, 0, 25, True)
    assert dict(first.headers) == {
        "x-discogs-ratelimit": "25",
        "x-discogs-ratelimit-used": "0",
        "x-discogs-ratelimit-remaining": "25",
    }
    lowered = quota(25, 60, False)  # the count of a higher limit, seen under a lower one
    assert dict(lowered.headers)["x-discogs-ratelimit-remaining"] == "0"
    assert uncounted(25) is uncounted(25)  # the answer of every uncounted request: built once
