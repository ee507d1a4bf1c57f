"""A user's contributions to and submissions of the catalogue.

This server edits no catalogue: its users contribute nothing and submit nothing, so both
lists are empty, in the shapes the API gives them (docs/seed-spec-deviations.md, D36):
``{"pagination", "contributions": []}`` and ``{"pagination", "submissions": {"releases":
[], "artists": [], "labels": []}}`` (the order of discogs4s's recorded answer). The
parameters are checked as the API's: an unknown user is a 404, an unknown sort a 422, a page
past the (first and only) page a 404.
"""

from __future__ import annotations

from typing import Any

from discogs_service.accounts.service import Accounts
from discogs_service.services.paging import PageOf, PageRequest, page_of
from discogs_service.services.users import find_user

# The contributions' sorts (head spec, developer docs).
SORTS = ("label", "artist", "title", "catno", "format", "rating", "year", "added")
SUBMISSION_KINDS = ("releases", "artists", "labels")


def contributions(accounts: Accounts, username: str, request: PageRequest) -> PageOf[Any]:
    """The releases the user added or edited (sorted as asked: nothing to sort)."""
    find_user(accounts, username)
    return page_of([], request, 0)


def submissions(
    accounts: Accounts, username: str, request: PageRequest
) -> tuple[PageOf[Any], dict[str, list[Any]]]:
    """The page, and the user's submissions of each kind on it."""
    find_user(accounts, username)
    return page_of([], request, 0), {kind: [] for kind in SUBMISSION_KINDS}
