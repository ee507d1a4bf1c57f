"""What the community and each user keep of the catalogue: who has and wants a release, its
ratings, a user's own collection and wantlist figures.

This server keeps no collections, wantlists or ratings yet, so every figure is zero, and each
answer that shows one asks here: when users' own data arrives, these become live values in
one place. Every value is given in the shape and order the live API uses where it appears.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from discogs_service import documents

NO_RATING = {"count": 0, "average": 0}

# A release document's community members (a served slot): have, want and the rating first.
RELEASE_COMMUNITY = documents.members(have=0, want=0, rating=NO_RATING)

# A search result's served slots, in order: the caller's user_data, then the community
# (releases and masters only).
SEARCH_USER_DATA = documents.encode_value({"in_wantlist": False, "in_collection": False})
SEARCH_COMMUNITY = documents.encode_value({"want": 0, "have": 0})


def list_item_community() -> dict[str, int]:
    """``stats.community`` of a release in an artist's or label's list or a master's
    versions (a new dict for each item: the caller may add to the item's stats)."""
    return {"in_wantlist": 0, "in_collection": 0}


def caller_stats() -> dict[str, int]:
    """``stats.user``: the signed-in caller's own figures for a release in such a list."""
    return {"in_wantlist": 0, "in_collection": 0}


def release_rating(release_id: int) -> dict[str, Any]:
    """``/releases/{id}/rating``: the community's rating of a release."""
    return {"rating": dict(NO_RATING), "release_id": release_id}


def release_stats() -> dict[str, Any]:
    """``/releases/{id}/stats``. The 2014 docs answer num_have/num_want, the live API
    is_offensive; clients of either era read their own keys, so both are given."""
    return {"num_have": 0, "num_want": 0, "is_offensive": False}


def owner_counts(figures: Mapping[str, int]) -> dict[str, int]:
    """A profile's figures only its owner sees: the size of their collection and wantlist,
    from what ``storage.community.owner_figures`` counted (a figure nobody counts yet: 0)."""
    return {
        "num_collection": figures.get("num_collection", 0),
        "num_wantlist": figures.get("num_wantlist", 0),
    }
