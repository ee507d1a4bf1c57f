"""A re-import's chunk, decided in the main process: which records are unchanged, which go to
a worker to be converted.

Shipping a whole chunk to a worker only for the worker to hash its records and find nearly
all of them unchanged cost the main process more than hashing them itself: pickling and
writing a megabyte to the pipe, then waiting on the worker, was 5.3 s of a 200,000-release
refresh's 29 s in the main process, against 1.4 s for cutting and hashing the same records
with blake2b (XXH3 now hashes them in a tenth of that). So the main process cuts the chunk
into records, hashes each one (``sources.source_digest``) and hands a worker only the
records whose digest is not the stored one, each with its line in the file.

A record that does not parse on its own (``ChangedJob`` answers None) sends the whole chunk
to be parsed as on a first import, which names a malformed record's line and id exactly.
Nothing here changes what is stored for a record, so it is not part of
``sources.CONVERSION_VERSION``.
"""

from __future__ import annotations

from concurrent.futures import Executor, Future

from discogs_service.importer.prepare import (
    ChangedJob,
    ChunkJob,
    prepare_changed,
    prepare_changed_records,
    prepare_chunk,
)
from discogs_service.importer.sources import source_digest
from discogs_service.prepared import Prepared, Unchanged
from discogs_service.storage.dumps import DENSE_SPAN, DumpWriter

# A chunk is decided here when at least this share of its records has a stored digest; a
# chunk of mostly new records (a month's additions, at the end of the file) is cheaper to
# parse as a whole in a worker.
KNOWN_SHARE = 0.5


# Stored digests are read this many records at a time, ahead of the chunks that ask for them.
# Reading each chunk's ~300 on its own took a pooled connection, a transaction and a query
# a chunk: 4.0 s of a 200,000-release PostgreSQL refresh's 23 s. 20,000 pairs are ~2 MB.
READ_AHEAD = 20_000


class StoredDigests:
    """The stored source digests of a chunk's ids (id -> digest, for those that have one),
    read ahead in id order: a dump's chunks come in rising runs of nearly consecutive ids."""

    def __init__(self, dumps: DumpWriter, kind: str) -> None:
        self.dumps = dumps
        self.kind = kind
        self.window: dict[int, int] = {}
        # Every stored record with an id in [low, high] is in ``window`` (if it has a digest).
        self.low, self.high = 0, -1

    def __call__(self, ids: list[int]) -> dict[int, int]:
        if not ids:
            return {}
        low, high = min(ids), max(ids)
        if high - low >= DENSE_SPAN * len(ids):  # scattered ids: looked up one by one
            return self.dumps.source_digests(self.kind, ids)
        if low < self.low or low > self.high + 1:
            self.window, self.high = {}, low - 1
        self.low = low
        while high > self.high:
            self._read_on(max(READ_AHEAD, DENSE_SPAN * len(ids)))
        window = self.window
        return {i: window[i] for i in ids if i in window}

    def _read_on(self, count: int) -> None:
        """The next ``count`` stored records past ``high``; those before ``low`` dropped."""
        rows = self.dumps.source_digests_from(self.kind, self.high + 1, count)
        kept = {i: d for i, d in self.window.items() if i >= self.low}
        kept.update((i, d) for i, d in rows if d is not None)
        self.window = kept
        # Fewer rows than asked for: nothing is stored past the last of them.
        self.high = rows[-1][0] if len(rows) == count else 1 << 62


class Decided:
    """A chunk's records in file order: ``Unchanged`` markers decided here, and the changed
    ones as a worker converts them (``converting``, shared with other chunks' records)."""

    def __init__(self, job: ChunkJob, slots: list[Unchanged | None], changed: ChangedJob) -> None:
        self.job = job  # kept for the rare chunk that must be parsed whole
        self.slots = slots  # None: the next record of ``changed``
        self.changed = changed
        self.converting: Future[list[list[Prepared] | None]] | None = None
        self.index = 0  # of this chunk's records in what ``converting`` answers

    @property
    def waiting(self) -> bool:
        """Changed records not yet handed to a worker."""
        return bool(self.changed.records) and self.converting is None

    def done(self) -> bool:
        return not self.changed.records or (self.converting is not None and self.converting.done())

    def cancel(self) -> None:
        if self.converting is not None:
            self.converting.cancel()

    def result(self) -> list[Prepared | Unchanged]:
        if not self.changed.records:
            return list(self.slots)  # type: ignore[arg-type]
        if self.converting is not None:
            prepared = self.converting.result()[self.index]
        else:
            prepared = prepare_changed(self.changed)
        if prepared is None:
            return prepare_chunk(self.job)
        converted = iter(prepared)
        return [slot if slot is not None else next(converted) for slot in self.slots]


def submit_together(pool: Executor, chunks: list[Decided]) -> None:
    """The changed records of these chunks to a worker as one job: each job handed to the
    pool costs the main process a wake-up of the pool's threads (their GIL hand-overs were
    2.2 s of a 200,000-release refresh with one job per chunk)."""
    future = pool.submit(prepare_changed_records, [chunk.changed for chunk in chunks])
    for index, chunk in enumerate(chunks):
        chunk.converting, chunk.index = future, index


def decide(job: ChunkJob, records: list[bytes], ids: list[int | None]) -> Decided | None:
    """The chunk decided record by record from its records (``xmlstream.record_slices``)
    and their ids, or None when too few of them are known to be worth it (or the chunk is
    not laid out one record per slice)."""
    if (
        len(job.known) < KNOWN_SHARE * (len(records) - job.skip)
        or len(records) != job.chunk.records
    ):
        return None
    slots: list[Unchanged | None] = []
    changed: list[tuple[int, bytes, int]] = []
    line, counted = job.chunk.start_line, 0
    data = job.chunk.data
    known = job.known
    offset = 0
    for index, record in enumerate(records):
        start, offset = offset, offset + len(record)
        if index < job.skip:
            continue
        source = source_digest(record)
        record_id = ids[index]
        if record_id is not None and known.get(record_id) == source:
            slots.append(Unchanged(record_id, source))
            continue
        line += data.count(b"\n", counted, start)
        counted = start
        slots.append(None)
        changed.append((line, record, source))
    return Decided(
        job, slots, ChangedJob(job.dump_name, job.kind, job.record_tag, job.rootless, changed)
    )
