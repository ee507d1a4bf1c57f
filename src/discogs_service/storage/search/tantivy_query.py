"""The Tantivy index of the SQLite engine: its schema, and a search query as a Tantivy query.

Every field holds tokens already folded by ``search.text`` and joined by spaces, so the index
splits on whitespace only and both engines agree on what matches. Positions are not kept
(no phrase is ever asked): term frequencies are enough for BM25.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

import msgspec
import tantivy

from discogs_service.search.facts import FIELDS, KIND_NAMES
from discogs_service.search.query import QUERY_FIELDS, Clause, SearchQuery
from discogs_service.search.ranking import KIND_BOOST

KEY = "key"
# Every field ``q`` looks in, together: BM25 over the whole entry, whose length counts as
# FTS5's bm25 counts a row's (an artist's few names outrank a release that names them among
# its tracks and credits), and one posting list to match a word of ``q`` against.
ALL = "all"
# The fields that weigh most for ``q`` (search.query.QUERY_FIELDS: a title 10, an artist 8,
# the rest 3 or less) are written into the all-fields field this many times, so that a word
# in them has a higher term frequency there and scores more. Before, each word of q carried
# a clause per field (14) adding each field's weight, and those clauses were most of a
# query's cost: over the benchmark's 500-query mix on 100,000 releases, mean 2.1 -> 1.0 ms,
# p95 6.5-7.4 -> 1.8-4.1 ms (benchmarks/README.md). The judged queries keep precision@1
# 0.937 and @3 1.0 either way (0.905 with every field once; 0.921 with the catalogue
# number, label, barcode and name variation written twice too).
ALL_REPEATS = {"title": 2, "artist": 2}
# The index's layout, kept in its stamp: an index written with another one is rebuilt when
# the storage opens (its counts would still be right, its ranking not).
FORMAT = 2
# Tantivy multiplies a hit's score by log2(2 + value) of this field (``weight_by_field``):
# each kind's value is the one that makes the factor its KIND_BOOST. Written with every
# entry, so a change to KIND_BOOST needs the index rebuilt.
BOOST = "kind_boost"
BOOST_VALUES = tuple(2.0 ** KIND_BOOST.get(kind, 1.0) - 2.0 for kind in range(len(KIND_NAMES)))
# A word that only starts with the last word of ``q`` matches with this constant score (a
# regular expression has no BM25 of its own); the word itself, when it is one, scores its
# BM25 besides.
PREFIX_SCORE = 0.1
# A word that only starts with the last word of a parameter matches, but has no BM25 of its
# own: it counts like a rare word once.
PARAMETER_PREFIX_SCORE = 1.0


@functools.cache
def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field(KEY, indexed=True, fast=True)
    builder.add_float_field(BOOST, fast=True)
    builder.add_text_field("kind", tokenizer_name="raw", index_option="basic")
    for name in (*FIELDS[1:], ALL):
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="freq")
    return builder.build()


# Where the all-fields field takes its text from: each query field's place in ``FIELDS``, and
# how many times it is written.
_ALL_PARTS = tuple((FIELDS.index(name), ALL_REPEATS.get(name, 1)) for name in QUERY_FIELDS)


# Text and numbers only, so msgspec's encoder needs no hooks.
_json = msgspec.json.Encoder()


def document_json(key: int, fields: tuple[str, ...]) -> str:
    """The index document of an entry, as JSON for ``IndexWriter.add_json``: its key, its
    kind's boost and its text per field.

    JSON made by msgspec and read by Tantivy with the schema costs less than a ``Document``
    made from a dict (``Document.from_dict``): 19.7-23.5 against 22.8-28.8 us of the writing
    thread an entry with the hand-over, 60.8-68.4 against 68.6-71.4 us with Tantivy's
    indexing thread (20,077 synthetic releases, three rounds each, in turn; benchmarks/
    README.md, "Dictionaries trained with fixed parameters; the index's documents as JSON")."""
    values: dict[str, object] = {KEY: key, BOOST: BOOST_VALUES[key % 4]}
    for name, text in zip(FIELDS, fields, strict=True):
        if text:
            values[name] = text
    written: list[str] = []
    for position, repeats in _ALL_PARTS:
        if text := fields[position]:
            written += [text] * repeats
    values[ALL] = " ".join(written)
    return _json.encode(values).decode()


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
    """A word of ``q``: in the all-fields field, scored by its BM25 there (its rarity, the
    entry's length, and how often the entry holds it: ``ALL_REPEATS`` weighs the fields).
    The last word also matches the words it starts: one regular expression in that field,
    not one per field (each costs ~0.4 ms to build)."""
    scored = _scored_term(index_schema, ALL, text, 1.0)
    if not prefix:
        return scored
    starting = _term(index_schema, ALL, text, prefix=True)
    return tantivy.Query.boolean_query(
        [
            (tantivy.Occur.Must, tantivy.Query.const_score_query(starting, PREFIX_SCORE)),
            (tantivy.Occur.Should, scored),
        ]
    )


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
                (should, tantivy.Query.const_score_query(starting, PARAMETER_PREFIX_SCORE * weight))
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
