"""A user's rating of a release: ``/releases/{release_id}/rating/{username}``.

Anyone reads it (0: not rated); only the user changes it. The key orders are the live
API's (DAC 2026): ``release_id, username, rating`` when read, ``release_id, rating,
username`` when set. A rating is 1 to 5 (developer docs); a PUT outside that range is a 422
(docs/seed-spec-deviations.md, D31). The release is checked first, then the user, as the path
names them; a release an import removed while users' rows named it still counts as one
(docs/user-data.md, "Rows that outlive the catalogue").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from discogs_service.accounts.identity import Identity
from discogs_service.accounts.service import Accounts
from discogs_service.errors import InvalidParameter, ReleaseStatsNotFound
from discogs_service.services.access import require_owner
from discogs_service.services.users import find_user
from discogs_service.storage.accounts import UserRow
from discogs_service.storage.catalogue import CatalogueReader
from discogs_service.storage.ratings import RatingStore

FIELDS = ("rating",)


def user_rating(
    accounts: Accounts,
    catalogue: CatalogueReader,
    ratings: RatingStore,
    release_id: int,
    username: str,
) -> dict[str, Any]:
    user = _user_of_release(accounts, catalogue, release_id, username)
    rating = ratings.rating(user.id, release_id)
    return {"release_id": release_id, "username": user.username, "rating": rating}


def rate(
    accounts: Accounts,
    catalogue: CatalogueReader,
    ratings: RatingStore,
    release_id: int,
    username: str,
    viewer: Identity,
    fields: Mapping[str, object],
) -> dict[str, Any]:
    """``PUT``: the owner rates the release 1..5."""
    user = _user_of_release(accounts, catalogue, release_id, username)
    require_owner(viewer, user.username)
    rating = rating_value(fields.get("rating"), lowest=1)
    if rating is None:
        raise InvalidParameter("rating", "an integer from 1 to 5")
    ratings.rate(user.id, release_id, rating)
    return {"release_id": release_id, "rating": rating, "username": user.username}


def withdraw(
    accounts: Accounts,
    catalogue: CatalogueReader,
    ratings: RatingStore,
    release_id: int,
    username: str,
    viewer: Identity,
) -> None:
    """``DELETE``: the owner's rating is withdrawn; none to withdraw is no error (live)."""
    user = _user_of_release(accounts, catalogue, release_id, username)
    require_owner(viewer, user.username)
    ratings.rate(user.id, release_id, 0)


def rating_value(value: object, *, lowest: int) -> int | None:
    """A rating from a JSON number, or the text of a form or query; None when not given.
    ``lowest`` is 0 where 0 withdraws the rating, 1 where only a rating may be given."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and lowest <= value <= 5:
        return value
    raise InvalidParameter("rating", f"an integer from {lowest} to 5")


def _user_of_release(
    accounts: Accounts, catalogue: CatalogueReader, release_id: int, username: str
) -> UserRow:
    # A release an import removed while users' rows named it is still theirs to rate.
    if not catalogue.release_is_known(release_id):
        raise ReleaseStatsNotFound()
    return find_user(accounts, username)
