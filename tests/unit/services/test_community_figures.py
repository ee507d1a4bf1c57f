"""The shapes and arithmetic of the community figures (``services.community``)."""

from __future__ import annotations

import msgspec
import pytest

from discogs_service.services import community
from discogs_service.storage.community import NOBODY, Figures


@pytest.mark.parametrize(
    ("count", "total", "average"),
    [(0, 0, 0.0), (1, 5, 5.0), (2, 9, 4.5), (3, 11, 3.67), (3, 7, 2.33), (25, 101, 4.04)],
)
def test_the_average_is_rounded_to_two_decimals(count: int, total: int, average: float) -> None:
    assert community.average(count, total) == average
    assert isinstance(community.average(count, total), float)


def test_the_release_documents_members_in_the_live_order() -> None:
    members = community.release_members(Figures(have=3, want=2, rating_count=2, rating_total=9))
    parsed = msgspec.json.decode(b"{" + members.rstrip(b",") + b"}")
    assert list(parsed) == ["have", "want", "rating", "submitter", "contributors"]
    assert parsed == {
        "have": 3,
        "want": 2,
        "rating": {"count": 2, "average": 4.5},
        "submitter": {"username": "", "resource_url": ""},
        "contributors": [],
    }
    # Nobody's figures: the same bytes as a row of zeros, whichever way they were read.
    assert community.release_members(NOBODY) == community.release_members(Figures(0, 0, 0, 0))


def test_the_rating_and_stats_answers() -> None:
    figures = Figures(have=4, want=1, rating_count=2, rating_total=7)
    rating = community.release_rating(9, figures)
    assert list(rating) == ["release_id", "rating"]
    assert rating == {"release_id": 9, "rating": {"count": 2, "average": 3.5}}
    stats = community.release_stats(figures)
    assert stats == {"num_have": 4, "num_want": 1, "is_offensive": False}


def test_search_values() -> None:
    assert msgspec.json.decode(community.search_user_data(None)) == {
        "in_wantlist": False,
        "in_collection": False,
    }
    own = community.search_user_data({"in_wantlist": 1, "in_collection": 2})
    assert msgspec.json.decode(own) == {"in_wantlist": True, "in_collection": True}
    shown = community.search_community(Figures(have=5, want=6))
    assert msgspec.json.decode(shown) == {"want": 6, "have": 5}
    assert list(msgspec.json.decode(community.search_community(NOBODY))) == ["want", "have"]


def test_list_and_profile_values() -> None:
    assert community.list_item_community(Figures(have=2, want=7)) == {
        "in_wantlist": 7,
        "in_collection": 2,
    }
    assert community.caller_stats({"in_wantlist": 1}) == {"in_wantlist": 1, "in_collection": 0}
    assert community.profile_figures({"releases_rated": 3, "rating_total": 13}) == {
        "releases_rated": 3,
        "rating_avg": 4.33,
    }
    assert community.owner_counts({"num_wantlist": 4}) == {"num_collection": 0, "num_wantlist": 4}
