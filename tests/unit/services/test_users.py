"""A profile edit as the columns it sets (``services.users.profile_changes``) and the profile
as each viewer sees it (``profile_document``)."""

from __future__ import annotations

import pytest

from discogs_service.errors import InvalidCurrency, InvalidParameter
from discogs_service.services.users import (
    CURRENCIES,
    EDITABLE,
    profile_changes,
    profile_document,
)
from discogs_service.storage.accounts import UserRow

LIMITS = pytest.mark.parametrize(("field", "limit"), EDITABLE.items(), ids=list(EDITABLE))


def of_length(field: str, length: int) -> str:
    """A value of ``field`` that is valid but for its length (a home page must be a URL)."""
    start = "https://alice.example/" if field == "home_page" else ""
    return start + "x" * (length - len(start))


def test_the_editable_fields_and_their_limits() -> None:
    assert EDITABLE == {"name": 255, "home_page": 2000, "location": 255, "profile": 20000}


@LIMITS
def test_a_value_up_to_its_fields_limit_is_set(field: str, limit: int) -> None:
    value = of_length(field, limit)
    assert profile_changes({field: value}) == {field: value}


@LIMITS
def test_a_value_past_its_fields_limit_is_refused(field: str, limit: int) -> None:
    with pytest.raises(InvalidParameter) as raised:
        profile_changes({field: of_length(field, limit + 1)})
    assert raised.value.message == (
        f"Invalid {field}: expected a string of at most {limit} characters."
    )


@LIMITS
@pytest.mark.parametrize("value", [5, 1.5, True, ["a"], {"a": "b"}])
def test_a_value_that_is_not_text_is_refused(field: str, limit: int, value: object) -> None:
    with pytest.raises(InvalidParameter, match=f"^Invalid {field}: expected a string of"):
        profile_changes({field: value})


@LIMITS
def test_an_empty_value_clears_its_field(field: str, limit: int) -> None:
    assert profile_changes({field: ""}) == {field: ""}


def test_absent_and_null_fields_stay_as_they_are() -> None:
    # Clients send explicit nulls for the fields they leave alone (DAC).
    assert profile_changes({}) == {}
    assert profile_changes(dict.fromkeys([*EDITABLE, "curr_abbr"])) == {}
    assert profile_changes({"name": None, "location": "Oslo", "username": "mallory"}) == {
        "location": "Oslo"
    }


@pytest.mark.parametrize(
    "home_page",
    [
        "http://alice.example",
        "https://alice.example/records?page=1#top",
        "HTTPS://ALICE.EXAMPLE",
        "https://10.0.0.7:8080/",
        "https://alice.example/ünïcode",
    ],
)
def test_a_home_page_may_be_any_http_or_https_url(home_page: str) -> None:
    assert profile_changes({"home_page": home_page}) == {"home_page": home_page}


@pytest.mark.parametrize(
    "home_page",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "ftp://files.example",
        "alice.example",
        "//alice.example",
        "https://",
        "https:///path",
        "https://?q",
        " https://alice.example",
        "https://alice.example/ x",
        "https://alice.example/\tx",
        "https://alice.example/\x7f",
        "https://alice.example/\njavascript:alert(1)",
    ],
)
def test_a_home_page_that_is_not_a_web_address_is_refused(home_page: str) -> None:
    with pytest.raises(InvalidParameter) as raised:
        profile_changes({"home_page": home_page})
    assert raised.value.message == "Invalid home_page: expected an http:// or https:// URL."


@pytest.mark.parametrize("currency", CURRENCIES)
def test_every_marketplace_currency_is_taken_in_any_letter_case(currency: str) -> None:
    assert profile_changes({"curr_abbr": currency.lower()}) == {"curr_abbr": currency}
    assert profile_changes({"curr_abbr": currency.title()}) == {"curr_abbr": currency}


def test_an_empty_currency_is_ignored_as_the_live_api_does() -> None:
    assert profile_changes({"curr_abbr": "", "name": "Alice"}) == {"name": "Alice"}


@pytest.mark.parametrize("currency", ["XXX", "EURO", " EUR", "EU", "BTC", 978, ["EUR"]])
def test_any_other_currency_is_the_apis_404(currency: object) -> None:
    with pytest.raises(InvalidCurrency):
        profile_changes({"curr_abbr": currency})


def a_user(**fields: object) -> UserRow:
    values: dict[str, object] = {
        "id": 7,
        "username": "Alice",
        "email": "alice@example.org",
        "password_hash": "$argon2id$...",
        "name": "Alice A.",
        "home_page": "https://alice.example",
        "location": "Oslo",
        "profile": "Records.",
        "curr_abbr": "EUR",
        "avatar_url": "",
        "banner_url": "",
        "is_staff": False,
        "registered_at": 1768478400,
        "disabled_at": None,
    }
    return UserRow(**{**values, **fields})  # type: ignore[arg-type]


OWNER_ONLY = {"email", "num_collection", "num_wantlist", "num_unread"}


def test_everyone_sees_the_public_fields_and_an_empty_currency() -> None:
    seen = profile_document(a_user(), "http://h", owner=False)
    assert seen.keys().isdisjoint(OWNER_ONLY)
    assert seen["curr_abbr"] == ""
    assert (seen["username"], seen["name"], seen["location"]) == ("Alice", "Alice A.", "Oslo")
    assert seen["resource_url"] == "http://h/users/Alice"
    assert seen["uri"] == "https://www.discogs.com/user/Alice"
    assert seen["registered"] == "2026-01-15T04:00:00-08:00"


def test_the_owner_also_sees_the_currency_email_and_counts() -> None:
    seen = profile_document(a_user(), "http://h", owner=True)
    assert seen.keys() >= OWNER_ONLY
    assert (seen["curr_abbr"], seen["email"]) == ("EUR", "alice@example.org")
    public = profile_document(a_user(), "http://h", owner=False)
    assert {k: v for k, v in seen.items() if k not in OWNER_ONLY | {"curr_abbr"}} == {
        k: v for k, v in public.items() if k != "curr_abbr"
    }
