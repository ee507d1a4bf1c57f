"""``/releases/{id}/rating/{username}`` and the community rating it makes, over a real socket
on SQLite and PostgreSQL. Statuses, shapes and key orders are those of the live API's 2026
recording (DiscogsApiClient ``Database.ReleaseRatingTests``); the 422 for a rating outside
1..5 is D31 of docs/seed-spec-deviations.md."""

from __future__ import annotations

import pytest

from tests.collectors import Collectors
from tests.functional.accounts_support import NOT_OWNER
from tests.functional.support import error_message

NO_RELEASE = "Release does not exist or may have been deleted."
NO_USER = "User does not exist or may have been deleted."
OUT_OF_RANGE = "Invalid rating: expected an integer from 1 to 5."


def test_a_rating_is_set_read_and_withdrawn_as_live(collectors: Collectors) -> None:
    # The recorded exchange: PUT 201, GET 4, DELETE 204, GET 0, DELETE 204 again.
    answer = collectors.alice.put("/releases/6/rating/alice", json={"rating": 4})
    assert answer.status_code == 201
    assert list(answer.json()) == ["release_id", "rating", "username"]
    assert answer.json() == {"release_id": 6, "rating": 4, "username": "alice"}
    read = collectors.anonymous.get("/releases/6/rating/alice")
    assert read.status_code == 200
    assert list(read.json()) == ["release_id", "username", "rating"]
    assert read.json() == {"release_id": 6, "username": "alice", "rating": 4}
    for _ in range(2):
        withdrawn = collectors.alice.delete("/releases/6/rating/alice")
        assert withdrawn.status_code == 204
        assert withdrawn.content == b""
        assert collectors.anonymous.get("/releases/6/rating/alice").json()["rating"] == 0


@pytest.mark.parametrize("how", ["json", "form", "query"])
def test_the_rating_comes_from_json_form_or_query(collectors: Collectors, how: str) -> None:
    path = "/releases/7/rating/alice"
    if how == "json":
        answer = collectors.alice.put(path, json={"rating": 5})
    elif how == "form":
        answer = collectors.alice.put(path, data={"rating": "5"})
    else:
        answer = collectors.alice.put(path, params={"rating": "5"})
    assert answer.status_code == 201, answer.text
    assert collectors.bob.get(path).json()["rating"] == 5


def test_a_user_who_did_not_rate_has_rating_0(collectors: Collectors) -> None:
    answer = collectors.anonymous.get("/releases/8/rating/bob")
    assert answer.json() == {"release_id": 8, "username": "bob", "rating": 0}
    # The user's name as registered, whatever the letter case asked for.
    assert collectors.anonymous.get("/releases/8/rating/BOB").json()["username"] == "bob"


@pytest.mark.parametrize("rating", [0, 6, -1, "five", 4.5, None, ""])
def test_a_rating_outside_1_to_5_is_422(collectors: Collectors, rating: object) -> None:
    answer = collectors.alice.put("/releases/9/rating/alice", json={"rating": rating})
    assert error_message(answer, 422) == OUT_OF_RANGE
    answer = collectors.alice.put("/releases/9/rating/alice")  # none at all
    assert error_message(answer, 422) == OUT_OF_RANGE
    assert collectors.alice.get("/releases/9/rating/alice").json()["rating"] == 0


def test_only_the_user_rates_as_themselves(collectors: Collectors) -> None:
    collectors.alice.put("/releases/10/rating/alice", json={"rating": 3})
    for member in (collectors.bob, collectors.anonymous):
        answer = member.put("/releases/10/rating/alice", json={"rating": 1})
        assert error_message(answer, 403) == NOT_OWNER
        assert error_message(member.delete("/releases/10/rating/alice"), 403) == NOT_OWNER
    assert collectors.anonymous.get("/releases/10/rating/alice").json()["rating"] == 3


def test_unknown_releases_and_users_are_404(collectors: Collectors) -> None:
    for method in ("GET", "PUT", "DELETE"):
        unknown_release = collectors.alice.client.request(
            method, "/releases/2147483647/rating/alice", json={"rating": 3}
        )
        assert error_message(unknown_release, 404) == NO_RELEASE, method
        unknown_user = collectors.alice.client.request(
            method, "/releases/11/rating/nobody", json={"rating": 3}
        )
        assert error_message(unknown_user, 404) == NO_USER, method


def test_ratings_make_the_community_rating(collectors: Collectors) -> None:
    carol = collectors.member("carol")
    with carol.client:
        carol.put("/releases/12/rating/carol", json={"rating": 2})
    collectors.alice.put("/releases/12/rating/alice", json={"rating": 4})
    collectors.bob.put("/releases/12/rating/bob", json={"rating": 5})
    expected = {"count": 3, "average": 3.67}  # 11 / 3, to two decimals as the API writes it
    rating = collectors.anonymous.get("/releases/12/rating").json()
    assert rating == {"release_id": 12, "rating": expected}
    assert collectors.anonymous.get("/releases/12").json()["community"]["rating"] == expected
    # A new rating replaces the user's old one.
    collectors.bob.put("/releases/12/rating/bob", json={"rating": 1})
    assert collectors.anonymous.get("/releases/12/rating").json()["rating"] == {
        "count": 3,
        "average": 2.33,
    }
    collectors.bob.delete("/releases/12/rating/bob")
    collectors.alice.delete("/releases/12/rating/alice")
    assert collectors.anonymous.get("/releases/12/rating").json()["rating"] == {
        "count": 1,
        "average": 2.0,
    }


def test_the_profile_shows_how_many_releases_a_user_rated_and_their_mean(
    collectors: Collectors,
) -> None:
    for release_id, rating in ((13, 5), (14, 4), (15, 4)):
        collectors.alice.put(f"/releases/{release_id}/rating/alice", json={"rating": rating})
    profile = collectors.anonymous.get("/users/alice").json()
    assert (profile["releases_rated"], profile["rating_avg"]) == (3, 4.33)
    assert collectors.anonymous.get("/users/bob").json()["rating_avg"] == 0.0
