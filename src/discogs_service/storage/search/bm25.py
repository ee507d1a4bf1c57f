"""A BM25 order worked out on the match sets, for PostgreSQL's candidates (whose own
``ts_rank`` reads every candidate's vector, tens of milliseconds for a common word).

The match sets (``match_sets.py``) already know how many entries each phrase matches, so
the IDFs cost nothing here; what is left is the per-entry part, which needs each
candidate's text. Reading thousands of candidates' text in Python would cost as much, so the
candidates are ranked in two steps:

1. coarse: the score each would have with every word found once in each field it is in and
   an entry of average length (FTS5's bm25 formula and constants, which SQLite used before
   its Tantivy index). Which fields: per-field match sets for the heavy fields, the light
   ones together. Candidates with the same fields score alike, so this is worked out on
   sets, in tiers of equal score;
2. exact: the best FINE_RANKED of that order (and the rest of the last coarse tier, up to
   FINE_MAX) get the engine's own score (``ts_rank``).

The ranked entries come first in exact order, the others after them in coarse order; both
steps depend on the query and the index only, so every page of a query sees one order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from pyroaring import FrozenBitMap
from sqlalchemy import Connection

from discogs_service.search.facts import FIELDS, KIND_NAMES
from discogs_service.search.query import SearchQuery
from discogs_service.storage.search.match_sets import MatchSets, Word, clause_words, kind_word

# FTS5's bm25 constants (fts5_aux.c).
K1 = 1.2
B = 0.75
MIN_IDF = 1e-6
FINE_RANKED = 50
FINE_MAX = 200
# Fields of at least this weight count apart in the coarse order (title, artist, name
# variation, label, catalogue number, barcode: search.query.QUERY_FIELDS).
SEPARATE_WEIGHT = 3.0
_COLUMN = {name: index for index, name in enumerate(FIELDS)}


@dataclass(frozen=True, slots=True)
class Phrase:
    word: Word
    idf: float
    weights: tuple[tuple[int, float], ...]  # (column, weight) of its fields that count


# The exact scores (higher is better) of some candidates, given the query's phrases.
ExactScores = Callable[[Sequence[int], Sequence["Phrase"]], Mapping[int, float]]


def ranked(
    conn: Connection,
    sets: MatchSets,
    query: SearchQuery,
    candidates: FrozenBitMap,
    boost: Mapping[int, float],
    entries: int,
    exact: ExactScores,
) -> list[int]:
    """``candidates`` (keys matching ``query``), best first. ``boost``: score factor per
    kind code (the key's remainder by 4); ``entries``: how many the index holds (for the
    IDFs); ``exact``: the engine's own scores for the head of the coarse order."""
    phrases = query_phrases(conn, sets, query, entries)
    tiers = _coarse_tiers(conn, sets, phrases, candidates, boost)
    fine, rest = _fine_part(tiers)
    scores = exact(fine, phrases)
    return sorted(fine, key=lambda key: (-scores[key], key)) + rest


def query_phrases(conn: Connection, sets: MatchSets, query: SearchQuery, rows: int) -> list[Phrase]:
    """The phrases of the query, each term and compact form of each clause, with its IDF
    among ``rows`` entries."""
    phrases = []
    for clause in query.clauses:
        terms, compact = clause_words(clause)
        for word in [*terms, *([compact] if compact else [])]:
            hits = len(sets.word(conn, word))
            # ``rows`` is PostgreSQL's estimate as of the last ANALYZE, which a refresh that
            # added fewer than a tenth of the entries leaves alone: a word in every entry
            # may have more hits than it counts.
            entries = max(rows, hits)
            idf = max(MIN_IDF, math.log((entries - hits + 0.5) / (hits + 0.5)))
            weights = tuple(
                (_COLUMN[f], query.weights[f]) for f in word.fields if query.weights.get(f)
            )
            phrases.append(Phrase(word, idf, weights))
    return phrases


def _term_score(idf: float, frequency: float, length_factor: float) -> float:
    return idf * (frequency * (K1 + 1.0)) / (frequency + K1 * length_factor)


# One tier of the coarse order: the candidates with the same coarse score.
Tier = tuple[float, FrozenBitMap]


def _coarse_tiers(
    conn: Connection,
    sets: MatchSets,
    phrases: Sequence[Phrase],
    candidates: FrozenBitMap,
    boost: Mapping[int, float],
) -> list[Tier]:
    """The candidates in tiers of equal coarse score, best first. Worked out on sets, not
    entry by entry: the score depends only on which fields each phrase is in, and few
    combinations occur."""
    tiers: dict[float, FrozenBitMap] = {0.0: candidates}
    for phrase in phrases:
        split: dict[float, FrozenBitMap] = {}
        for frequency, hits in _frequencies(conn, sets, phrase, candidates):
            gain = _term_score(phrase.idf, frequency, 1.0) if frequency else 0.0
            for score, members in tiers.items():
                _add(split, score + gain, members & hits)
        tiers = split
    # Each boosted kind's candidates, found once, not per tier: 275 against 246 us a
    # ranking (the 461 rankings of the benchmark's 500-query mix, the same tiers).
    boosted_kinds = [
        (factor, candidates & sets.word(conn, kind_word(KIND_NAMES[kind])))
        for kind, factor in boost.items()
    ]
    boosted: dict[float, FrozenBitMap] = {}
    for score, members in tiers.items():
        rest = members
        for factor, of_kind in boosted_kinds:
            _add(boosted, score * factor, members & of_kind)
            rest = rest - of_kind
        _add(boosted, score, rest)
    return sorted(boosted.items(), key=lambda tier: -tier[0])


def _frequencies(
    conn: Connection, sets: MatchSets, phrase: Phrase, candidates: FrozenBitMap
) -> list[tuple[float, FrozenBitMap]]:
    """The candidates by the phrase's frequency as if found once in each field it is in:
    the fields that weigh most each by their own set, the others together at the weight of
    the heaviest of them (a set per word and light field would take most of the memory)."""
    matched = candidates & sets.word(conn, phrase.word)
    parts = [(0.0, matched)]
    for column, weight in phrase.weights:
        if weight >= SEPARATE_WEIGHT:
            field = Word((FIELDS[column],), phrase.word.text, phrase.word.prefix, False)
            in_field = sets.word(conn, field)
            parts = [
                split
                for frequency, members in parts
                for split in (
                    (frequency + weight, members & in_field),
                    (frequency, members - in_field),
                )
                if split[1]
            ]
    light = [weight for _, weight in phrase.weights if weight < SEPARATE_WEIGHT]
    if light:
        parts = [(frequency or max(light), members) for frequency, members in parts]
    return [*parts, (0.0, candidates - matched)]


def _add(tiers: dict[float, FrozenBitMap], score: float, members: FrozenBitMap) -> None:
    if members:
        tiers[score] = tiers[score] | members if score in tiers else members


def _fine_part(tiers: Sequence[Tier]) -> tuple[list[int], list[int]]:
    """The head of the coarse order that is ranked exactly (FINE_RANKED entries and the rest
    of the last one's tier, up to FINE_MAX), and the rest in coarse order (by key within a
    tier)."""
    fine: list[int] = []
    rest: list[int] = []
    for _score, members in tiers:
        if len(fine) < FINE_RANKED:
            room = FINE_MAX - len(fine)
            fine += members[:room]
            rest += members[room:]
        else:
            rest += members
    return fine, rest
