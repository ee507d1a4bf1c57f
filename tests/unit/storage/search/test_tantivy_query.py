"""The Tantivy documents of the SQLite engine (``storage.search.tantivy_query``)."""

from __future__ import annotations

import math

from discogs_service.search.facts import FIELDS, KIND_NAMES
from discogs_service.search.query import QUERY_FIELDS
from discogs_service.search.ranking import KIND_BOOST
from discogs_service.storage.search.tantivy_query import (
    ALL,
    ALL_REPEATS,
    BOOST,
    BOOST_VALUES,
    document,
)


def test_each_kinds_weight_makes_tantivys_factor_its_kind_boost() -> None:
    # weight_by_field multiplies a score by log2(2 + value)
    for kind in range(len(KIND_NAMES)):
        assert math.isclose(math.log2(2 + BOOST_VALUES[kind]), KIND_BOOST.get(kind, 1.0))


def test_a_document_holds_every_searchable_field_together_and_the_kind_apart() -> None:
    texts = {name: f"{name}word" for name in FIELDS}
    texts["kind"] = "master"
    found = document(4 * 7 + 1, tuple(texts[name] for name in FIELDS)).to_dict()
    assert found["key"] == [29]
    assert found[BOOST] == [BOOST_VALUES[1]]
    assert found["kind"] == ["master"]
    every_field = [f"{name}word" for name in QUERY_FIELDS for _ in range(ALL_REPEATS.get(name, 1))]
    assert sorted(found[ALL][0].split()) == sorted(every_field)
    assert "kindword" not in found[ALL][0]


def test_the_fields_that_weigh_most_are_written_more_often() -> None:
    texts = {name: f"{name}word" for name in FIELDS}
    words = document(8, tuple(texts[name] for name in FIELDS)).to_dict()[ALL][0].split()
    assert words.count("titleword") == words.count("artistword") == 2
    assert words.count("labelword") == words.count("trackword") == 1
