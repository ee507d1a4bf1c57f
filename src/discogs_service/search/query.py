"""A /database/search request as terms per index field, the same for both engines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from discogs_service.search.text import MAX_TOKEN_LENGTH, tokens

# Fields a bare query (`q`) looks in, and how much a match in each counts.
QUERY_FIELDS = {
    "title": 10.0,
    "artist": 8.0,
    "anv": 3.0,
    "label": 3.0,
    "catno": 3.0,
    "barcode": 3.0,
    "credit": 1.0,
    "track": 1.0,
    "genre": 0.5,
    "style": 0.5,
    "country": 0.5,
    "year": 0.5,
    "format": 0.5,
}

# Search parameters and the index fields each one matches.
PARAMETER_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("artist", "anv", "title"),  # "artist - title"
    "release_title": ("title",),
    "credit": ("artist", "anv", "credit"),
    "artist": ("artist", "anv"),
    "anv": ("anv",),
    "label": ("label",),
    "genre": ("genre",),
    "style": ("style",),
    "country": ("country",),
    "year": ("year",),
    "format": ("format",),
    "catno": ("catno",),
    "barcode": ("barcode",),
    "track": ("track",),
}
# Parameters about data the dumps do not have: given, they match nothing here.
UNKNOWABLE = ("submitter", "contributor")
MAX_TERMS = 32


@dataclass(frozen=True)
class Clause:
    fields: tuple[str, ...]
    terms: tuple[str, ...]
    prefix_last: bool = False  # the last term also matches words that start with it
    anywhere: bool = False  # q: every searchable field
    # Also matches: the terms written as one word ("tplp 71 cd" finds catalogue number
    # "TPLP71CD", "ac dc" the artist "AC/DC"), as an alternative to all the terms.
    compact: str = ""


@dataclass(frozen=True)
class SearchQuery:
    clauses: tuple[Clause, ...] = ()
    kind: str | None = None  # release, master, artist or label
    impossible: bool = False  # a condition nothing here can meet
    weights: Mapping[str, float] = field(default_factory=lambda: QUERY_FIELDS)

    @property
    def matches_everything(self) -> bool:
        return not self.clauses and not self.impossible


def build(query: str, parameters: Mapping[str, str], kind: str | None) -> SearchQuery:
    """Terms per clause: ``q`` over every searchable field (its last word as a prefix), each
    other parameter over its own fields; all clauses must match."""
    clauses = []
    if query_terms := tuple(tokens(query))[:MAX_TERMS]:
        compact = "".join(query_terms)[:MAX_TOKEN_LENGTH] if len(query_terms) > 1 else ""
        clauses.append(
            Clause(
                tuple(QUERY_FIELDS), query_terms, prefix_last=True, anywhere=True, compact=compact
            )
        )
    impossible = False
    for name, fields in PARAMETER_FIELDS.items():
        value = parameters.get(name, "")
        if not value.strip():
            continue
        terms = tuple(_parameter_terms(name, value))[:MAX_TERMS]
        if terms:
            clauses.append(Clause(fields, terms))
        else:
            impossible = True  # nothing left after folding (combining marks only)
    if any(parameters.get(name, "").strip() for name in UNKNOWABLE):
        impossible = True
    return SearchQuery(tuple(clauses), kind, impossible)


def _parameter_terms(name: str, value: str) -> list[str]:
    found = tokens(value)
    if name in ("catno", "barcode") and len(found) > 1:
        return ["".join(found)]  # the compact form matches with or without spaces and dashes
    return found
