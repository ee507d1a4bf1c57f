"""Folding and tokens: what both engines index and look up."""

from __future__ import annotations

import pytest

from discogs_service.search_text import MAX_TOKEN_LENGTH, field_text, fold, tokens, with_compact


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
