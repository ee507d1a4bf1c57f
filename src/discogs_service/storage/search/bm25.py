"""FTS5's bm25, computed here for the candidates of one search instead of by FTS5.

FTS5's ``bm25()`` weighs each phrase of a MATCH by its IDF, which it finds by reading the
phrase's whole posting list at every query: for a word in a few hundred thousand entries,
tens of milliseconds before the first match is scored, and then ~1 us per match. The match
sets (``match_sets.py``) already know how many entries each phrase matches, so the
IDFs cost nothing here; what is left is the per-entry part, which needs each candidate's
text.

Reading thousands of candidates' text in Python would cost as much as FTS5 does, so the
candidates are ranked in two steps:

1. coarse: the score each would have with every word found once in each field it is in and
   an entry of average length. Which fields: per-field match sets for the heavy fields, the
   light ones together. Candidates with the same fields score alike, so this is worked out
   on sets, in tiers of equal score;
2. exact: the best FINE_RANKED of that order (and the rest of the last coarse tier, up to
   FINE_MAX) get FTS5's own formula, from their text (the FTS5 content table) and their
   length in tokens (its docsize table). PostgreSQL gives ``ts_rank`` here instead.

The ranked entries come first in exact order, the others after them in coarse order; both
steps depend on the query and the index only, so every page of a query sees one order.
When there are at most FINE_RANKED candidates, the order is FTS5's bm25 order
(``tests/functional/test_search_bm25.py`` compares them).
"""

from __future__ import annotations

import functools
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


def fts5_ranked(
    conn: Connection,
    sets: MatchSets,
    query: SearchQuery,
    candidates: FrozenBitMap,
    boost: Mapping[int, float],
) -> list[int]:
    """``ranked`` with FTS5's bm25 for the head (SQLite)."""
    entries, average = fts5_averages(conn)
    exact = functools.partial(fts5_scores, conn, average=average, boost=boost)
    return ranked(conn, sets, query, candidates, boost, entries, exact)


def query_phrases(conn: Connection, sets: MatchSets, query: SearchQuery, rows: int) -> list[Phrase]:
    """The phrases of the query's MATCH (``storage.search.fts5_expression``), each term and
    compact form of each clause, with FTS5's IDF among ``rows`` entries (``fts5_averages``)."""
    phrases = []
    for clause in query.clauses:
        terms, compact = clause_words(clause)
        for word in [*terms, *([compact] if compact else [])]:
            hits = len(sets.word(conn, word))
            idf = max(MIN_IDF, math.log((rows - hits + 0.5) / (hits + 0.5)))
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
    boosted: dict[float, FrozenBitMap] = {}
    for score, members in tiers.items():
        rest = members
        for kind, factor in boost.items():
            of_kind = members & sets.word(conn, kind_word(KIND_NAMES[kind]))
            _add(boosted, score * factor, of_kind)
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


def fts5_scores(
    conn: Connection,
    keys: Sequence[int],
    phrases: Sequence[Phrase],
    *,
    average: float,
    boost: Mapping[int, float],
) -> dict[int, float]:
    """FTS5's bm25 of ``keys`` (positive: higher is better), boosted by kind: fts5_aux.c's
    formula over each key's text and length, for the ``phrases`` of ``query_phrases`` and
    the ``average`` entry length of ``fts5_averages``: what ``sqlite.bm25_sql`` has FTS5
    compute, up to rounding - except where a phrase of an AND group that does not match the
    row is still counted here (FTS5 counts it as absent; the xfail case of
    tests/functional/test_search_bm25.py)."""
    columns = sorted({column for phrase in phrases for column, _ in phrase.weights})
    place = {column: index for index, column in enumerate(columns)}
    # Column text is distinct tokens after single spaces (search.text.field_text): " word"
    # is found in C, and counted as a prefix by str.count or as a word by its tokens.
    wanted = [
        (
            phrase.idf,
            " " + phrase.word.text,
            phrase.word.text,
            phrase.word.prefix,
            [(place[c], weight) for c, weight in phrase.weights],
        )
        for phrase in phrases
    ]
    scores = {}
    for key, texts, size in _texts(conn, keys, columns):
        spaced = [" " + text if text else "" for text in texts]
        length_factor = 1.0 - B + B * size / average
        score = 0.0
        for idf, start, word, prefix, weights in wanted:
            frequency = 0.0
            for index, weight in weights:
                text = spaced[index]
                if start in text:
                    found = text.count(start) if prefix else text.split().count(word)
                    frequency += weight * found
            if frequency:
                score += _term_score(idf, frequency, length_factor)
        scores[key] = score * boost.get(key % 4, 1.0)
    return scores


def _texts(
    conn: Connection, keys: Sequence[int], columns: Sequence[int]
) -> list[tuple[int, tuple[str | None, ...], int]]:
    """Per key: the text of the FTS5 ``columns`` and the entry's length in tokens."""
    if not keys:
        return []
    selected = "".join(f", c.c{column}" for column in columns)
    marks = ", ".join("?" * len(keys))
    found = conn.exec_driver_sql(
        f"SELECT c.id{selected}, d.sz FROM search_fts_content AS c"
        f" JOIN search_fts_docsize AS d ON d.id = c.id WHERE c.id IN ({marks})",
        tuple(keys),
    ).all()
    return [(row[0], tuple(row[1:-1]), sum(varints(row[-1]))) for row in found]


def fts5_averages(conn: Connection) -> tuple[int, float]:
    """FTS5's row count and average row length in tokens, from its averages record (the
    data table's row 1: the row count, then each column's total tokens, as varints)."""
    blob = conn.exec_driver_sql("SELECT block FROM search_fts_data WHERE id = 1").scalar()
    if not blob:
        return 0, 1.0
    rows, *totals = varints(bytes(blob))
    return rows, (sum(totals) / rows if rows else 1.0)


def varints(blob: bytes) -> list[int]:
    """SQLite's variable-length integers (big-endian, 7 bits a byte, the ninth byte whole)."""
    if not blob or max(blob) < 0x80:
        return list(blob)  # the usual case for column sizes: one byte each
    values, position = [], 0
    while position < len(blob):
        value = 0
        for index in range(9):
            byte = blob[position]
            position += 1
            if index == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80:
                break
        values.append(value)
    return values
