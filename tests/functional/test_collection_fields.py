"""Custom fields, their values on instances, and the collection's value, over a real socket
on both engines. Texts and bodies are those of the live API's 2026 recordings
(DiscogsApiClient ``Collection.CollectionFieldsTests``, ``CollectionFolderReleaseUpdateTests``,
``CollectionValueTests``); the defaults are D23, the value D26."""

from __future__ import annotations

from typing import Any

import pytest

from tests.collectors import Collectors
from tests.functional.accounts_support import NOT_OWNER
from tests.functional.collection_support import NO_USER, add, refusal

GRADES = [
    "Mint (M)", "Near Mint (NM or M-)", "Very Good Plus (VG+)", "Very Good (VG)",
    "Good Plus (G+)", "Good (G)", "Fair (F)", "Poor (P)",
]  # fmt: skip
MEDIA = {
    "id": 1, "name": "Media Condition", "type": "dropdown", "position": 1, "public": True,
    "options": GRADES,
}  # fmt: skip
SLEEVE = {
    "id": 2, "name": "Sleeve Condition", "type": "dropdown", "position": 2, "public": True,
    "options": [*GRADES, "Generic", "Not Graded", "No Cover"],
}  # fmt: skip
NOTES = {"id": 3, "name": "Notes", "type": "textarea", "position": 3, "public": False, "lines": 3}


def validation(msg: str, loc: list[str]) -> dict[str, Any]:
    return {
        "detail": [{"msg": msg, "loc": loc, "type": "value_error"}],
        "message": 'See "detail" for validation errors.',
    }


def field_path(folder_id: int, release_id: int, instance_id: int, field_id: int) -> str:
    return (
        f"/users/alice/collection/folders/{folder_id}/releases/{release_id}"
        f"/instances/{instance_id}/fields/{field_id}"
    )


def notes_seen(member: Any) -> list[Any]:
    items = member.get("/users/alice/collection/folders/0/releases").json()["releases"]
    return [item.get("notes") for item in items]


def test_every_user_has_the_default_fields(collectors: Collectors) -> None:
    answer = collectors.alice.get("/users/alice/collection/fields")
    assert answer.status_code == 200
    fields = answer.json()["fields"]
    assert fields == [MEDIA, SLEEVE, NOTES]
    assert [list(f) for f in fields] == [list(MEDIA), list(SLEEVE), list(NOTES)]


def test_others_see_the_public_fields_only(collectors: Collectors) -> None:
    for member in (collectors.anonymous, collectors.bob):
        assert member.get("/users/alice/collection/fields").json() == {"fields": [MEDIA, SLEEVE]}
    collectors.set_privacy("alice", collection=False, wantlist=True)
    for member in (collectors.anonymous, collectors.bob):
        assert refusal(member.get("/users/alice/collection/fields")) == (403, NOT_OWNER)
    assert len(collectors.alice.get("/users/alice/collection/fields").json()["fields"]) == 3


def test_fields_of_an_unknown_user_are_404(collectors: Collectors) -> None:
    assert refusal(collectors.alice.get("/users/nobody/collection/fields")) == (404, NO_USER)


@pytest.mark.parametrize("how", ["json", "query", "form"])
def test_setting_a_value(collectors: Collectors, how: str) -> None:
    instance = add(collectors, 1, 4)
    path = field_path(1, 4, instance, 3)
    sent = {
        "json": lambda: collectors.alice.post(path, json={"value": "bought in Hamburg"}),
        "query": lambda: collectors.alice.post(path, params={"value": "bought in Hamburg"}),
        "form": lambda: collectors.alice.post(path, data={"value": "bought in Hamburg"}),
    }[how]()
    assert (sent.status_code, sent.content) == (204, b"")
    assert notes_seen(collectors.alice) == [[{"field_id": 3, "value": "bought in Hamburg"}]]


def test_notes_are_listed_by_field_and_others_see_the_public_ones(collectors: Collectors) -> None:
    instance = add(collectors, 1, 4)
    for field_id, value in ((3, "mine"), (1, "Near Mint (NM or M-)"), (2, "Generic")):
        answer = collectors.alice.post(field_path(0, 4, instance, field_id), json={"value": value})
        assert answer.status_code == 204
    assert notes_seen(collectors.alice) == [
        [
            {"field_id": 1, "value": "Near Mint (NM or M-)"},
            {"field_id": 2, "value": "Generic"},
            {"field_id": 3, "value": "mine"},
        ]
    ]
    by_release = collectors.alice.get("/users/alice/collection/releases/4").json()
    assert list(by_release["releases"][0])[-1] == "notes"
    for member in (collectors.anonymous, collectors.bob):
        assert notes_seen(member) == [
            [
                {"field_id": 1, "value": "Near Mint (NM or M-)"},
                {"field_id": 2, "value": "Generic"},
            ]
        ]


