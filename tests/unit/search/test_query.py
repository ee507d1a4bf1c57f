"""A search request as clauses, and the same clauses as FTS5 and tsquery text."""

from __future__ import annotations

from discogs_service.search.query import MAX_TERMS, Clause, build
from discogs_service.storage.search.postgres import tsquery_text, tsvector_text
from discogs_service.storage.search.sqlite import fts5_expression


def test_q_looks_everywhere_with_its_last_word_as_a_prefix() -> None:
    (clause,) = build("Back In Bl", {}, None).clauses
    assert clause.terms == ("back", "in", "bl")
    assert clause.anywhere and clause.prefix_last
    assert clause.compact == "backinbl"


def test_a_single_word_has_no_compact_alternative() -> None:
    (clause,) = build("bjork", {}, None).clauses
    assert clause.compact == ""


def test_parameters_each_add_a_clause_on_their_own_fields() -> None:
    query = build("", {"artist": "Björk", "year": "1997", "genre": ""}, "release")
    assert query.kind == "release"
    assert query.clauses == (
        Clause(("artist", "anv"), ("bjork",)),
        Clause(("year",), ("1997",)),
    )


def test_catalogue_numbers_and_barcodes_are_looked_up_compact() -> None:
    query = build("", {"catno": "SD-16018", "barcode": "5 099751 076520"}, None)
    assert [c.terms for c in query.clauses] == [("sd16018",), ("5099751076520",)]


def test_submitter_and_contributor_can_match_nothing_here() -> None:
    assert build("", {"submitter": "someone"}, None).impossible
    assert build("", {"submitter": " "}, None).matches_everything  # blank is absent


def test_no_words_at_all_matches_everything() -> None:
    assert build("", {}, None).matches_everything
    assert build(" \u0301 ", {}, None).matches_everything


def test_terms_are_capped() -> None:
    (clause,) = build(" ".join(f"w{i}" for i in range(100)), {}, None).clauses
    assert len(clause.terms) == MAX_TERMS


def test_fts5_expression_quotes_every_term() -> None:
    query = build('near " OR * ( dc', {"label": "NOT"}, "release")
    assert fts5_expression(query) == (
        'kind : "release"'
        " AND {title artist anv label catno barcode credit track genre style country year format}"
        ' : (("near" "or" "dc"*) OR "nearordc"*)'
        ' AND {label} : ("not")'
    )


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
