"""The derived release fields the dump does not carry (importer.records.formats)."""

from __future__ import annotations

from typing import Any

import pytest

from discogs_service.importer.records.formats import (
    facet_formats,
    format_quantity,
    listing_format,
    major_formats,
    quantity,
    release_year,
    released_formatted,
    version_format,
)

LARGEST = 2**31 - 1


def a_format(name: str, qty: str = "1", *descriptions: str, text: str = "") -> dict[str, Any]:
    """A format entry as the release converter builds it from ``<format>``."""
    entry: dict[str, Any] = {"name": name, "qty": qty}
    if text:
        entry["text"] = text
    entry["descriptions"] = list(descriptions)
    return entry


# -- listing format strings ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("formats", "expected"),
    [
        ([a_format("CD", "2", "Compilation", "Mixed")], "2xCD, Comp, Mixed"),
        ([a_format("Vinyl", "10", '12"', "Limited Edition", text="Red")], '10x12", Ltd, Red'),
        ([a_format("Cassette", "1", "Mixed", "Promo", text="C90")], "Cass, Mixed, Promo, C90"),
        ([a_format("Vinyl", "2", '12"', "33 ⅓ RPM")], '2x12", 33 ⅓ RPM'),
        ([a_format("Vinyl", "1", "LP", "Album")], "LP, Album"),
        ([a_format("Vinyl", "1", "Album", "LP")], "Vinyl, Album, LP"),
        ([a_format("File", "9", "MP3", "Album")], "9xFile, MP3, Album"),
        ([a_format("CD", "", "Album")], "CD, Album"),
    ],
    ids=[
        "cd-comp",
        "vinyl-by-size",
        "cassette",
        "release-1",
        "lp",
        "vinyl-no-size",
        "file",
        "no-qty",
    ],
)
def test_a_format_is_listed_with_count_head_and_abbreviated_descriptions(
    formats: list[dict[str, Any]], expected: str
) -> None:
    assert listing_format(formats) == expected


def test_several_formats_are_joined_with_a_plus() -> None:
    box = [a_format("Box Set", "1", "Compilation"), a_format("CD", "10", "Reissue")]
    assert listing_format(box) == "Box, Comp + 10xCD, RE"


def test_a_release_without_formats_has_an_empty_listing_format() -> None:
    assert listing_format([]) == ""


def test_version_format_lists_descriptions_unabbreviated() -> None:
    formats = [a_format("Vinyl", "1", '12"', "33 ⅓ RPM"), a_format("CD", "1", "Compilation")]
    assert version_format(formats) == '12", 33 ⅓ RPM, Compilation'


def test_major_formats_are_the_distinct_names_in_order() -> None:
    formats = [a_format("CD"), a_format("Vinyl"), a_format("CD"), a_format("")]
    assert major_formats(formats) == ["CD", "Vinyl"]


def test_facet_formats_are_names_then_descriptions_without_repeats() -> None:
    formats = [a_format("CD", "1", "Album"), a_format("CD", "1", "Album", "Promo")]
    assert facet_formats(formats) == ["CD", "Album", "Promo"]


# -- quantities ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qty", "expected"),
    [("1", 1), ("10", 10), (" 2 ", 2), ("", 0), ("two", 0), ("-1", 0), ("²", 0), ("007", 7)],
)
def test_a_quantity_is_its_number_or_zero(qty: str, expected: int) -> None:
    assert quantity(qty) == expected


@pytest.mark.parametrize(
    "qty",
    ["1" + "0" * 63, "9" * 64, "2147483648", "1" + "0" * 5000],
    ids=["64-digit-round", "64-digit-nines", "just-too-big", "longer-than-int-allows"],
)
def test_an_absurd_quantity_is_capped_not_wrapped(qty: str) -> None:
    # Release 8262262 has a 64-digit qty; it must neither crash nor turn into a small number.
    assert quantity(qty) == LARGEST


def test_format_quantity_leaves_out_box_sets_and_files() -> None:
    # Release 9536040: a Box Set holding 10 CDs has format_quantity 10 (API JSON).
    assert format_quantity([a_format("Box Set", "1"), a_format("CD", "10")]) == 10
    # Release 9680548: a digital release of 9 files has format_quantity 0.
    assert format_quantity([a_format("File", "9")]) == 0
    assert format_quantity([a_format("CD", "1")]) == 1


def test_format_quantity_adds_up_the_physical_formats() -> None:
    assert format_quantity([a_format("Vinyl", "2"), a_format("CD", "1"), a_format("DVD", "")]) == 3


def test_format_quantity_never_exceeds_a_32_bit_integer() -> None:
    formats = [a_format("CDr", "9" * 64), a_format("CD", "5")]
    assert format_quantity(formats) == LARGEST


# -- release dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("released", "expected"),
    [
        ("1999-03-00", 1999),
        ("2006-11-14", 2006),
        ("1997", 1997),
        ("1999-00-00", 1999),
        ("", 0),
        ("0000", 0),
        ("199", 0),
        ("19xx", 0),
        ("１９９９", 0),  # fullwidth digits are not a year
    ],
)
def test_release_year_is_the_leading_four_digits(released: str, expected: int) -> None:
    assert release_year(released) == expected


@pytest.mark.parametrize(
    ("released", "expected"),
    [
        ("1997", "1997"),
        ("2006-11-14", "14 Nov 2006"),
        ("2006-11-04", "04 Nov 2006"),
        ("1999-03-00", "Mar 1999"),
        ("1999-00-00", "1999"),
        ("1999-12-31", "31 Dec 1999"),
        ("1999-13-01", "1999"),
        ("1999-02-45", "Feb 1999"),
        ("1999-03", "1999-03"),
        ("Spring 1999", "Spring 1999"),
    ],
)
def test_released_formatted_reads_like_the_website(released: str, expected: str) -> None:
    assert released_formatted(released) == expected
