"""The compiled field text (search/native.pyx) against the Python one.

``text.python_field_text`` is the reference; the compiled one must return the same text for
every list of values, ASCII or not, compact or not. Values never hold NUL (XML cannot, and
the index's values come from the dumps), where the Python one's joined pass splits.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discogs_service.search import text
from tests.compiled import compiled


def _compiled() -> Any:
    return compiled("discogs_service.search.native")


def test_index_fields_use_the_compiled_text_when_it_is_built() -> None:
    assert text._compiled_field_text is _compiled().field_text


_ASCII = st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=127), max_size=20)
_CATALOGUE = st.sampled_from(
    [
        "",
        "AC/DC",
        "Don't Stop",
        "!!!",
        "...",
        "  ",
        "SK-032",
        "7 27361 62652 5",
        "Zoë Meaney",
        "Jürgen",
        "Björk Guðmundsdóttir",
        "Straße",
        "東京",
        "x" * 70 + " y",
        "a\u0301",
        "Ⅻ ½",
        "What’s",
    ]
)
_ANY = st.text(alphabet=st.characters(exclude_characters="\x00"), max_size=20)
# Latin letters with diacritics, combining marks, ligatures and apostrophes, and letters of
# other scripts: text that is not ASCII, folded a character at a time.
_LATIN = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0x24F),
        st.characters(min_codepoint=0x300, max_codepoint=0x36F),
        st.sampled_from("ﬁﬂ’ʼ‐–—ＡＢＣ１２½ЖжΣς東京ｶﾞ가\u3000_"),
    ),
    max_size=20,
)
_VALUES = st.lists(st.one_of(_ASCII, _CATALOGUE, _LATIN, _ANY), max_size=8)


@settings(max_examples=1000, deadline=None)
@given(values=_VALUES, compact=st.booleans())
def test_the_same_text_as_the_python_field_text(values: list[str], compact: bool) -> None:
    expected = text.python_field_text(values, compact=compact)
    assert _compiled().field_text(values, compact) == expected


@pytest.mark.parametrize(
    ("values", "compact", "expected"),
    [
        (["AC/DC", "Don't Stop"], True, "ac dc acdc dont stop dontstop"),
        (["!!!", "Zoë Meaney", "a'b c"], False, "sym212121 zoe meaney ab c"),
        (
            ["Björk Guðmundsdóttir", "Straße"],
            True,
            "bjork gudmundsdottir bjorkgudmundsdottir strasse",
        ),
        (["What’s ﬁne", "東京 Tokyo"], False, "whats fine 東京 tokyo"),
        (["Звезда Любовь", "東" * 70], True, "звезда любовь звездалюбовь " + "東" * 64),
        (["x" * 70 + " y"], True, "x" * 64 + " y"),
        (["", "  "], True, ""),
        ((value for value in ["Cielo", "cielo"]), False, "cielo"),
        # More tokens than the field's first hash set holds, each written once.
        ([f"w{i} W{i}" for i in range(300)] * 2, False, " ".join(f"w{i}" for i in range(300))),
    ],
)
def test_known_fields(values: Any, compact: bool, expected: str) -> None:
    assert _compiled().field_text(values, compact) == expected
