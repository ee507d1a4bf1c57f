"""What an owner may name a list item by (``services.lists.parse_reference``)."""

from __future__ import annotations

import pytest

from discogs_service.errors import ListRefused
from discogs_service.services.lists import NOT_A_LINK, parse_reference

OWN = "127.0.0.1:8000"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://www.discogs.com/release/123-Artist-Title", ("release", 123)),
        ("https://www.discogs.com/release/123", ("release", 123)),
        ("http://discogs.com/master/156551-HammerFall-Glory-To-The-Brave", ("master", 156551)),
        ("https://www.discogs.com/artist/287459-HammerFall", ("artist", 287459)),
        ("https://www.discogs.com/label/1-Planet-E?page=2#releases", ("label", 1)),
        ("www.discogs.com/release/5-X", ("release", 5)),
        ("  https://www.discogs.com/de/release/77-Y  ", ("release", 77)),
        ("https://www.discogs.com/pt_BR/artist/8-Z", ("artist", 8)),
        ("https://www.discogs.com/sell/release/9", ("release", 9)),
        ("http://www.discogs.com/Silent-Phase-The-Rewired-Mixes/release/4674", ("release", 4674)),
        ("https://www.discogs.com/Josh-Wink-Higher-State/master/7", ("master", 7)),
        ("https://api.discogs.com/releases/494328", ("release", 494328)),
        ("https://api.discogs.com/labels/9/", ("label", 9)),
        ("http://127.0.0.1:8000/masters/3", ("master", 3)),
        ("http://127.0.0.1:8000/artists/4", ("artist", 4)),
        ("[r123]", ("release", 123)),
        ("[m=7]", ("master", 7)),
        ("[a3]", ("artist", 3)),
        ("[l9]", ("label", 9)),
    ],
)
def test_links_name_an_entity(text: str, expected: tuple[str, int]) -> None:
    assert parse_reference(text, OWN) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "123",
        "release 123",
        "https://example.org/release/123",
        "https://discogs.com.example.org/release/123",
        "javascript:alert(1)",
        "ftp://www.discogs.com/release/123",
        "https://www.discogs.com/artist/Silent+Phase",  # the old by-name form: no id
        "https://www.discogs.com/user/alice",
        "https://www.discogs.com/releases/123",  # an API path on the web host
        "https://api.discogs.com/release/123-X",  # a web path on the API host
        "http://127.0.0.1:9999/releases/1",  # another port: not this server
        "http://127.0.0.1:8000/release/1",
        "https://[::1/release/1",
    ],
)
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ListRefused) as refused:
        parse_reference(text, OWN)
    assert refused.value.message == NOT_A_LINK


@pytest.mark.parametrize("digits", ["0", "9223372036854775808", "1" * 40])
def test_an_id_past_the_columns_range_is_refused(digits: str) -> None:
    with pytest.raises(ListRefused) as refused:
        parse_reference(f"https://www.discogs.com/release/{digits}", OWN)
    assert refused.value.message == f"{digits} is no id of the catalogue's."
