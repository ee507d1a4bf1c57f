"""The Tantivy index of the SQLite engine: its schema, and a search query as a Tantivy query.

Every field holds tokens already folded by ``search.text`` and joined by spaces, so the index
splits on whitespace only and both engines agree on what matches. Positions are not kept
(no phrase is ever asked): term frequencies are enough for BM25.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import tantivy

from discogs_service.search.facts import FIELDS, KIND_NAMES
from discogs_service.search.query import QUERY_FIELDS, Clause, SearchQuery
from discogs_service.search.ranking import KIND_BOOST

KEY = "key"
# Every field ``q`` looks in, together: BM25 over the whole entry, whose length counts as
# FTS5's bm25 counts a row's (an artist's few names outrank a release that names them among
# its tracks and credits), and one posting list to match ``q`` against instead of 13.
ALL = "all"
# Tantivy multiplies a hit's score by log2(2 + value) of this field (``weight_by_field``):
# each kind's value is the one that makes the factor its KIND_BOOST. Written with every
# entry, so a change to KIND_BOOST needs the index rebuilt.
BOOST = "kind_boost"
BOOST_VALUES = tuple(2.0 ** KIND_BOOST.get(kind, 1.0) - 2.0 for kind in range(len(KIND_NAMES)))
# A word of q scores its BM25 in the all-fields field plus this much per weight of each field
# it is in (search.query.QUERY_FIELDS: a title 1.0, an artist 0.8, a track 0.1). The judged
# queries (tests/search_cases.py) keep precision@1 0.937 and @3 1.0 from 0.03 to 0.3, and
# lose three artists and labels to their releases at 1.0.
FIELD_SCORE = 0.1
# A word that only starts with the last word of a parameter matches, but has no BM25 of its
# own (a regular expression matches with a constant score): it counts like a rare word once.
PREFIX_SCORE = 1.0


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field(KEY, indexed=True, fast=True)
    builder.add_float_field(BOOST, fast=True)
    builder.add_text_field("kind", tokenizer_name="raw", index_option="basic")
    for name in (*FIELDS[1:], ALL):
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="freq")
    return builder.build()


def document(key: int, fields: tuple[str, ...]) -> tantivy.Document:
    """The index document of an entry: its key, its kind's boost and its text per field."""
    kind = key % 4
    values: dict[str, object] = {KEY: key, BOOST: BOOST_VALUES[kind]}
    texts = dict(zip(FIELDS, fields, strict=True))
    values.update((name, text) for name, text in texts.items() if text)
    values[ALL] = " ".join(texts[name] for name in QUERY_FIELDS if texts[name])
    return tantivy.Document(**values)


def keys_query(index_schema: tantivy.Schema, keys: list[int]) -> tantivy.Query:
    return tantivy.Query.term_set_query(index_schema, KEY, keys)


def search_query(index_schema: tantivy.Schema, query: SearchQuery) -> tantivy.Query:
    """Every clause must match; the kind, when asked, is a filter that does not score."""
    must = tantivy.Occur.Must
    parts = [(must, _clause(index_schema, clause, query.weights)) for clause in query.clauses]
    if query.kind:
        kind = tantivy.Query.term_query(index_schema, "kind", query.kind)
        parts.append((must, tantivy.Query.const_score_query(kind, 0.0)))
    return tantivy.Query.boolean_query(parts)


def _clause(
    index_schema: tantivy.Schema, clause: Clause, weights: Mapping[str, float]
) -> tantivy.Query:
    """Every term in one of the clause's fields, or else its compact form."""
    word = _anywhere if clause.anywhere else _in_fields
    last = len(clause.terms) - 1
    every_term = tantivy.Query.boolean_query(
        [
            (
                tantivy.Occur.Must,
                word(index_schema, clause.fields, term, clause.prefix_last and i == last, weights),
            )
            for i, term in enumerate(clause.terms)
        ]
    )
    if not clause.compact:
        return every_term
    compact = word(index_schema, clause.fields, clause.compact, clause.prefix_last, weights)
    should = tantivy.Occur.Should
    return tantivy.Query.boolean_query([(should, every_term), (should, compact)])


def _anywhere(
    index_schema: tantivy.Schema,
    fields: tuple[str, ...],
    text: str,
    prefix: bool,
    weights: Mapping[str, float],
) -> tantivy.Query:
    """A word of ``q``: matched in the all-fields field, scored by its BM25 there (rarity,
    length of the entry) plus the weight of each field it is in. A word that only starts
    with a prefix counts as found in a field of weight 1: one regular expression for the
    prefix, not one per field (each costs ~0.4 ms to build, 14 of them were most of a
    query's time on 100,000 releases)."""
    should = tantivy.Occur.Should
    found = _term(index_schema, ALL, text, prefix)
    parts = [
        (tantivy.Occur.Must, tantivy.Query.const_score_query(found, FIELD_SCORE)),
        (should, _scored_term(index_schema, ALL, text, 1.0)),
    ]
    for name in fields:
        in_field = _term(index_schema, name, text, prefix=False)
        score = FIELD_SCORE * weights.get(name, 0.0)
        parts.append((should, tantivy.Query.const_score_query(in_field, score)))
    return tantivy.Query.boolean_query(parts)


def _in_fields(
    index_schema: tantivy.Schema,
    fields: tuple[str, ...],
    text: str,
    prefix: bool,
    weights: Mapping[str, float],
) -> tantivy.Query:
    """A word of a parameter: in any of its ``fields``, each scored by BM25 with its weight."""
    should = tantivy.Occur.Should
    options: list[tuple[tantivy.Occur, tantivy.Query]] = []
    for name in fields:
        weight = weights.get(name, 0.0)
        options.append((should, _scored_term(index_schema, name, text, weight)))
        if prefix:
            starting = _term(index_schema, name, text, prefix=True)
            options.append(
                (should, tantivy.Query.const_score_query(starting, PREFIX_SCORE * weight))
            )
    return tantivy.Query.boolean_query(options)


def _scored_term(
    index_schema: tantivy.Schema, name: str, text: str, weight: float
) -> tantivy.Query:
    term = tantivy.Query.term_query(index_schema, name, text, index_option="freq")
    return tantivy.Query.boost_query(term, weight)


def _term(index_schema: tantivy.Schema, name: str, text: str, prefix: bool) -> tantivy.Query:
    """``text`` in field ``name``, or with ``prefix`` any word starting with it: a regular
    expression, not Tantivy's phrase prefix, which silently stops at 50 words."""
    if prefix:
        return tantivy.Query.regex_query(index_schema, name, re.escape(text) + ".*")
    return tantivy.Query.term_query(index_schema, name, text, index_option="basic")
