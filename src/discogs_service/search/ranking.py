"""How results are ranked: the kind boost (both engines), and for PostgreSQL, within bounds,
strong candidates first. (SQLite's Tantivy index ranks every match by BM25 itself, in
milliseconds: ``storage.search.sqlite``.)

Ranking works through every candidate's key in Python, and a common word matches a good
part of a million releases, so beyond RANK_LIMIT matches only the strong candidates are
ranked - entities with the q words in the fields that weigh most (title, artist, name
variation, label, catalogue number, barcode), which outrank the others anyway. They come
first, ranked when they are at most RANK_LIMIT, then every other match; what is not ranked
comes in key order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from pyroaring import FrozenBitMap

from discogs_service.search.facts import ARTIST, MASTER
from discogs_service.search.query import SearchQuery

# Kinds that stand for more than one record come before the records when they match alike:
# a master before its versions (on Discogs "back in black" shows the master, then the
# pressings), an artist before the releases credited to the name.
KIND_BOOST = {MASTER: 1.2, ARTIST: 1.2}

RANK_LIMIT = 5_000
STRONG_FIELDS = ("title", "artist", "anv", "label", "catno", "barcode")

# A one-letter prefix ("e*") stands for thousands of words, each one's matches merged: with
# FTS5 ~0.7 s on a million releases, against ~2 ms for the letter as a word. A last word of
# one letter is therefore taken as it is (both engines, so that they count alike).
MIN_PREFIX_LENGTH = 2


def strong_candidates(query: SearchQuery) -> SearchQuery | None:
    """``query`` with its ``q`` clause looking in the strong fields only; None without one."""
    if not any(clause.anywhere for clause in query.clauses):
        return None
    clauses = tuple(
        replace(clause, fields=STRONG_FIELDS, anywhere=False) if clause.anywhere else clause
        for clause in query.clauses
    )
    return replace(query, clauses=clauses)


def without_short_prefixes(query: SearchQuery) -> SearchQuery:
    """``query`` with a last word too short to be a useful prefix matched as a whole word."""
    if not any(c.prefix_last and len(c.terms[-1]) < MIN_PREFIX_LENGTH for c in query.clauses):
        return query
    clauses = tuple(
        replace(c, prefix_last=False) if len(c.terms[-1]) < MIN_PREFIX_LENGTH else c
        for c in query.clauses
    )
    return replace(query, clauses=clauses)


@dataclass(frozen=True, slots=True)
class Part:
    """A run of the results: ``size`` matches, whose keys in order ``keys`` finds (only when
    the page reaches into the part)."""

    size: int
    keys: Callable[[], Sequence[int] | FrozenBitMap]


def parts_of(
    query: SearchQuery,
    matched: FrozenBitMap,
    strong_matches: Callable[[SearchQuery], FrozenBitMap],
    ranked: Callable[[SearchQuery, SearchQuery, FrozenBitMap], list[int]],
) -> list[Part]:
    """The results of ``query``, whose matches are ``matched`` (in key order): all ranked, or
    beyond RANK_LIMIT the strong candidates first (ranked when they are few enough), then
    the other matches in key order."""
    total = len(matched)
    if total <= RANK_LIMIT:
        return [Part(total, lambda: ranked(query, query, matched))]
    strong = strong_candidates(query)
    if strong is None:
        return [Part(total, lambda: matched)]
    candidates = strong_matches(strong) & matched
    rest = [Part(total - len(candidates), lambda: matched - candidates)]
    if len(candidates) > RANK_LIMIT:
        return [Part(len(candidates), lambda: candidates), *rest]
    return [Part(len(candidates), lambda: ranked(strong, query, candidates)), *rest]


def page_keys(parts: Sequence[Part], offset: int, limit: int) -> list[int]:
    """Keys ``offset`` to ``offset + limit`` of the parts taken one after the other."""
    keys: list[int] = []
    for part in parts:
        if offset < part.size and len(keys) < limit:
            keys += part.keys()[offset : offset + limit - len(keys)]
        offset = max(0, offset - part.size)
    return keys
