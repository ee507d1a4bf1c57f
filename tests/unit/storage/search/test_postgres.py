"""A search query as tsquery text and an entry as tsvector text (``storage.search.postgres``)."""

from __future__ import annotations

from discogs_service.search.query import build
from discogs_service.storage.search.match_sets import Word
from discogs_service.storage.search.postgres import LexemeChanges, tsquery_text, tsvector_text


def test_tsquery_uses_plain_tokens_for_q_and_field_codes_for_parameters() -> None:
    query = build("ac dc", {"artist": "AC/DC"}, "artist")
    assert tsquery_text(query) == (
        "'k.artist' & (('ac' & 'dc':*) | 'acdc':*) & (('ar.ac' | 'an.ac') & ('ar.dc' | 'an.dc'))"
    )


def test_tsvector_holds_field_coded_and_weighted_plain_tokens() -> None:
    fields = ("artist", "heroes", "bowie", "", "", "", "", "", "", "", "", "", "1977", "")
    assert tsvector_text(fields) == (
        "'k.artist':1 'ti.heroes':2 'heroes':2A 'ar.bowie':3 'bowie':3A 'ye.1977':4 '1977':4D"
    )


def test_changed_entries_match_a_word_as_postgresql_matches_its_lexemes() -> None:
    changes = LexemeChanges(
        {
            4: tsvector_text(("release", "blue", "monday", *[""] * 11)),
            8: tsvector_text(("release", "bluer", "", *[""] * 11)),
            12: "",  # removed: matches nothing
            16: "'k.release' 'ti.don' 'ye.1977':4",  # lexemes without positions too
        }
    )
    assert list(changes.keys) == [4, 8, 12, 16]
    assert sorted(changes.matching(Word(("title",), "blue", False, True))) == [4]
    assert sorted(changes.matching(Word(("title",), "blue", True, True))) == [4, 8]
    assert sorted(changes.matching(Word(("artist", "anv"), "monday", False, False))) == [4]
    assert sorted(changes.matching(Word(("title",), "monday", False, False))) == []
    assert sorted(changes.matching(Word(("kind",), "release", False, False))) == [4, 8, 16]
    assert sorted(changes.matching(Word(("title",), "don", False, False))) == [16]
    assert sorted(changes.matching(Word(("title",), "do", False, False))) == []
    assert sorted(changes.matching(Word(("title",), "do", True, False))) == [16]
    assert sorted(changes.matching(Word(("year",), "1977", False, False))) == [16]
    assert sorted(changes.matching(Word(("year",), "197", False, False))) == []
