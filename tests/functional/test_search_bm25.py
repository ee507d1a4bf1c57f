"""``storage.search.bm25`` computes FTS5's bm25 itself, from the match sets and the FTS5
tables: for every query of the judged set and more, each entry's score is the one FTS5's own
``bm25()`` gives, and the order is FTS5's (SQLite; PostgreSQL ranks with ts_rank)."""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

import pytest
from sqlalchemy import Connection

from discogs_service.search.facts import KIND_CODES
from discogs_service.search.query import SearchQuery, build
from discogs_service.search.ranking import KIND_BOOST, without_short_prefixes
from discogs_service.storage import Storage
from discogs_service.storage.search import bm25 as search_bm25
from discogs_service.storage.search import search_index
from discogs_service.storage.search.sqlite import SqliteSearch, bm25_sql, fts5_expression
from tests.search_cases import JUDGED, QUERIES, SEARCH_CATALOGUE

SQLITE_ONLY = pytest.mark.parametrize(
    ("search_storage", "sample_storage"), [("sqlite", "sqlite")], indirect=True, ids=["sqlite"]
)

CASES = [(SEARCH_CATALOGUE, text, parameters, kind) for text, parameters, kind in QUERIES] + [
    (j.catalogue, j.parameters.get("q", ""), j.parameters, j.parameters.get("type")) for j in JUDGED
]


def fts5_scores(conn: Connection, query: SearchQuery) -> dict[int, float]:
    """FTS5's own bm25 of every match, with the kind boost, positive (higher is better)."""
    kind = KIND_CODES[query.kind] if query.kind else None
    also = "" if kind is None else f" AND rowid % 4 = {kind}"
    rows = conn.exec_driver_sql(
        f"SELECT rowid, {bm25_sql(query)} FROM search_fts WHERE search_fts MATCH ?{also}",
        (fts5_expression(replace(query, kind=None)),),
    ).all()
    return {key: -score for key, score in rows}


@SQLITE_ONLY
@pytest.mark.parametrize("catalogue, text, parameters, kind", CASES, ids=lambda v: repr(v))
def test_scores_and_order_are_fts5s_bm25(
    search_storage: Storage,
    sample_storage: Storage,
    catalogue: str,
    text: str,
    parameters: dict[str, str],
    kind: str | None,
) -> None:
    storage = search_storage if catalogue == SEARCH_CATALOGUE else sample_storage
    index = search_index(storage.engine)
    assert isinstance(index, SqliteSearch)
    query = without_short_prefixes(build(text, parameters, kind))
    if query.matches_everything or query.impossible:
        return
    with storage.engine.connect() as conn:
        expected = fts5_scores(conn, query)
        candidates = index.sets.matches(conn, query)
        assert set(candidates) == set(expected)
        order = search_bm25.fts5_ranked(conn, index.sets, query, candidates, KIND_BOOST)
    assert len(order) <= search_bm25.FINE_RANKED  # small catalogues: all ranked exactly
    assert sorted(order) == sorted(expected)
    ours = [expected[key] for key in order]
    # FTS5's order: scores never rise along ours (equal scores: by key, up to rounding)
    for better, worse in itertools.pairwise(ours):
        assert better >= worse or math.isclose(better, worse, rel_tol=1e-9)


@pytest.mark.parametrize("search_storage", ["sqlite"], indirect=True)
def test_exact_scores_equal_fts5s(search_storage: Storage) -> None:
    index = search_index(search_storage.engine)
    assert isinstance(index, SqliteSearch)
    for text, parameters, kind in QUERIES:
        query = without_short_prefixes(build(text, parameters, kind))
        with search_storage.engine.connect() as conn:
            expected = fts5_scores(conn, query)
            rows, average = search_bm25.fts5_averages(conn)
            phrases = search_bm25.query_phrases(conn, index.sets, query, rows)
            exact = search_bm25.fts5_scores(
                conn, list(expected), phrases, average=average, boost=KIND_BOOST
            )
        for key, score in expected.items():
            assert math.isclose(exact[key], score, rel_tol=1e-9), (text, parameters, key)
