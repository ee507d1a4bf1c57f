"""Reading a rating as clients send it (``services.ratings.rating_value``)."""

from __future__ import annotations

import pytest

from discogs_service.errors import InvalidParameter
from discogs_service.services.ratings import rating_value


@pytest.mark.parametrize(
    ("given", "read"), [(None, None), ("", None), (0, 0), (5, 5), ("3", 3), (" 4 ", 4)]
)
def test_ratings_from_json_and_text(given: object, read: int | None) -> None:
    assert rating_value(given, lowest=0) == read


@pytest.mark.parametrize("given", [6, -1, "6", "x", 2.0, True, "٣", [3]])
def test_anything_else_is_refused(given: object) -> None:
    with pytest.raises(InvalidParameter) as refused:
        rating_value(given, lowest=0)
    assert refused.value.message == "Invalid rating: expected an integer from 0 to 5."


def test_where_only_a_rating_may_be_given_0_is_refused() -> None:
    with pytest.raises(InvalidParameter) as refused:
        rating_value(0, lowest=1)
    assert refused.value.message == "Invalid rating: expected an integer from 1 to 5."
