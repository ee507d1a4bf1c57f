"""Match sets: the index entries a search word matches, as compressed bitmaps of their keys,
kept by each server process between requests.

A search answers with the exact number of matches (``items``) and pages through the first
10,000 of them. Counted by the text index, each word of a query costs a pass over its whole
posting list on every request: tens of milliseconds for a word in a few hundred thousand
entries, and common words are the ones people type. As bitmaps, the sets of a query's words
intersect in microseconds, and the matches beyond the ranked ones page in key order straight
from the set. A word's set is read from the index the first time a query needs it and kept with
the index's version it is of (``search_state.version``, which every write to the index raises
in its own transaction); a request at another version reads the word again; beyond a memory
budget the least recently used sets go first. An engine that logs which entries each version
changed (PostgreSQL's ``search_changes``) lets a process bring a set to a newer version instead
of reading the word again: each set keeps the version it is of, and a request that uses it at a
newer one takes the log's changes in between (also for a set read in a snapshot older than the
newest, which a refresh's batches make common). An import of next month's dump then leaves the
words people search warm.

Keys are ``id * 4 + kind`` (``search_facts.key``) in 32-bit bitmaps: ids up to a billion, where
Discogs' largest are in the tens of millions.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from pyroaring import BitMap, FrozenBitMap
from sqlalchemy import Connection

from discogs_service.search.query import Clause, SearchQuery

# The sets one process keeps. A word in every entry of a million-release catalogue takes
# ~160 KB, a rare one a few bytes per match.
BUDGET_BYTES = 256 << 20
# The changes between two versions a process keeps at most (each a few hundred entries with
# their lexemes: a refresh's batch).
KEPT_CHANGES = 64


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


# The changes from one version to a later one, or None when the log cannot tell; without a
# connection, only from what the process already read.
ChangesOf = Callable[[Connection | None, int, int], "Changes | None"]


class NeedsSnapshot(Exception):
    """A request read outside a snapshot met what only a snapshot answers: a word to read
    from the index, or a statement that saw a newer version than the request's. Nothing it
    read is kept; the request is answered again in a snapshot."""


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


def query_words(query: SearchQuery) -> list[Word]:
    """Every word of every clause of ``query``, its terms' and compact form's alike."""
    words: list[Word] = []
    for clause in query.clauses:
        terms, compact = clause_words(clause)
        words += [*terms, *([compact] if compact else [])]
    return words


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
        self._newest = 0  # the newest version of the index this process has seen
        # Each word's keys and the version they are of: a set read in an older snapshot, or
        # kept from before an import's batch, is brought to a request's version when that
        # request uses it (from the engine's change log), or read again.
        self._sets: OrderedDict[Word, tuple[int, FrozenBitMap]] = OrderedDict()
        self._used = 0
        # A word read from the index (by the version read), and the changes between two
        # versions, are read once for all the requests that want them meanwhile. At 1,000,000
        # releases a common word takes seconds to read, and a cold server's threads all asked
        # for the same few at once: 16 backends reading the same postings kept a worker cold
        # for minutes.
        self._reading: OnceAtATime[tuple[Word, int], FrozenBitMap] = OnceAtATime()
        self._reading_changes: OnceAtATime[tuple[int, int], Changes | None] = OnceAtATime()
        self._request = threading.local()  # the version one request sees
        # The changes between two versions, as the log gave them: every request of the
        # process that brings a set from one to the other uses the same (reading and
        # parsing them costs milliseconds: doing it per request kept a refresh's searches
        # waiting on the workers' Python).
        self._changes: OrderedDict[tuple[int, int], Changes | None] = OrderedDict()
        self.patched = 0  # how many sets were brought to a newer version from the log

    def matches(self, conn: Connection, query: SearchQuery) -> FrozenBitMap:
        """The keys of every entry ``query`` matches (its kind included), as ``conn`` sees
        the index."""
        if getattr(self._request, "one_view", None) != id(conn):
            self._begin(conn)
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
        """The words whose sets are kept at the newest version seen (for tests and
        diagnostics)."""
        with self._lock:
            return {word.text for word, (at, _) in self._sets.items() if at == self._newest}

    def _begin(self, conn: Connection) -> int:
        """Note the version ``conn`` sees for the words this request will ask."""
        return self._saw(conn, index_version(conn))

    def _saw(self, conn: Connection, version: int) -> int:
        self._request.seen = (id(conn), version)
        with self._lock:
            self._newest = max(self._newest, version)
        return version

    @contextmanager
    def one_view(self, conn: Connection, version: int | None = None) -> Iterator[int]:
        """For a request that sees one version throughout (a snapshot, or a connection whose
        reads are checked against ``version``, already read): the version, read once for
        every set and query the request asks (``matches`` reads it anew otherwise, as a
        connection that is not a snapshot may see a newer one). Each read is a round trip
        to a database that a refresh keeps busy."""
        version = self._begin(conn) if version is None else self._saw(conn, version)
        self._request.one_view = id(conn)
        try:
            yield version
        finally:
            self._request.one_view = None

    def version(self, conn: Connection) -> int:
        """The version of the index that ``conn``'s request sees (read once per request)."""
        return self._seen(conn)

    def _seen(self, conn: Connection) -> int:
        """The version of this request's view of the index."""
        seen = getattr(self._request, "seen", None)
        if seen is None or seen[0] != id(conn):
            return self._begin(conn)
        return int(seen[1])

    def word(self, conn: Connection, word: Word) -> FrozenBitMap:
        """The keys of the entries ``word`` matches, as ``conn`` sees the index."""
        version = self._seen(conn)
        with self._lock:
            kept = self._sets.get(word)
            if kept is not None:
                self._sets.move_to_end(word)
        if kept is not None:
            at, keys = kept
            if at == version:
                return keys
            if at < version:
                patched = self._patched(conn, word, keys, at, version)
                if patched is not None:
                    return patched
        return self._reading.run((word, version), lambda: self._read(conn, word, version))

    def holds(self, words: Iterable[Word]) -> bool:
        """Whether a set of each of ``words`` is kept, of whatever version (nothing is
        read)."""
        with self._lock:
            return all(word in self._sets for word in words)

    def kept_size(self, word: Word, version: int) -> int | None:
        """How many entries ``word`` matches at ``version``, if its set of that version is
        kept (nothing is read)."""
        with self._lock:
            kept = self._sets.get(word)
        return len(kept[1]) if kept is not None and kept[0] == version else None

    def kept_at(self, word: Word, version: int) -> FrozenBitMap | None:
        """``word``'s keys at ``version`` from what the process holds alone: its set kept,
        brought forward through changes already read; None when that is not enough."""
        with self._lock:
            kept = self._sets.get(word)
        if kept is None or kept[0] > version:
            return None
        at, keys = kept
        return keys if at == version else self._patched(None, word, keys, at, version)

    def changes(self, conn: Connection | None, old: int, new: int) -> Changes | None:
        """What changed in the index from version ``old`` to ``new`` (``conn`` sees
        ``new``), as the engine logs it; None when it cannot tell (without ``conn``: from
        what the process read already)."""
        return self._changes_between(conn, old, new)

    def _read(self, conn: Connection, word: Word, version: int) -> FrozenBitMap:
        found = FrozenBitMap(self._keys_of_word(conn, word))
        self._keep(word, found, version)
        return found

    def _patched(
        self, conn: Connection | None, word: Word, keys: FrozenBitMap, at: int, version: int
    ) -> FrozenBitMap | None:
        """``keys`` (of version ``at``) brought to ``version``: the changed entries out, those
        of them that still match in; None when the log cannot tell."""
        delta = self._changes_between(conn, at, version)
        if delta is None:
            return None
        now = FrozenBitMap((keys - delta.keys) | BitMap(delta.matching(word)))
        self._keep(word, now, version)
        self.patched += 1
        return now

    def _changes_between(self, conn: Connection | None, old: int, new: int) -> Changes | None:
        if self._changes_of is None:
            return None
        pair = (old, new)
        with self._lock:
            if pair in self._changes:
                self._changes.move_to_end(pair)
                return self._changes[pair]
        changes_of = self._changes_of
        if conn is None:  # from memory: nothing to wait for, no None to keep for others
            found = changes_of(None, old, new)
            if found is None:
                return None
        else:
            found = self._reading_changes.run(pair, lambda: changes_of(conn, old, new))
        with self._lock:
            self._changes[pair] = found
            while len(self._changes) > KEPT_CHANGES:
                self._changes.popitem(last=False)
        return found

    def _keep(self, word: Word, found: FrozenBitMap, version: int) -> None:
        """Keep ``word``'s keys of ``version`` unless newer ones are kept."""
        size = found.__sizeof__()
        with self._lock:
            kept = self._sets.get(word)
            if (kept is not None and kept[0] >= version) or size > self._budget:
                return
            if kept is not None:
                self._used -= kept[1].__sizeof__()
            self._sets[word] = (version, found)
            self._used += size
            while self._used > self._budget:
                _, (_, dropped) = self._sets.popitem(last=False)
                self._used -= dropped.__sizeof__()


Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


class OnceAtATime(Generic[Key, Value]):
    """Work done once for every thread that asks for it while it runs: the first to ask does
    it, the others wait for its result. Should it fail, the first gets the error and each
    of the others does the work itself (its own connection may do better)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[Key, Future[Value]] = {}

    def run(self, key: Key, work: Callable[[], Value]) -> Value:
        with self._lock:
            running = self._running.get(key)
            if running is None:
                mine: Future[Value] = Future()
                self._running[key] = mine
        if running is not None:
            try:
                return running.result()
            except Exception:
                return work()
        try:
            value = work()
        except BaseException as error:
            mine.set_exception(error)
            raise
        else:
            mine.set_result(value)
        finally:
            with self._lock:
                del self._running[key]
        return value


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
