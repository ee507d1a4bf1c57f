"""The community's figures (``services.community``): zero until users keep collections, in the
live API's shapes, and never shared between answers that callers may change."""

from __future__ import annotations

from discogs_service.services import community


def test_each_list_item_gets_figures_of_its_own() -> None:
    first, second = community.list_item_community(), community.list_item_community()
    first["in_wantlist"] = 1
    assert second == {"in_wantlist": 0, "in_collection": 0}
    assert community.caller_stats() is not community.caller_stats()


def test_a_rating_answer_does_not_share_the_empty_rating() -> None:
    answer = community.release_rating(5)
    answer["rating"]["count"] = 9
    assert community.release_rating(5) == {"rating": {"count": 0, "average": 0}, "release_id": 5}


def test_stats_answer_both_eras_keys() -> None:
    assert community.release_stats() == {"num_have": 0, "num_want": 0, "is_offensive": False}
