"""How PostgreSQL's text search sees the index (``postgres``): an entry's tokens as the
lexemes of its ``tsvector``, each twice - plain, weighted by its field's importance (A..D) for
``q``, and prefixed with its field's code for field-restricted parameters - and a query or one
of its words as the ``tsquery`` of those lexemes."""

from __future__ import annotations

from collections.abc import Sequence

from discogs_service.search.facts import FIELDS
from discogs_service.search.query import QUERY_FIELDS, Clause, SearchQuery
from discogs_service.storage.search.match_sets import Word

_CODES = {
    "kind": "k",
    "title": "ti",
    "artist": "ar",
    "anv": "an",
    "credit": "cr",
    "label": "la",
    "catno": "ca",
    "barcode": "ba",
    "track": "tr",
    "genre": "ge",
    "style": "st",
    "country": "co",
    "year": "ye",
    "format": "fo",
}
# ts_rank's four weights; a field's plain tokens carry the letter of its importance.
_WEIGHT_LETTERS = {10.0: "A", 8.0: "A", 3.0: "B", 1.0: "C", 0.5: "D"}


def word_lexemes(word: Word) -> list[str]:
    """The lexemes a word looks for: q its plain token (every field), a parameter the token
    with each of its fields' codes."""
    if word.anywhere:
        return [word.text]
    return [f"{_CODES[field]}.{word.text}" for field in word.fields]


def tsvector_text(fields: Sequence[str]) -> str:
    """The tsvector of one entity: each token with its field code, and plain with the weight
    of the most important field it is in."""
    lexemes: dict[str, list[str]] = {}
    position = 0
    for name, value in zip(FIELDS, fields, strict=True):
        letter = _WEIGHT_LETTERS.get(QUERY_FIELDS.get(name, 0.0))
        for token in value.split():
            position = min(position + 1, 16383)
            lexemes.setdefault(f"{_CODES[name]}.{token}", []).append(str(position))
            if letter:
                lexemes.setdefault(token, []).append(f"{position}{letter}")
    return " ".join(f"'{lexeme}':{','.join(spots)}" for lexeme, spots in lexemes.items())


def tsquery_text(query: SearchQuery) -> str:
    parts = [f"'k.{query.kind}'"] if query.kind else []
    for clause in query.clauses:
        parts.append(_clause_tsquery(clause))
    return " & ".join(parts)


def _clause_tsquery(clause: Clause) -> str:
    terms = []
    last = len(clause.terms) - 1
    for index, term in enumerate(clause.terms):
        prefix = ":*" if clause.prefix_last and index == last else ""
        if clause.anywhere:
            terms.append(f"'{term}'{prefix}")  # q: the plain tokens of every field
        else:
            either = " | ".join(f"'{_CODES[f]}.{term}'{prefix}" for f in clause.fields)
            terms.append(f"({either})")
    every_term = "(" + " & ".join(terms) + ")"
    if clause.compact:  # only q has one, and q looks at the plain tokens
        prefix = ":*" if clause.prefix_last else ""
        return f"({every_term} | '{clause.compact}'{prefix})"
    return every_term


def word_tsquery(word: Word) -> str:
    star = ":*" if word.prefix else ""
    return " | ".join(f"'{lexeme}'{star}" for lexeme in word_lexemes(word))
