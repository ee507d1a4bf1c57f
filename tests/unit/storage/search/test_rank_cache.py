"""The scores a process keeps per query (``storage.search.rank_cache``)."""

from __future__ import annotations

from pyroaring import BitMap

from discogs_service.storage.search.rank_cache import SCORE_BYTES, RankCache


class _Written:
    """Changes between two versions: only which entries were written matters here."""

    def __init__(self, *keys: int) -> None:
        self.keys = BitMap(keys)

    def matching(self, word: object) -> list[int]:
        return []


def test_scores_hold_at_later_versions_for_the_entries_not_written_since() -> None:
    ranks = RankCache(1 << 20)
    ranks.keep("back", 3, {1: 0.5, 2: 0.25, 3: 0.125})
    assert ranks.known("back", 3, None) == {1: 0.5, 2: 0.25, 3: 0.125}
    assert ranks.known("back", 5, _Written(2, 9)) == {1: 0.5, 3: 0.125}
    assert ranks.known("back", 5, None) == {}  # the changes unknown
    assert ranks.known("back", 2, _Written()) == {}  # an older version
    assert ranks.known("black", 3, None) == {}


def test_scores_of_an_older_version_do_not_replace_newer_ones() -> None:
    ranks = RankCache(1 << 20)
    ranks.keep("back", 5, {1: 0.5})
    ranks.keep("back", 4, {1: 0.75, 2: 0.25})
    assert ranks.version_of("back") == 5 and ranks.known("back", 5, None) == {1: 0.5}
    assert ranks.scores == 1


def test_beyond_the_budget_the_least_recently_used_query_goes_first() -> None:
    ranks = RankCache(4 * SCORE_BYTES)
    ranks.keep("back", 1, {1: 0.5, 2: 0.25})
    ranks.keep("black", 1, {3: 0.5})
    assert ranks.known("back", 1, None)  # used: "black" is now the older
    ranks.keep("blue", 1, {4: 0.5, 5: 0.25})
    assert ranks.version_of("black") is None
    assert ranks.version_of("back") == ranks.version_of("blue") == 1
    assert ranks.scores == 4
