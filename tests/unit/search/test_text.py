"""Folding and tokens: what both engines index and look up."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from discogs_service.search.text import (
    EXTRA_FOLDS,
    MAX_TOKEN_LENGTH,
    field_text,
    fold,
    folded_character,
    symbol_token,
    tokens,
    with_compact,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Björk", "bjork"),
        ("Östermalm", "ostermalm"),
        ("Motörhead", "motorhead"),
        ("Sigur Rós", "sigur ros"),
        ("Ágætis Byrjun", "agaetis byrjun"),
        ("Bjørk", "bjork"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("ＡＢＣ", "abc"),  # full-width letters
        ("Þórir", "thorir"),
        ("Don't", "dont"),
    ],
)
def test_fold_drops_case_and_diacritics(text: str, folded: str) -> None:
    assert fold(text) == folded


def _fold_by_definition(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(EXTRA_FOLDS)


@given(st.text() | st.text(st.characters(max_codepoint=127)))
def test_the_shortcuts_for_ascii_text_fold_as_the_definition_does(text: str) -> None:
    assert fold(text) == _fold_by_definition(text)


def test_punctuation_separates_words() -> None:
    assert tokens("AC/DC") == ["ac", "dc"]
    assert tokens('"Heroes"') == ["heroes"]
    assert tokens("(What’s The Story) Morning Glory?") == [
        "whats",
        "the",
        "story",
        "morning",
        "glory",
    ]
    assert tokens("snake_case") == ["snake", "case"]


def test_text_of_symbols_only_is_one_token_of_letters_and_digits() -> None:
    (token,) = tokens("!!!")
    assert token.isalnum()
    assert tokens(" ! ! ! ") == [token]  # the same symbols, however spaced
    assert tokens("???") != [token]
    assert tokens("   ") == []
    assert tokens("\u0301") == []  # a combining mark alone folds to nothing


def test_tokens_are_cut_to_a_bounded_length() -> None:
    assert tokens("a" * 500) == ["a" * MAX_TOKEN_LENGTH]
    assert len(tokens("*" * 500)[0]) == MAX_TOKEN_LENGTH


def test_compact_form_joins_a_values_tokens() -> None:
    assert with_compact("SD 16018") == ["sd", "16018", "sd16018"]
    assert with_compact("5-016958-031320") == ["5", "016958", "031320", "5016958031320"]
    assert with_compact("TPLP71CD") == ["tplp71cd"]


def test_field_text_keeps_each_token_once_in_order() -> None:
    assert field_text(["Björk", "Björk Guðmundsdóttir", ""]) == "bjork gudmundsdottir"
    assert field_text(["AC/DC", "AC / DC"], compact=True) == "ac dc acdc"


def _tokens_by_definition(text: str) -> list[str]:
    folded = _fold_by_definition(text)
    found = [token[:MAX_TOKEN_LENGTH] for token in re.findall(r"[^\W_]+", folded)]
    if not found and (symbols := "".join(folded.split())):
        found = [symbol_token(symbols)]
    return found


def _field_text_by_definition(values: list[str]) -> str:
    seen: dict[str, None] = {}
    for value in values:
        if value:
            seen.update(dict.fromkeys(_tokens_by_definition(value)))
    return " ".join(seen)


# Catalogue text: any character XML allows (no NUL, no surrogates), with the awkward ones -
# symbols only, combining marks, letters that fold to two, very long words - made likely.
_XML_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
    | st.sampled_from(["!", "'", "’", "ß", "\u0301", "Ø", " ", "-"])
) | st.sampled_from(["!!!", "x" * 70, "Don't", "Björk"])


# Text whose fold is ASCII, which takes the shortcut of bytes.translate and str.split: ASCII,
# Latin letters with accents, the letters EXTRA_FOLDS replaces, compatibility forms that
# decompose to capitals ("ℌ") or to several letters ("ﬁ", "½"), and a non-ASCII letter that
# keeps a value off the shortcut.
_LATIN_TEXT = st.text(
    st.characters(max_codepoint=127, blacklist_characters="\x00")
    | st.sampled_from(["é", "Å", "ß", "ø", "Æ", "ł", "ℌ", "ﬁ", "½", "’", "\u0301", "ж", "Ø"])
)


@given(st.lists(_XML_TEXT, max_size=8) | st.lists(_LATIN_TEXT, max_size=8))
def test_field_text_of_many_values_is_the_union_of_each_values_tokens(values: list[str]) -> None:
    assert field_text(values) == _field_text_by_definition(values)


@given(_XML_TEXT | _LATIN_TEXT)
def test_tokens_are_the_words_of_the_fold_by_definition(text: str) -> None:
    assert tokens(text) == _tokens_by_definition(text)


@given(_XML_TEXT | _LATIN_TEXT)
def test_a_values_tokens_are_the_words_of_its_characters_folds(text: str) -> None:
    """What the compiled text (search/native.pyx) reads values by."""
    folds = b"".join(folded_character(c) for c in text).decode()
    by_characters = [word[:MAX_TOKEN_LENGTH] for word in folds.split()]
    if by_characters:  # else tokens names the value's symbols
        assert tokens(text) == by_characters


@pytest.mark.parametrize(
    ("character", "folded"),
    [
        ("é", b"e"),
        ("ﬁ", b"fi"),
        ("½", b"1 2"),
        ("Ж", "ж".encode()),
        ("東", "東".encode()),
        ("’", b""),
        ("\u0301", b""),
        ("ℌ", b"H"),
        ("_", b" "),
    ],
)
def test_folded_character(character: str, folded: bytes) -> None:
    assert folded_character(character) == folded


def test_field_text_keeps_the_per_value_rules_among_many_values() -> None:
    assert field_text(["!!!", "Björk"]) == f"{tokens('!!!')[0]} bjork"
    assert field_text(["Björk", "***", "Sugarcubes"]) == f"bjork {tokens('***')[0]} sugarcubes"
    long_word = "a" * (MAX_TOKEN_LENGTH + 10)
    assert field_text(["b", long_word]) == "b " + "a" * MAX_TOKEN_LENGTH