def test_an_empty_value_clears_the_field(collectors: Collectors) -> None:
    instance = add(collectors, 1, 4)
    collectors.alice.post(field_path(1, 4, instance, 3), json={"value": "x"})
    assert (
        collectors.alice.post(field_path(1, 4, instance, 3), json={"value": ""}).status_code == 204
    )
    assert notes_seen(collectors.alice) == [None]  # no notes key at all


def test_a_dropdown_takes_a_value_that_is_no_option(collectors: Collectors) -> None:
    instance = add(collectors, 1, 4)
    answer = collectors.alice.post(field_path(1, 4, instance, 1), json={"value": "Pristine"})
    assert answer.status_code == 204  # as the live API does in 2026
    assert notes_seen(collectors.alice) == [[{"field_id": 1, "value": "Pristine"}]]


def test_an_unknown_folder_is_the_recorded_422(collectors: Collectors) -> None:
    instance = add(collectors, 1, 4)
    answer = collectors.alice.post(field_path(999999999, 4, instance, 1), json={"value": "v"})
    assert answer.status_code == 422
    assert answer.json() == validation(
        "Invalid folder_id: folder does not exist.", ["path", "folder_id"]
    )


def test_an_unknown_field_is_the_recorded_422(collectors: Collectors) -> None:
    instance = add(collectors, 1, 4)
    answer = collectors.alice.post(field_path(1, 4, instance, 999999999), json={"value": "v"})
    assert answer.status_code == 422
    assert answer.json() == validation(
        "HTTP fetch failed from 'collection': 400: Bad Request", ["body", "value"]
    )


def test_an_unknown_instance_is_404(collectors: Collectors) -> None:
    instance = add(collectors, 1, 4)
    for path in (field_path(1, 4, instance + 100, 1), field_path(1, 5, instance, 1)):
        answer = collectors.alice.post(path, json={"value": "v"})
        assert refusal(answer) == (404, "Release not found in user's collection.")


def test_only_the_owner_sets_values(collectors: Collectors) -> None:
    instance = add(collectors, 1, 4)
    for member in (collectors.anonymous, collectors.bob):
        answer = member.post(field_path(1, 4, instance, 3), json={"value": "theirs"})
        assert refusal(answer) == (403, NOT_OWNER)
    assert notes_seen(collectors.alice) == [None]


def test_a_value_is_text_of_bounded_length(collectors: Collectors) -> None:
    instance = add(collectors, 1, 4)
    long = collectors.alice.post(field_path(1, 4, instance, 3), json={"value": "x" * 10_001})
    assert refusal(long) == (422, "Invalid value: expected at most 10000 characters.")
    listed = collectors.alice.post(field_path(1, 4, instance, 3), json={"value": ["x"]})
    assert refusal(listed) == (422, "Invalid value: expected a string.")


def test_a_value_is_required(collectors: Collectors) -> None:
    # Both documents make `value` required; clearing a field is asked for with "".
    instance = add(collectors, 1, 4)
    collectors.alice.post(field_path(1, 4, instance, 3), json={"value": "kept"})
    for body in ({}, {"value": None}):
        answer = collectors.alice.post(field_path(1, 4, instance, 3), json=body)
        assert refusal(answer) == (422, "Invalid value: expected a string.")
    assert notes_seen(collectors.alice) == [[{"field_id": 3, "value": "kept"}]]


# -- value ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("currency", "zero"),
    [("USD", "$0.00"), ("EUR", "€0.00"), ("AUD", "A$0.00"), ("CAD", "CA$0.00"), ("JPY", "¥0")],
)
def test_the_value_is_zero_in_the_owners_currency(
    collectors: Collectors, currency: str, zero: str
) -> None:
    add(collectors, 1, 4)
    collectors.alice.post("/users/alice", json={"curr_abbr": currency})
    answer = collectors.alice.get("/users/alice/collection/value")
    assert answer.status_code == 200
    assert list(answer.json().items()) == [("maximum", zero), ("median", zero), ("minimum", zero)]


def test_the_value_is_the_owners_alone(collectors: Collectors) -> None:
    for member in (collectors.anonymous, collectors.bob):
        assert refusal(member.get("/users/alice/collection/value")) == (403, NOT_OWNER)
    assert refusal(collectors.alice.get("/users/nobody/collection/value")) == (404, NO_USER)
