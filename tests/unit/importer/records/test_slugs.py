"""The compiled slug (importer/records/slugs.pyx) against the Python one.

``common.python_readable_slug`` is the reference: the compiled one must return the same
slug, percent-encoded alike, for any text: letters and digits of every script, every kind
of space and punctuation, characters beyond the Basic Multilingual Plane.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discogs_service.importer.records import common
from tests.compiled import compiled


def _compiled() -> Any:
    return compiled("discogs_service.importer.records.slugs")


def test_web_uris_use_the_compiled_slug_when_it_is_built() -> None:
    assert common._readable_slug is _compiled().readable_slug


@pytest.mark.parametrize(
    "text",
    [
        "",
        "AC/DC Sin Sydney '76",
        "Kode9 You Don't Wash (DJ-Kicks) (Remixes)",
        "--a__b  c--",
        "a & b",
        "a&b",
        "-&a",
        "Алёна Ö-Ä 東京",
        "\u00a0",
        "a\u3000b\x1cc\x85d",
        "Ⅻ ½ ² ¹",
        "a\u0301",
        "ﬁ ß İ",
        "𝔘𝔫𝔦 \U0001f3b5 𐍈",
        "x" * 500,
    ],
)
def test_the_compiled_slug_is_the_python_one(text: str) -> None:
    assert _compiled().readable_slug(text) == common.python_readable_slug(text)


# Letters, marks, digits, numbers, punctuation, symbols and separators of every script.
_ANY = st.text(max_size=30)
_MIXED = st.text(
    alphabet=st.one_of(
        st.characters(max_codepoint=0x7F),
        st.characters(min_codepoint=0x80, max_codepoint=0x7FF),
        st.characters(min_codepoint=0x800, max_codepoint=0xFFFF),
        st.characters(min_codepoint=0x10000),
        st.sampled_from(" -_'/&.\u00a0\u2009\u3000\x1c\x1f\x85"),
    ),
    max_size=30,
)


@settings(max_examples=500)
@given(st.one_of(_ANY, _MIXED))
def test_the_compiled_slug_is_the_python_one_for_any_text(text: str) -> None:
    assert _compiled().readable_slug(text) == common.python_readable_slug(text)
