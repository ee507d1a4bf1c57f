"""``/users/{username}/contributions`` and ``/users/{username}/submissions``: this server
edits no catalogue, so every user has none; the answers keep the API's shapes (developer
docs, discogs4s recordings) and its checks of the parameters (D36)."""

from __future__ import annotations

import pytest

from tests.collectors import Collectors
from tests.functional.support import error_message, link_header

EMPTY_PAGE = {"page": 1, "pages": 1, "per_page": 50, "items": 0, "urls": {}}


def test_a_user_has_no_contributions(collectors: Collectors) -> None:
    for member in (collectors.anonymous, collectors.alice, collectors.bob):
        answer = member.get("/users/alice/contributions")
        assert answer.status_code == 200
        assert list(answer.json()) == ["pagination", "contributions"]
        assert answer.json() == {"pagination": EMPTY_PAGE, "contributions": []}
    assert set(link_header(answer)) == {"first", "last"}


def test_a_user_has_no_submissions(collectors: Collectors) -> None:
    answer = collectors.anonymous.get("/users/bob/submissions")
    assert answer.status_code == 200
    body = answer.json()
    assert list(body) == ["pagination", "submissions"]
    assert body["pagination"] == EMPTY_PAGE
    # The order of discogs4s's recorded answer.
    assert list(body["submissions"]) == ["releases", "artists", "labels"]
    assert body["submissions"] == {"releases": [], "artists": [], "labels": []}


@pytest.mark.parametrize("sort", ["label", "artist", "title", "catno", "format", "rating", "year"])
def test_contributions_take_every_documented_sort(collectors: Collectors, sort: str) -> None:
    for order in ("asc", "desc"):
        answer = collectors.anonymous.get(
            "/users/alice/contributions", params={"sort": sort, "sort_order": order}
        )
        assert answer.status_code == 200
        assert answer.json()["contributions"] == []


def test_unreadable_parameters_are_422(collectors: Collectors) -> None:
    sort = collectors.anonymous.get("/users/alice/contributions", params={"sort": "price"})
    assert error_message(sort, 422) == (
        "Invalid sort: expected one of label, artist, title, catno, format, rating, year, added."
    )
    order = collectors.anonymous.get("/users/alice/contributions", params={"sort_order": "up"})
    assert error_message(order, 422) == "Invalid sort_order: expected one of asc, desc."
    for path in ("/users/alice/contributions", "/users/alice/submissions"):
        page = collectors.anonymous.get(path, params={"page": "two"})
        assert error_message(page, 422) == "Invalid page: expected an integer."


def test_pages_past_the_first_are_404(collectors: Collectors) -> None:
    for path in ("/users/alice/contributions", "/users/alice/submissions"):
        answer = collectors.anonymous.get(path, params={"page": 2})
        assert error_message(answer, 404) == "Page 2 is outside of valid range [1, 1]."


def test_an_unknown_user_is_404(collectors: Collectors) -> None:
    for path in ("/users/nobody/contributions", "/users/nobody/submissions"):
        answer = collectors.anonymous.get(path)
        assert error_message(answer, 404) == "User does not exist or may have been deleted."
