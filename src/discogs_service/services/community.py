"""What the community and each user keep of the catalogue: who has and wants a release, its
ratings, a user's own collection and wantlist figures - every such figure any answer shows,
in the shape and order the live API gives it where it appears.

The figures are live: the community's come from ``release_community`` (kept exact by every
change to the rows they count, ``storage.community.recount``), a user's own from their rows
(``storage.community.USER_RELEASES`` and ``USER_COUNTS``, which each table of users' data
fills in). A master's figures are its versions' summed (docs/user-data.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from discogs_service import documents
from discogs_service.accounts.identity import Identity
from discogs_service.storage.community import NOBODY, CommunityStore, Figures

# The dumps do not say who submitted or edited a release, and this server edits no catalogue:
# the community's submitter is a user without a name, its contributors nobody
# (docs/seed-spec-deviations.md, D30). python3-discogs-client reads the submitter as a user
# object, which needs a username.
NO_SUBMITTER = {"username": "", "resource_url": ""}

# A user's own figures that search results and list items show, in the API's order.
OWN_FIGURES = ("in_wantlist", "in_collection")


def average(count: int, total: int) -> float:
    """The mean of ``count`` ratings summing to ``total``, rounded to two decimals as the API
    writes it (4.04, 4.19, 3.65; 0.0 when nobody rated)."""
    return round(total / count, 2) if count else 0.0


def rating(figures: Figures) -> dict[str, Any]:
    return {
        "count": figures.rating_count,
        "average": average(figures.rating_count, figures.rating_total),
    }


def _release_members(figures: Figures) -> bytes:
    return documents.members(
        have=figures.have,
        want=figures.want,
        rating=rating(figures),
        submitter=NO_SUBMITTER,
        contributors=[],
    )


_NOBODYS_MEMBERS = _release_members(NOBODY)


def release_members(figures: Figures) -> bytes:
    """A release document's served community members: have, want, rating, submitter and
    contributors (data_quality and status follow from the stored document)."""
    if figures is NOBODY or figures == NOBODY:  # most releases: no row, or one of zeros
        return _NOBODYS_MEMBERS
    return _release_members(figures)


def release_rating(release_id: int, figures: Figures) -> dict[str, Any]:
    """``/releases/{id}/rating``, in the key order of the recorded answers (discogs4s)."""
    return {"release_id": release_id, "rating": rating(figures)}


def release_stats(figures: Figures) -> dict[str, Any]:
    """``/releases/{id}/stats``. The 2014 docs answer num_have/num_want, the live API
    is_offensive; clients of either era read their own keys, so both are given."""
    return {"num_have": figures.have, "num_want": figures.want, "is_offensive": False}


# -- search results -----------------------------------------------------------------------------

_NOT_MINE = documents.encode_value({"in_wantlist": False, "in_collection": False})
_NOBODYS_SEARCH = documents.encode_value({"want": 0, "have": 0})


def search_user_data(own: Mapping[str, int] | None) -> bytes:
    """A search result's ``user_data``: whether the signed-in caller wants and has it."""
    if not own:
        return _NOT_MINE
    return documents.encode_value({name: bool(own.get(name)) for name in OWN_FIGURES})


def search_community(figures: Figures) -> bytes:
    if figures == NOBODY:
        return _NOBODYS_SEARCH
    return documents.encode_value({"want": figures.want, "have": figures.have})


# -- release lists (an artist's, a label's, a master's versions) --------------------------------


def list_item_community(figures: Figures) -> dict[str, int]:
    """``stats.community`` of a release (or master) in a list."""
    return {"in_wantlist": figures.want, "in_collection": figures.have}


def caller_stats(own: Mapping[str, int]) -> dict[str, int]:
    """``stats.user``: the signed-in caller's own figures for a release in such a list."""
    return {name: own.get(name, 0) for name in OWN_FIGURES}


class Lookup:
    """The figures of a page of releases and masters, read in a few queries: the community's,
    and the viewer's own when the viewer is a user."""

    def __init__(
        self,
        store: CommunityStore,
        viewer: Identity,
        release_ids: Sequence[int],
        master_ids: Sequence[int] = (),
    ) -> None:
        self.releases, self.masters = store.of_page(release_ids, master_ids)
        self.user = viewer.user_id
        self.own_releases: dict[str, dict[int, int]] = {}
        self.own_masters: dict[str, dict[int, int]] = {}
        if self.user is not None:
            self.own_releases = store.own_releases(self.user, release_ids) if release_ids else {}
            self.own_masters = store.own_masters(self.user, master_ids) if master_ids else {}

    def figures(self, entity_id: int, *, master: bool = False) -> Figures:
        return (self.masters if master else self.releases).get(entity_id, NOBODY)

    def own(self, entity_id: int, *, master: bool = False) -> dict[str, int] | None:
        """The viewer's own figures; None for a viewer who is no user."""
        if self.user is None:
            return None
        own = self.own_masters if master else self.own_releases
        return {name: own.get(name, {}).get(entity_id, 0) for name in OWN_FIGURES}

    def stats(self, entity_id: int, *, master: bool = False) -> dict[str, Any]:
        """A list item's ``stats``: the community's figures, and the viewer's own beside them
        when the viewer is a user, as the live API gives them (go-discogs recordings, 2022:
        ``"stats": {"community": {...}, "user": {"in_wantlist": 0, "in_collection": 0}}``)."""
        stats: dict[str, Any] = {
            "community": list_item_community(self.figures(entity_id, master=master))
        }
        own = self.own(entity_id, master=master)
        if own is not None:
            stats["user"] = caller_stats(own)
        return stats


def with_stats(
    store: CommunityStore, viewer: Identity, items: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Release-list items (``type`` master or release; none: release) with their ``stats``."""
    masters = [item["id"] for item in items if item.get("type") == "master"]
    releases = [item["id"] for item in items if item.get("type") != "master"]
    lookup = Lookup(store, viewer, releases, masters)
    for item in items:
        item["stats"] = lookup.stats(item["id"], master=item.get("type") == "master")
    return items


# -- profiles -------------------------------------------------------------------------------------


def profile_figures(counts: Mapping[str, int]) -> dict[str, Any]:
    """The public figures of a profile a user's own rows make."""
    rated = counts.get("releases_rated", 0)
    return {
        "releases_rated": rated,
        "rating_avg": average(rated, counts.get("rating_total", 0)),
    }


def owner_counts(counts: Mapping[str, int]) -> dict[str, int]:
    """A profile's figures only its owner sees: the size of their collection and wantlist."""
    return {name: counts.get(name, 0) for name in ("num_collection", "num_wantlist")}
