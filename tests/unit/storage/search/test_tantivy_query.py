"""The Tantivy documents of the SQLite engine (``storage.search.tantivy_query``)."""

from __future__ import annotations

import json
import math

import tantivy

from discogs_service.search.facts import FIELDS, KIND_NAMES
from discogs_service.search.query import QUERY_FIELDS
from discogs_service.search.ranking import KIND_BOOST
from discogs_service.storage.search.tantivy_query import (
    ALL,
    ALL_REPEATS,
    BOOST,
    BOOST_VALUES,
    document_json,
    keys_query,
    schema,
)


def test_each_kinds_weight_makes_tantivys_factor_its_kind_boost() -> None:
    # weight_by_field multiplies a score by log2(2 + value)
    for kind in range(len(KIND_NAMES)):
        assert math.isclose(math.log2(2 + BOOST_VALUES[kind]), KIND_BOOST.get(kind, 1.0))


def test_a_document_holds_every_searchable_field_together_and_the_kind_apart() -> None:
    texts = {name: f"{name}word" for name in FIELDS}
    texts["kind"] = "master"
    found = json.loads(document_json(4 * 7 + 1, tuple(texts[name] for name in FIELDS)))
    assert found["key"] == 29
    assert found[BOOST] == BOOST_VALUES[1]
    assert found["kind"] == "master"
    every_field = [f"{name}word" for name in QUERY_FIELDS for _ in range(ALL_REPEATS.get(name, 1))]
    assert sorted(found[ALL].split()) == sorted(every_field)
    assert "kindword" not in found[ALL]


def test_the_fields_that_weigh_most_are_written_more_often() -> None:
    texts = {name: f"{name}word" for name in FIELDS}
    words = json.loads(document_json(8, tuple(texts[name] for name in FIELDS)))[ALL].split()
    assert words.count("titleword") == words.count("artistword") == 2
    assert words.count("labelword") == words.count("trackword") == 1


def test_tantivy_reads_the_document_with_the_schema_and_finds_it_by_its_words() -> None:
    texts = dict.fromkeys(FIELDS, "")
    texts.update(kind="release", title='say "東京" \\ 😀 twice', label="warp")
    index = tantivy.Index(schema())
    writer = index.writer(15_000_000, 1)
    writer.add_json(document_json(4 * 12, tuple(texts[name] for name in FIELDS)))
    untitled = {**texts, "title": ""}
    writer.add_json(document_json(4 * 13, tuple(untitled[name] for name in FIELDS)))
    writer.commit()
    index.reload()
    searcher = index.searcher()

    def found(query: tantivy.Query) -> int:
        return int(searcher.search(query, 10).count)  # type: ignore[attr-defined]

    for field, word, entries in (
        ("title", '"東京"', 1),
        ("title", "\\", 1),
        ("title", "😀", 1),
        (ALL, "twice", 1),
        ("label", "warp", 2),
        ("kind", "release", 2),
    ):
        assert found(tantivy.Query.term_query(index.schema, field, word)) == entries, word
    assert found(keys_query(index.schema, [48])) == 1
    assert found(keys_query(index.schema, [48, 52, 56])) == 2
