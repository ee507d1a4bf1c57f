"""The community's figures (``services.community``) are never shared between answers that
callers may change."""

from __future__ import annotations

from discogs_service.services import community
from discogs_service.storage.community import NOBODY


def test_each_list_item_gets_figures_of_its_own() -> None:
    first, second = community.list_item_community(NOBODY), community.list_item_community(NOBODY)
    first["in_wantlist"] = 1
    assert second == {"in_wantlist": 0, "in_collection": 0}
    assert community.caller_stats({}) is not community.caller_stats({})


def test_a_rating_answer_does_not_share_nobodys_rating() -> None:
    answer = community.release_rating(5, NOBODY)
    answer["rating"]["count"] = 9
    assert community.release_rating(5, NOBODY) == {
        "release_id": 5,
        "rating": {"count": 0, "average": 0.0},
    }


def test_stats_answer_both_eras_keys() -> None:
    assert community.release_stats(NOBODY) == {
        "num_have": 0,
        "num_want": 0,
        "is_offensive": False,
    }
