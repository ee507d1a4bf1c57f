"""Stored documents: links and slots are filled, and catalogue text can never pass for one."""

from __future__ import annotations

import json

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from discogs_service import documents

BASE = b"http://127.0.0.1:8000"


def a_template(text: str) -> bytes:
    return documents.encode(
        {
            "id": 1,
            "resource_url": documents.link("/releases/1"),
            "community": documents.object_with_served_members({"status": "Accepted"}),
            "date_added": documents.WRITTEN,
            "num_for_sale": documents.SERVED,
            "notes": text,
            "artists": [{"name": text, "resource_url": documents.link("/artists/2")}],
        }
    )


def test_links_start_with_the_base_url_and_slots_take_values_in_order() -> None:
    written = documents.with_slots_filled(
        a_template("x"), documents.WRITTEN_MARK, [b'"2026-01-01T00:00:00+00:00"']
    )
    body = json.loads(documents.render(written, BASE, [documents.members(have=3), b"0"]))
    assert body["resource_url"] == "http://127.0.0.1:8000/releases/1"
    assert body["artists"][0]["resource_url"] == "http://127.0.0.1:8000/artists/2"
    assert body["community"] == {"have": 3, "status": "Accepted"}
    assert body["date_added"] == "2026-01-01T00:00:00+00:00"
    assert body["num_for_sale"] == 0


def test_a_wrong_number_of_slot_values_is_refused() -> None:
    with pytest.raises(ValueError, match="more slots than the 1 values"):
        documents.render(a_template("x"), BASE, [b"0"])
    with pytest.raises(ValueError, match="fewer slots than the 3 values"):
        documents.render(a_template("x"), BASE, [b"0", b"0", b"0"])


@given(st.text())
def test_catalogue_text_never_turns_into_a_marker(text: str) -> None:
    written = documents.with_slots_filled(a_template(text), documents.WRITTEN_MARK, [b"null"])
    body = json.loads(documents.render(written, BASE, [b"", b"0"]))
    assert body["notes"] == text
    assert body["artists"][0]["name"] == text


# Text made of the characters around markers (\x01, quotes, escapes) as well as any text.
@given(st.text(st.sampled_from('\x01\x02"\\u0a/ ')) | st.text())
def test_a_fragment_parsed_from_a_template_keeps_its_links(text: str) -> None:
    template = a_template(text)

    class Artists(msgspec.Struct):
        artists: msgspec.Raw

    parsed = msgspec.json.decode(documents.to_json(template), type=Artists)
    fragment = documents.from_json(bytes(parsed.artists))
    artists = json.loads(fragment.replace(documents.BASE_MARK, BASE))
    assert artists == [{"name": text, "resource_url": "http://127.0.0.1:8000/artists/2"}]


@pytest.mark.parametrize(
    ("timestamp", "written"),
    [
        (1768478400, "2026-01-15T04:00:00-08:00"),  # 2026-01-15 12:00 UTC: standard time
        (1784116800, "2026-07-15T05:00:00-07:00"),  # 2026-07-15 12:00 UTC: daylight time
    ],
)
def test_times_are_written_in_pacific_time_with_their_offset(timestamp: int, written: str) -> None:
    assert documents.api_time(timestamp) == written
