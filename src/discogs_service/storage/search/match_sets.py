"""Match sets: the index entries a search word matches, as compressed bitmaps of their keys,
kept by each server process between requests.

A search answers with the exact number of matches (``items``) and pages through the first
10,000 of them. Counted by the text index, each word of a query costs a pass over its whole
posting list on every request: tens of milliseconds for a word in a few hundred thousand
entries, and common words are the ones people type. As bitmaps, the sets of a query's words
intersect in microseconds, and the matches beyond the ranked ones page in key order straight
from the set. A word's set is read from the index the first time a query needs it and kept
while the index stays at the same version (``search_state.version``, which every write to
the index raises in its own transaction); beyond a memory budget the least recently used sets
go first. An engine that logs which entries each version changed (PostgreSQL's
``search_changes``) lets a process bring its sets to the new version instead of dropping them:
an import of next month's dump then leaves the words people search warm.

Keys are ``id * 4 + kind`` (``search_facts.key``) in 32-bit bitmaps: ids up to a billion, where
Discogs' largest are in the tens of millions.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from pyroaring import BitMap, FrozenBitMap
from sqlalchemy import Connection

from discogs_service.search.query import Clause, SearchQuery

# The sets one process keeps. A word in every entry of a million-release catalogue takes
# ~160 KB, a rare one a few bytes per match.
BUDGET_BYTES = 256 << 20


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a clause: entries with ``text`` in any of ``fields`` (as a prefix when
    ``prefix``); ``anywhere``: the clause is ``q``, over every searchable field."""

    fields: tuple[str, ...]
    text: str
    prefix: bool
    anywhere: bool


KeysOfWord = Callable[[Connection, Word], Iterable[int]]


class Changes(Protocol):
    """The entries that changed between two versions of the index, as the later one has
    them."""

    keys: BitMap  # every entry written or removed

    def matching(self, word: Word) -> Iterable[int]:
        """Those of ``keys`` that ``word`` matches now (removed entries match nothing)."""
        ...


# The changes from one version to a later one, or None when the log cannot tell.
ChangesOf = Callable[[Connection, int, int], "Changes | None"]


def clause_words(clause: Clause) -> tuple[list[Word], Word | None]:
    """The words every match of ``clause`` has, and the one it may have instead of all of
    them (its terms written as one word)."""
    last = len(clause.terms) - 1
    every_term = [
        Word(clause.fields, term, clause.prefix_last and i == last, clause.anywhere)
        for i, term in enumerate(clause.terms)
    ]
    compact = None
    if clause.compact:
        compact = Word(clause.fields, clause.compact, clause.prefix_last, clause.anywhere)
    return every_term, compact


def kind_word(kind: str) -> Word:
    return Word(("kind",), kind, prefix=False, anywhere=False)


class MatchSets:
    """The match sets of one search index, for one process."""

    def __init__(
        self,
        keys_of_word: KeysOfWord,
        budget: int = BUDGET_BYTES,
        changes_of: ChangesOf | None = None,
    ) -> None:
        self._keys_of_word = keys_of_word
        self._changes_of = changes_of
        self._budget = budget
        self._lock = threading.Lock()
        self._version: int | None = None
        self._sets: OrderedDict[Word, FrozenBitMap] = OrderedDict()
        self._used = 0
        self.patched = 0  # how many times the sets were brought to a new version

    def matches(self, conn: Connection, query: SearchQuery) -> FrozenBitMap:
        """The keys of every entry ``query`` matches (its kind included), as ``conn`` sees
        the index."""
        self._check_version(conn)
        wanted: list[FrozenBitMap] = []
        for clause in query.clauses:
            terms, compact = clause_words(clause)
            every_term = _intersection([self.word(conn, word) for word in terms])
            if compact is not None:
                every_term = every_term | self.word(conn, compact)
            wanted.append(every_term)
        if not wanted:
            raise ValueError("a query without clauses matches everything: no set for it")
        if query.kind is not None:
            wanted.append(self.word(conn, kind_word(query.kind)))
        return _intersection(wanted)

    @property
    def bytes_used(self) -> int:
        return self._used

    @property
    def budget(self) -> int:
        """The bytes of sets this process may keep."""
        return self._budget

    def kept(self) -> set[str]:
        """The words whose sets are kept (for tests and diagnostics)."""
        with self._lock:
            return {word.text for word in self._sets}

    def _check_version(self, conn: Connection) -> None:
        version = index_version(conn)
        with self._lock:
            if version == self._version:
                return
            old, changes_of, changes = self._version, self._changes_of, None
            if self._sets and old is not None and changes_of is not None and version > old:
                changes = changes_of(conn, old, version)
            if changes is None:
                self._sets.clear()
                self._used = 0
            else:
                self._bring_up_to_date(changes)
                self.patched += 1
            self._version = version

    def _bring_up_to_date(self, changes: Changes) -> None:
        """Each kept set as the index now has it: the changed entries out, those of them
        that still match in (a few entries a batch, against a word's whole set read again)."""
        for word, kept in list(self._sets.items()):
            now = FrozenBitMap((kept - changes.keys) | BitMap(changes.matching(word)))
            self._sets[word] = now
            self._used += now.__sizeof__() - kept.__sizeof__()

    def word(self, conn: Connection, word: Word) -> FrozenBitMap:
        """The keys of the entries ``word`` matches."""
        with self._lock:
            found = self._sets.get(word)
            if found is not None:
                self._sets.move_to_end(word)
                return found
            version = self._version
        # Read outside the lock: two requests may both read a word the first time, which
        # costs less than holding every other request back while one reads.
        found = FrozenBitMap(self._keys_of_word(conn, word))
        self._keep(word, found, version)
        return found

    def _keep(self, word: Word, found: FrozenBitMap, version: int | None) -> None:
        size = found.__sizeof__()
        with self._lock:
            # A set read at an older version than the kept ones is not kept (a request
            # whose snapshot began before the index moved on).
            if word in self._sets or size > self._budget or version != self._version:
                return
            self._sets[word] = found
            self._used += size
            while self._used > self._budget:
                _, dropped = self._sets.popitem(last=False)
                self._used -= dropped.__sizeof__()


def _intersection(sets: list[FrozenBitMap]) -> FrozenBitMap:
    """Smallest first: each step then costs at most the size of what is left."""
    smallest, *others = sorted(sets, key=len)
    for other in others:
        if not smallest:
            break
        smallest = smallest & other
    return smallest


def index_version(conn: Connection) -> int:
    """The search index's version: raised by every transaction that writes to it."""
    return int(conn.exec_driver_sql("SELECT version FROM search_state").scalar_one())


def raise_index_version(conn: Connection) -> int:
    """Raise the version (in the caller's transaction); the new one."""
    return int(
        conn.exec_driver_sql(
            "UPDATE search_state SET version = version + 1 RETURNING version"
        ).scalar_one()
    )
