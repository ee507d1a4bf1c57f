"""PostgreSQL's log of the entries each version of the index wrote (``search_changes``), and
what a server process makes of it: the match sets it keeps brought to a newer version
(``match_sets``) without reading their words again.

Every batch of an import writes its entries in a transaction of its own, which raises the
version once (a 100,000-release refresh makes ~100 versions of ~15 entries each). A process
reads a version's entries once, with their lexemes as its snapshot has them, and indexes them
by lexeme; a set kept from any earlier version then comes across with a lookup per version in
between. Matching each pair of versions' entries anew, on their text, was where a server's
workers spent their time as a refresh ended: a set kept from early in the import was brought
across every entry the import changed, once for each pair of versions it met (py-spy, 100,000
releases: ``matching`` 361 of 1,721 samples, and as many again waiting on the lock it held).
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from pyroaring import BitMap
from sqlalchemy import Connection

from discogs_service.storage.search.lexemes import word_lexemes
from discogs_service.storage.search.match_sets import Changes, NeedsSnapshot, Word

# The log keeps the last LOG_VERSIONS versions' entries, pruned every LOG_PRUNE_EVERY
# versions: a server that fell further behind reads its words again. Beyond MAX_PATCHED
# changed entries that is the cheaper way anyway.
LOG_VERSIONS = 1024
LOG_PRUNE_EVERY = 64
MAX_PATCHED = 50_000
# What one (lexeme, entry) pair of a version kept costs: 93 bytes in a batch of 15 release
# entries of the 100,000-release benchmark (tracemalloc; 35 in one of 200, where more of the
# lexemes are shared). A release's entry has 150-190 lexemes.
PAIR_BYTES = 96
# Stands for "every entry may have changed" (a bulk load logs no entries one by one).
EVERYTHING = -1


def log_changes(conn: Connection, version: int, keys: Sequence[int], *, bulk: bool) -> None:
    """Note that ``version`` (raised by the caller's transaction) writes ``keys``; now and
    then drop the versions too old to keep."""
    logged = [EVERYTHING] if bulk else list(keys)
    conn.exec_driver_sql(
        "INSERT INTO search_changes (version, key) SELECT %s, unnest(%s::bigint[])"
        " ON CONFLICT DO NOTHING",
        (version, logged),
    )
    if version % LOG_PRUNE_EVERY == 0:
        conn.exec_driver_sql(
            "DELETE FROM search_changes WHERE version <= %s", (version - LOG_VERSIONS,)
        )


class VersionChanges:
    """The entries one version wrote, by lexeme, as a snapshot of version ``seen`` has them
    (``seen`` >= the version): exact for bringing a set to ``seen`` or later, where a later
    change of one of them is another version's to bring. ``lexemes``: each entry's, apart
    by spaces (lexemes hold none: letters, digits and a field code's dot, ``search.text``);
    "" for an entry removed."""

    __slots__ = ("_by_lexeme", "_lexemes", "keys", "pairs", "seen")

    def __init__(self, seen: int, lexemes: dict[int, str]) -> None:
        self.seen = seen
        self.keys = BitMap(lexemes)
        self._by_lexeme: dict[str, list[int]] = {}
        for key, of_entry in lexemes.items():
            for lexeme in of_entry.split():
                self._by_lexeme.setdefault(lexeme, []).append(key)
        self._lexemes = sorted(self._by_lexeme)  # for prefixes
        self.pairs = sum(map(len, self._by_lexeme.values()))

    def matching(self, lexemes: Sequence[str], prefix: bool) -> Iterable[int]:
        """The entries with one of ``lexemes`` (or a lexeme starting with one of them, for a
        prefix), as PostgreSQL matches a tsquery's lexemes."""
        if not prefix:
            return [key for lexeme in lexemes for key in self._by_lexeme.get(lexeme, ())]
        found: list[int] = []
        for start in lexemes:
            at = bisect.bisect_left(self._lexemes, start)
            while at < len(self._lexemes) and self._lexemes[at].startswith(start):
                found += self._by_lexeme[self._lexemes[at]]
                at += 1
        return found


class ChangesAcross(Changes):
    """The entries a run of versions wrote (oldest first), each as the last of them to write
    it has it."""

    def __init__(self, versions: Sequence[VersionChanges]) -> None:
        self._versions = versions
        self.keys = BitMap()
        for version in versions:
            self.keys |= version.keys

    def matching(self, word: Word) -> Iterable[int]:
        lexemes = word_lexemes(word)
        found = BitMap()
        later = BitMap()  # written again by a later version, which decides
        for version in reversed(self._versions):
            matched = version.matching(lexemes, word.prefix)
            if matched:
                found |= BitMap(matched) - later
            later |= version.keys
        return found


class ChangeLog:
    """One process's reading of the log: the versions read, kept by their number, the least
    recently used going first beyond ``budget`` bytes."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._kept_pairs = budget // PAIR_BYTES
        self._lock = threading.Lock()
        self._versions: OrderedDict[int, VersionChanges] = OrderedDict()
        self._pairs = 0
        self.read = 0  # versions read from the log (for tests and diagnostics)

    @property
    def pairs(self) -> int:
        """The (lexeme, entry) pairs of the versions kept."""
        return self._pairs

    def between(self, conn: Connection | None, old: int, new: int) -> Changes | None:
        """The entries versions ``old`` + 1 to ``new`` wrote, as ``conn`` (which sees
        ``new``) has them; None when the log lacks one of those versions, holds a bulk
        load's mark, or too many entries changed for patching to beat reading the words
        again. Without ``conn``, from the versions kept alone (None if one is not)."""
        wanted = range(old + 1, new + 1)
        with self._lock:
            kept = {v: self._versions[v] for v in wanted if self._usable(v, new)}
            for version in kept:
                self._versions.move_to_end(version)
        missing = [version for version in wanted if version not in kept]
        if missing:
            found = None if conn is None else self._read(conn, missing, new)
            if found is None:
                return None
            kept.update(found)
        across = ChangesAcross([kept[version] for version in wanted])
        return None if len(across.keys) > MAX_PATCHED else across

    def _usable(self, version: int, target: int) -> bool:
        kept = self._versions.get(version)
        return kept is not None and kept.seen <= target

    def _read(
        self, conn: Connection, versions: list[int], target: int
    ) -> dict[int, VersionChanges] | None:
        rows = conn.exec_driver_sql(
            # The lexemes alone, apart by spaces, which str.split takes apart in C: a regular
            # expression over the vectors' text took 20-36 ms of a server's Python (and its
            # GIL) for a batch of 370 entries, the split 12-22 (2026-12-06).
            "SELECT s.version, c.version, c.key,"
            " array_to_string(tsvector_to_array(t.tsv), ' ') FROM search_state AS s"
            " JOIN search_changes AS c ON c.version = ANY(%s)"
            " LEFT JOIN search_terms AS t ON t.key = c.key LIMIT %s",
            (versions, MAX_PATCHED + 1),
        ).all()
        if rows and rows[0][0] != target:  # outside a snapshot, the index moved on meanwhile
            raise NeedsSnapshot(f"the log read at version {rows[0][0]}, for one at {target}")
        if len(rows) > MAX_PATCHED:
            return None
        lexemes: dict[int, dict[int, str]] = {version: {} for version in versions}
        for _, version, key, of_entry in rows:
            if key == EVERYTHING:
                return None
            lexemes[version][key] = of_entry or ""
        if not rows or not all(lexemes.values()):
            return None  # pruned, or never logged
        seen = int(rows[0][0])  # the statement's snapshot
        found = {version: VersionChanges(seen, of) for version, of in lexemes.items()}
        self.read += len(found)
        self._keep(found)
        return found

    def _keep(self, found: dict[int, VersionChanges]) -> None:
        with self._lock:
            for version, changes in found.items():
                kept = self._versions.get(version)
                if kept is not None and kept.seen <= changes.seen:
                    continue  # the one kept serves more requests
                if kept is not None:
                    self._pairs -= kept.pairs
                self._versions[version] = changes
                self._pairs += changes.pairs
            while self._pairs > self._kept_pairs and self._versions:
                _, dropped = self._versions.popitem(last=False)
                self._pairs -= dropped.pairs
