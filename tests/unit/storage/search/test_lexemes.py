"""A search query as tsquery text and an entry as tsvector text (``storage.search.lexemes``)."""

from __future__ import annotations

from discogs_service.search.query import build
from discogs_service.storage.search.lexemes import tsquery_text, tsvector_text


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
