"""The results a process keeps rendered (storage.search.results.RenderedResults): by the
bytes they were rendered from, the least recently used let go beyond the budget."""

from __future__ import annotations

from discogs_service.storage.search.results import RenderedResults

OVERHEAD = RenderedResults.OVERHEAD


def test_a_result_is_found_by_the_very_bytes_it_was_rendered_from() -> None:
    kept = RenderedResults(budget=10_000)
    kept.keep((b"facts", None), b"result")
    kept.keep((b"facts", b"main"), b"master result")
    assert kept.get((b"facts", None)) == b"result"
    assert kept.get((b"facts", b"main")) == b"master result"
    assert kept.get((b"facts", b"other main")) is None
    assert kept.get((b"other facts", None)) is None


def test_the_least_recently_used_results_go_beyond_the_budget() -> None:
    size = 10 + 10 + OVERHEAD  # facts, result, overhead
    kept = RenderedResults(budget=3 * size)
    for name in (b"a", b"b", b"c"):
        kept.keep((name * 10, None), name * 10)
    assert kept.get((b"a" * 10, None)) == b"a" * 10  # now the most recently used
    kept.keep((b"d" * 10, None), b"d" * 10)
    assert kept.get((b"b" * 10, None)) is None
    assert [kept.get((n * 10, None)) for n in (b"a", b"c", b"d")] == [
        b"a" * 10,
        b"c" * 10,
        b"d" * 10,
    ]
    assert len(kept) == 3
    assert kept.size == 3 * size


def test_a_result_kept_twice_counts_once() -> None:
    kept = RenderedResults(budget=10_000)
    kept.keep((b"facts", None), b"result")
    kept.keep((b"facts", None), b"result")
    assert len(kept) == 1
    assert kept.size == len(b"facts") + len(b"result") + OVERHEAD
