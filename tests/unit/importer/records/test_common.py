"""Pieces every converter shares (importer.records.common): ids, credits, slugs, links."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from discogs_service import documents
from discogs_service.importer.records.common import (
    RecordError,
    credit,
    credit_line,
    parse_id,
    plain_name,
    reference_id,
    slug,
    small_int,
    web_uri,
)


def an_artist(name: str, *, anv: str = "", join: str = "") -> dict[str, Any]:
    return {"name": name, "anv": anv, "join": join}


def element(xml: str) -> Any:
    return etree.fromstring(xml.encode())


# -- credit lines ---------------------------------------------------------------------------


def test_a_single_artist_is_credited_by_name() -> None:
    assert credit_line([an_artist("The Persuader")]) == "The Persuader"


def test_an_artist_name_variation_is_starred() -> None:
    artists = [an_artist("Stephan-G", anv="Stephan-G", join="&"), an_artist("The Persuader")]
    assert credit_line(artists) == "Stephan-G* & The Persuader"


def test_without_anvs_the_credit_uses_the_artists_names() -> None:
    artists = [an_artist("Yasha Conen", anv="Yasha", join="•"), an_artist("Marteria")]
    assert credit_line(artists, use_anv=False) == "Yasha Conen • Marteria"


@pytest.mark.parametrize(
    ("join", "expected"),
    [
        ("&", "A & B"),
        ("Feat.", "A Feat. B"),
        (" vs. ", "A vs. B"),
        (",", "A, B"),
        ("", "A, B"),
        ("•", "A • B"),
    ],
)
def test_joins_are_spaced_and_a_missing_join_is_a_comma(join: str, expected: str) -> None:
    assert credit_line([an_artist("A", join=join), an_artist("B")]) == expected


def test_the_last_artists_join_is_not_printed() -> None:
    # Master 18080 (2025-01 dump): Depeche Mode carries <join>,</join> as the only artist.
    assert credit_line([an_artist("Depeche Mode", join=",")]) == "Depeche Mode"


def test_three_artists_with_mixed_joins() -> None:
    artists = [
        an_artist("Marteria", join="•"),
        an_artist("Yasha Conen", anv="Yasha", join="•"),
        an_artist("Miss Platnum"),
    ]
    assert credit_line(artists) == "Marteria • Yasha* • Miss Platnum"


def test_no_artists_make_an_empty_credit_line() -> None:
    assert credit_line([]) == ""


# -- credits from XML -----------------------------------------------------------------------


def test_a_linked_credit_has_its_artist_link() -> None:
    converted = credit(element("<artist><id>2725</id><name>Depeche Mode</name></artist>"))
    assert converted["id"] == 2725
    assert converted["resource_url"] == documents.link("/artists/2725")
    assert (converted["anv"], converted["join"], converted["role"], converted["tracks"]) == (
        "",
        "",
        "",
        "",
    )


@pytest.mark.parametrize(
    "xml",
    [
        "<artist><name>Martin L. Gore</name><role>Written By</role></artist>",  # 2025: no <id>
        "<artist><id>0</id><name>Martin L. Gore</name><role>Written By</role></artist>",  # 2020
        "<artist><id></id><name>Martin L. Gore</name><role>Written By</role></artist>",
    ],
    ids=["no-id-element", "id-zero", "empty-id"],
)
def test_an_unlinked_credit_has_id_zero_and_no_link(xml: str) -> None:
    converted = credit(element(xml))
    assert converted["id"] == 0
    assert converted["resource_url"] == ""
    assert converted["role"] == "Written By"


def test_credit_children_may_come_in_any_order() -> None:
    xml = (
        "<artist><role>Producer</role><anv>Gore</anv><name>Martin L. Gore</name><id>9</id></artist>"
    )
    converted = credit(element(xml))
    assert (converted["id"], converted["name"], converted["anv"], converted["role"]) == (
        9,
        "Martin L. Gore",
        "Gore",
        "Producer",
    )


# -- ids ------------------------------------------------------------------------------------


def test_an_entity_id_is_a_positive_number() -> None:
    assert parse_id("1", "release") == 1
    assert parse_id(" 9536040 ", "release") == 9536040


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "release has no id"),
        ("abc", "release id 'abc' is not a number"),
        ("", "release id '' is not a number"),
        ("-1", "release id '-1' is not a number"),
        ("0", "release id '0' is out of range"),
        ("9" * 20, "is out of range"),
        ("١٢", "is not a number"),  # Arabic-Indic digits
    ],
)
def test_an_unusable_entity_id_is_a_record_error(value: str | None, message: str) -> None:
    with pytest.raises(RecordError, match=message):
        parse_id(value, "release")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("26", 26), (" 26 ", 26), (None, 0), ("", 0), ("x", 0), ("9" * 19, 0), ("0", 0)],
)
def test_a_reference_id_is_zero_when_unusable(value: str | None, expected: int) -> None:
    assert reference_id(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("600", 600),
        (" 42 ", 42),
        (None, 0),
        ("", 0),
        ("-3", 0),
        ("1e3", 0),
        ("9999999999", 0),
        ("²", 0),
        ("١٢", 0),
    ],
)
def test_a_size_is_a_plain_number_or_zero(value: str | None, expected: int) -> None:
    # "²" passes str.isdigit and then broke int() (found by test_native's made-up records).
    assert small_int(value) == expected


# -- slugs and website links ----------------------------------------------------------------


# Artist, title and uri of releases in real API JSON (discogs4s rodneyfool-contributions.json).
@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (("AC/DC", "Sin Sydney '76"), "ACDC-Sin-Sydney-76"),
        (("L.T.D.", "Love To The World"), "LTD-Love-To-The-World"),
        (("Kode9", "You Don't Wash (DJ-Kicks) (Remixes)"), "Kode9-You-Dont-Wash-DJ-Kicks-Remixes"),
        (("Cari Lekebusch", "Corrosive EPS.1"), "Cari-Lekebusch-Corrosive-EPS1"),
        (("Various", "Jackson Blues: 1928-1938"), "Various-Jackson-Blues-1928-1938"),
        (("Various", "Lapsus #4"), "Various-Lapsus-4"),
        (
            ("Chucklebutt", "Tubthumping - I Get Knocked Down... Pop & Club Mixes"),
            "Chucklebutt-Tubthumping-I-Get-Knocked-Down-Pop-Club-Mixes",
        ),
        (
            ("Eldridge Gravy & The Court Supreme", "Gravy's In The House"),
            "Eldridge-Gravy-The-Court-Supreme-Gravys-In-The-House",
        ),
        (
            ("Dizzy Gillespie", "Have Trumpet, Will Excite!"),
            "Dizzy-Gillespie-Have-Trumpet-Will-Excite",
        ),
    ],
)
def test_a_slug_drops_punctuation_and_joins_words_with_hyphens(
    words: tuple[str, ...], expected: str
) -> None:
    assert slug(*words) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [(("Jesper Dahlbäck",), "Jesper-Dahlbäck"), (("\u00a0",), ""), (("...",), ""), (("",), "")],
)
def test_a_slug_keeps_letters_of_any_script_and_may_be_empty(
    words: tuple[str, ...], expected: str
) -> None:
    assert slug(*words) == expected


def test_a_web_uri_is_the_kind_id_and_slug() -> None:
    assert (
        web_uri("release", 1, "The Persuader", "Stockholm")
        == "https://www.discogs.com/release/1-The-Persuader-Stockholm"
    )
    assert web_uri("artist", 11037, "Soul Boy") == "https://www.discogs.com/artist/11037-Soul-Boy"


def test_a_web_uri_without_readable_words_has_no_trailing_hyphen() -> None:
    # Artist 66827 is named by a single non-breaking space; label 212 has no name at all.
    assert web_uri("artist", 66827, "\u00a0") == "https://www.discogs.com/artist/66827"
    assert web_uri("label", 212, "") == "https://www.discogs.com/label/212"


def test_a_web_uri_percent_encodes_letters_outside_ascii_as_utf8() -> None:
    assert (
        web_uri("artist", 3, "Алёна", "Ö-Ä", "東京")
        == "https://www.discogs.com/artist/3-%D0%90%D0%BB%D1%91%D0%BD%D0%B0-%C3%96-%C3%84-"
        "%E6%9D%B1%E4%BA%AC"
    )


@given(st.lists(st.text(), max_size=3))
def test_a_web_uri_encodes_as_quoting_the_whole_slug(words: list[str]) -> None:
    """Only the runs of letters outside ASCII are encoded: the rest of a slug is letters,
    digits and hyphens, which ``quote`` leaves as they are."""
    readable = quote(slug(*words), safe="-")
    expected = "https://www.discogs.com/label/7" + (f"-{readable}" if readable else "")
    assert web_uri("label", 7, *words) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Ricky (6)", "Ricky"), ("Antidote (4)", "Antidote"), ("(1)", "(1)"), ("Area 51", "Area 51")],
)
def test_plain_name_drops_the_disambiguation_number(name: str, expected: str) -> None:
    assert plain_name(name) == expected
