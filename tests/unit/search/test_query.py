"""A search request as clauses (``search.query``): which fields each parameter searches, the
last word as a prefix, compact forms, and the queries that match everything or nothing."""

from __future__ import annotations

from discogs_service.search.query import MAX_TERMS, Clause, build


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
