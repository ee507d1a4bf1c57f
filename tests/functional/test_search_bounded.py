"""Ranking within bounds (``search.ranking.RANK_LIMIT``): when a query matches more entities
than are worth ranking, the strong candidates (q words in a title, artist, label...) come
first, the other matches after them, and paging still walks every match exactly once. The
limit is lowered here so that the small search catalogue crosses it. PostgreSQL only: SQLite's
Tantivy index ranks every match (tests/functional/test_search_tantivy.py pages through them)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from discogs_service.search import ranking
from discogs_service.storage.search import bm25

# "back": titles of the AC/DC "Back In Black" master and releases (strong), and tracks
# elsewhere, such as Oasis's "Don't Look Back In Anger" (weak).
QUERIES: list[dict[str, Any]] = [
    {"q": "back"},
    {"q": "back", "type": "release"},
    {"q": "black"},
    {"genre": "rock"},  # no q: no strong candidates past the limit, so key order
]


def query_id(parameters: dict[str, Any]) -> str:
    return "&".join(f"{name}={value}" for name, value in parameters.items())


EACH_QUERY = pytest.mark.parametrize("parameters", QUERIES, ids=query_id)
pytestmark = pytest.mark.parametrize("search_storage", ["postgresql"], indirect=True)


def listing(find: httpx.Client, per_page: int, **parameters: Any) -> tuple[int, list[Any]]:
    """``items`` and every result, page after page."""
    results: list[Any] = []
    page, items = 1, 0
    while True:
        response = find.get(
            "/database/search", params={**parameters, "page": page, "per_page": per_page}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        items = body["pagination"]["items"]
        results += [(r["type"], r["id"]) for r in body["results"]]
        if page >= body["pagination"]["pages"]:
            return items, results
        page += 1


@EACH_QUERY
def test_paging_past_the_rank_limit_walks_every_match_once(
    find: httpx.Client, monkeypatch: pytest.MonkeyPatch, parameters: dict[str, Any]
) -> None:
    items, ranked = listing(find, 100, **parameters)
    assert items >= 3
    monkeypatch.setattr(ranking, "RANK_LIMIT", 2)
    walk_every_page_size(find, parameters, items, ranked)


def walk_every_page_size(
    find: httpx.Client, parameters: dict[str, Any], items: int, ranked: list[Any]
) -> list[Any]:
    """Pages of 1, 2 and 3 results: each size walks every match once, all in one order."""
    walks = []
    for per_page in (1, 2, 3):
        bounded_items, bounded = listing(find, per_page, **parameters)
        assert bounded_items == items
        assert len(bounded) == len(set(bounded)) == items
        assert set(bounded) == set(ranked)
        walks.append(bounded)
    assert walks[0] == walks[1] == walks[2]
    return walks[0]


def key_order(results: list[tuple[str, int]]) -> list[tuple[str, int]]:
    kinds = ("release", "master", "artist", "label")
    return sorted(results, key=lambda r: r[1] * 4 + kinds.index(r[0]))  # search.facts.key


def test_too_many_strong_candidates_come_first_in_key_order(
    find: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    strong = set(found(find, release_title="back"))
    assert len(strong) > 2
    monkeypatch.setattr(ranking, "RANK_LIMIT", 2)
    _, results = listing(find, 100, q="back")
    assert ("master", 32) in results[len(strong) :]  # Oasis: "back" in a track only
    assert results[: len(strong)] == key_order(list(strong))
    assert results[len(strong) :] == key_order(results[len(strong) :])


def test_few_strong_candidates_are_ranked_before_other_matches(
    find: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    strong = set(found(find, release_title="back"))
    items, ranked = listing(find, 100, q="back")
    monkeypatch.setattr(ranking, "RANK_LIMIT", items - 1)
    _, results = listing(find, 100, q="back")
    assert set(results[: len(strong)]) == strong
    # ranked: the master before its versions, as without the limit
    assert results[0] == ("master", 30) == ranked[0]
    assert results[len(strong) :] == key_order(results[len(strong) :])


def found(find: httpx.Client, **parameters: Any) -> list[tuple[str, int]]:
    return listing(find, 100, **parameters)[1]


# SQLite ranks the head of the coarse order exactly (storage.search.bm25; PostgreSQL with
# ts_rank): with a head of one entry (or its tier, up to two), pages of every size must still
# walk every match once, in one order.
SMALL_HEAD = 2


def small_exact_part(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bm25, "FINE_RANKED", 1)
    monkeypatch.setattr(bm25, "FINE_MAX", SMALL_HEAD)


@pytest.mark.parametrize("parameters", [p for p in QUERIES if "q" in p], ids=query_id)
def test_a_small_exact_part_keeps_the_best_match_first(
    find: httpx.Client, monkeypatch: pytest.MonkeyPatch, parameters: dict[str, Any]
) -> None:
    """Words in fields of different weights: the coarse order puts the best match in the
    head, and the exact part ranks it first as the whole ranking does."""
    items, ranked = listing(find, 100, **parameters)
    assert items > SMALL_HEAD  # more matches than the head, or nothing is left out of it
    small_exact_part(monkeypatch)
    bounded = walk_every_page_size(find, parameters, items, ranked)
    assert bounded[0] == ranked[0]


def test_a_small_exact_part_ranks_its_tier_and_leaves_the_next_in_key_order(
    find: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """genre=rock: one word in one field, so the coarse order tells matches apart by kind
    only - the masters (boosted) one tier, the releases the next. The head is the masters'
    tier, ranked exactly as in the whole ranking; the releases follow in key order, where
    the whole ranking orders them by their exact scores."""
    items, ranked = listing(find, 100, genre="rock")
    masters = [result for result in ranked if result[0] == "master"]
    releases = [result for result in ranked if result[0] == "release"]
    assert len(masters) == SMALL_HEAD and len(releases) > 1
    assert releases != key_order(releases)  # else key order would prove nothing
    small_exact_part(monkeypatch)
    bounded = walk_every_page_size(find, {"genre": "rock"}, items, ranked)
    assert bounded == masters + key_order(releases)
