"""FTS5's bm25, computed here for the candidates of one search instead of by FTS5.

FTS5's ``bm25()`` weighs each phrase of a MATCH by its IDF, which it finds by reading the
phrase's whole posting list at every query: for a word in a few hundred thousand entries,
tens of milliseconds before the first match is scored, and then ~1 us per match. The match
sets (``storage.search_sets``) already know how many entries each phrase matches, so the
IDFs cost nothing here; what is left is the per-entry part, which needs each candidate's
text.

Reading thousands of candidates' text in Python would cost as much as FTS5 does, so the
candidates are ranked in two steps:

1. coarse: the score each would have with every word found once in each field it is in
   (which fields, from per-field match sets) and an entry of average length;
2. exact: the best FINE_RANKED of that order (and the rest of the last coarse tier, up to
   FINE_MAX) get FTS5's own formula, from their text (the FTS5 content table) and their
   length in tokens (its docsize table).

The ranked entries come first in exact order, the others after them in coarse order; both
steps depend on the query and the index only, so every page of a query sees one order.
When there are at most FINE_RANKED candidates, the order is FTS5's bm25 order
(``tests/functional/test_search_bm25.py`` compares them).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pyroaring import FrozenBitMap
from sqlalchemy import Connection

from discogs_service.search_facts import FIELDS
from discogs_service.search_query import SearchQuery
from discogs_service.storage.search_sets import MatchSets, Word, clause_words

# FTS5's bm25 constants (fts5_aux.c).
K1 = 1.2
B = 0.75
MIN_IDF = 1e-6
FINE_RANKED = 100
FINE_MAX = 500
_COLUMN = {name: index for index, name in enumerate(FIELDS)}


@dataclass(frozen=True, slots=True)
class Phrase:
    word: Word
    idf: float
    weights: tuple[tuple[int, float], ...]  # (column, weight) of its fields that count


def ranked(
    conn: Connection,
    sets: MatchSets,
    query: SearchQuery,
    candidates: FrozenBitMap,
    boost: Mapping[int, float],
) -> list[int]:
    """``candidates`` (keys matching ``query``), best first; ``boost``: score factor per
    kind code (the key's remainder by 4)."""
    rows, average_length = _averages(conn)
    phrases = _phrases(conn, sets, query, rows)
    coarse = _coarse_scores(conn, sets, phrases, candidates, boost)
    order = sorted(candidates, key=lambda key: (-coarse.get(key, 0.0), key))
    fine = _fine_part(order, coarse)
    exact = _exact_scores(conn, phrases, fine, average_length, boost)
    return sorted(fine, key=lambda key: (-exact[key], key)) + order[len(fine) :]


def _phrases(conn: Connection, sets: MatchSets, query: SearchQuery, rows: int) -> list[Phrase]:
    """The phrases of the query's MATCH (``storage.search.fts5_expression``), each term and
    compact form of each clause, with FTS5's IDF."""
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


def _coarse_scores(
    conn: Connection,
    sets: MatchSets,
    phrases: Sequence[Phrase],
    candidates: FrozenBitMap,
    boost: Mapping[int, float],
) -> dict[int, float]:
    scores: dict[int, float] = defaultdict(float)
    for phrase in phrases:
        frequency: dict[int, float] = defaultdict(float)
        for column, weight in phrase.weights:
            field = Word((FIELDS[column],), phrase.word.text, phrase.word.prefix, False)
            for key in candidates & sets.word(conn, field):
                frequency[key] += weight
        for key, found in frequency.items():
            scores[key] += _term_score(phrase.idf, found, 1.0)
    return {key: score * boost.get(key % 4, 1.0) for key, score in scores.items()}


def _fine_part(order: list[int], coarse: Mapping[int, float]) -> list[int]:
    """The head of the coarse order that is ranked exactly: FINE_RANKED entries and the rest
    of the last one's tier, up to FINE_MAX."""
    end = min(FINE_RANKED, len(order))
    if end:
        tier = coarse.get(order[end - 1], 0.0)
        while end < min(FINE_MAX, len(order)) and coarse.get(order[end], 0.0) == tier:
            end += 1
    return order[:end]


def _exact_scores(
    conn: Connection,
    phrases: Sequence[Phrase],
    keys: Sequence[int],
    average_length: float,
    boost: Mapping[int, float],
) -> dict[int, float]:
    columns = sorted({column for phrase in phrases for column, _ in phrase.weights})
    place = {column: index for index, column in enumerate(columns)}
    wanted = [
        (phrase.idf, phrase.word, [(place[c], weight) for c, weight in phrase.weights])
        for phrase in phrases
    ]
    scores = {}
    for key, texts, size in _texts(conn, keys, columns):
        spaced = [" " + text if text else "" for text in texts]
        length_factor = 1.0 - B + B * size / average_length
        score = 0.0
        for idf, word, weights in wanted:
            frequency = 0.0
            for index, weight in weights:
                if found := _occurrences(word, spaced[index]):
                    frequency += weight * found
            if frequency:
                score += _term_score(idf, frequency, length_factor)
        scores[key] = score * boost.get(key % 4, 1.0)
    return scores


def _occurrences(word: Word, spaced: str) -> int:
    """How often ``word`` is a token (or starts one) of ``spaced``: a column's tokens, each
    after a space."""
    start = " " + word.text
    if start not in spaced:
        return 0  # the usual case, decided in C
    if word.prefix:
        return spaced.count(start)
    return spaced.split().count(word.text)


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
    return [(row[0], tuple(row[1:-1]), sum(_varints(row[-1]))) for row in found]


def _averages(conn: Connection) -> tuple[int, float]:
    """FTS5's row count and average row length in tokens, from its averages record (the
    data table's row 1: the row count, then each column's total tokens, as varints)."""
    blob = conn.exec_driver_sql("SELECT block FROM search_fts_data WHERE id = 1").scalar()
    if not blob:
        return 0, 1.0
    rows, *totals = _varints(bytes(blob))
    return rows, (sum(totals) / rows if rows else 1.0)


def _varints(blob: bytes) -> list[int]:
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
