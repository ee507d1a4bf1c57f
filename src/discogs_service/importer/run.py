"""Drive one dump file into the database: identify, verify, stream, write, finish.

The removal rule: records of a kind that are not in the file are deleted only when the file
is a whole monthly dump (named ``discogs_YYYYMMDD_<kind>.xml[.gz]``) that is at least as new
as every monthly dump of that kind imported before, it was read to the end without error,
it held at least one record, and removal was not switched off. Any other file (an excerpt,
a hand-made file, an older month) only adds and updates.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from discogs_service.importer import decide, files, readahead, xmlstream
from discogs_service.importer.errors import DumpError
from discogs_service.importer.prepare import (
    ChunkJob,
    prepare_chunk,
    prepare_chunk_packed,
    prepare_element,
    unpacked,
)
from discogs_service.importer.sources import KnownSources
from discogs_service.importer.workers import (
    OLDER_THRESHOLDS,
    PRELOADED,
    YOUNG_THRESHOLD,
    start_worker,
)
from discogs_service.prepared import Prepared, Unchanged
from discogs_service.storage import Storage
from discogs_service.storage.dumps import ImportRun

# Records travel to the workers in chunks of about this much XML. 1 MB imports as fast as
# 2 MB and the import peaks at 408 MB instead of 491 MB (200,000 synthetic releases).
CHUNK_BYTES = 1024 * 1024
SEQUENTIAL_BATCH = 1000
# A write (one transaction) takes the records of several chunks while few of them were
# converted: a refresh's chunks are nearly all unchanged records, and committing each one
# alone cost 5.7 s of a 200,000-release refresh's 29 (642 commits). A first import's chunk
# holds more converted records than this and is written alone, as before.
RECORDS_PER_WRITE = 10_000
CONVERTED_PER_WRITE = 200
# Below this size a worker pool costs more to start than it saves.
PARALLEL_MIN_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Progress:
    """Callbacks for a progress display; all optional."""

    on_start: Callable[[files.DumpFile, ImportRun], None] = lambda dump, run: None
    on_checksum: Callable[[int], None] = lambda nbytes: None
    on_batch: Callable[[int, int], None] = lambda records, bytes_read: None
    on_finishing: Callable[[ImportRun], None] = lambda run: None


@dataclass(frozen=True)
class Outcome:
    dump: files.DumpFile
    run: ImportRun
    removal: bool
    checksum_verified: bool


def import_dump(
    storage: Storage,
    path: Path,
    *,
    allow_removal: bool = True,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Outcome:
    progress = progress or Progress()
    dump = files.identify(path)
    verified = files.verify_checksum(dump, progress.on_checksum)
    removal = allow_removal and _replaces_older_month(storage, dump)
    run = storage.dumps.start_run(dump.kind, dump.name, dump.size, dump.dump_date)
    progress.on_start(dump, run)
    # A first import into an empty table has nothing stored to skip records by.
    stored = None if run.bulk else decide.StoredDigests(storage.dumps, dump.kind)
    with _Writes(storage, run, progress) as writes:
        try:
            for batch, bytes_read in _batches(dump, run.records_done, workers, stored):
                writes.add(batch, bytes_read)
            writes.finish()
        except DumpError as error:
            writes.finish()  # the records before the broken one are kept
            storage.dumps.fail_run(run, str(error))
            raise
    progress.on_finishing(run)
    # A monthly file without a single record is a broken download, not an empty catalogue.
    removal = removal and run.records_done > 0
    storage.dumps.finish_run(run, remove_missing=removal)
    return Outcome(dump, run, removal, verified)


class _Writes:
    """Batches gathered into writes of up to ``RECORDS_PER_WRITE`` records or
    ``CONVERTED_PER_WRITE`` converted ones, in file order.

    A write runs in a thread of its own while the next records are read and decided: the
    database works (and psycopg waits on it without the GIL) beside the main thread's
    hashing. Written in turn with it, the writes were 6.0 s of a 200,000-release PostgreSQL
    refresh's 18.7. One write at a time, so they commit in file order, and each one's
    progress is reported from here once it committed."""

    def __init__(self, storage: Storage, run: ImportRun, progress: Progress) -> None:
        self.storage = storage
        self.run = run
        self.progress = progress
        self.pending: list[Prepared | Unchanged] = []
        self.converted = 0
        self.bytes_read = 0
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="import-writer")
        self.writing: tuple[Future[None], int, int] | None = None  # with records, bytes read

    def __enter__(self) -> _Writes:
        return self

    def __exit__(self, *exc: object) -> None:
        # Whatever stopped the import, no write goes on after it returned.
        self.writer.shutdown(wait=True)

    def add(self, batch: list[Prepared | Unchanged], bytes_read: int) -> None:
        self.pending += batch
        self.converted += sum(not isinstance(record, Unchanged) for record in batch)
        self.bytes_read = bytes_read
        if len(self.pending) >= RECORDS_PER_WRITE or self.converted >= CONVERTED_PER_WRITE:
            self.flush()

    def flush(self) -> None:
        """Start writing what is pending, once the write before it committed."""
        if not self.pending:
            return
        batch, self.pending, self.converted = self.pending, [], 0
        self.wait()
        written = self.writer.submit(self.storage.dumps.write_batch, self.run, batch)
        self.writing = (written, len(batch), self.bytes_read)

    def wait(self) -> None:
        """The write under way to its commit (its error raised here), then its progress."""
        if self.writing is None:
            return
        written, records, bytes_read = self.writing
        self.writing = None
        written.result()
        self.progress.on_batch(records, bytes_read)

    def finish(self) -> None:
        """Everything pending written and committed."""
        self.flush()
        self.wait()


def _replaces_older_month(storage: Storage, dump: files.DumpFile) -> bool:
    if dump.dump_date is None:
        return False
    previous = storage.dumps.latest_monthly_date(dump.kind)
    return previous is None or dump.dump_date >= previous


StoredSources = Callable[[list[int]], dict[int, int]]


def _batches(
    dump: files.DumpFile, skip: int, workers: int | None, stored: StoredSources | None
) -> Iterator[tuple[list[Prepared | Unchanged], int]]:
    """Batches of prepared records in file order, with the compressed bytes read so far."""
    with dump.open() as reader:
        stream, position = reader.stream, reader.position
        if not dump.line_layout:
            yield from _sequential(dump, stream, skip, position)
            return
        with readahead.read_ahead(stream, xmlstream.BLOCK_SIZE) as ahead:
            chunks = xmlstream.iter_chunks(dump, ahead, CHUNK_BYTES)
            jobs = _jobs(dump, chunks, skip, stored)
            count = workers if workers is not None else _default_workers()
            if count <= 1 or dump.size < PARALLEL_MIN_BYTES:
                for job in jobs:
                    yield _pending(job, None).result(), position()
            else:
                yield from _parallel(jobs, count, position)


def _jobs(
    dump: files.DumpFile,
    chunks: Iterator[xmlstream.Chunk],
    skip: int,
    stored: StoredSources | None,
) -> Iterator[ChunkJob | decide.Decided]:
    """The chunks to prepare; on a re-import, those decided here (``importer.decide``)."""
    known = KnownSources()
    for chunk in chunks:
        if stored is None:  # a first import: every record is converted
            if skip >= chunk.records:
                skip -= chunk.records  # already written by the interrupted run: not parsed
                continue
            yield ChunkJob(dump.name, dump.kind, dump.record_tag, chunk, dump.rootless, skip)
            skip = 0
            continue
        records = xmlstream.record_slices(chunk, dump.record_tag)
        ids = [xmlstream.id_of_record(dump.kind, record) for record in records]
        readable = [record_id for record_id in ids if record_id is not None]
        usable = known.for_chunk(readable, stored(readable))
        if skip >= chunk.records:
            skip -= chunk.records
            continue
        job = ChunkJob(dump.name, dump.kind, dump.record_tag, chunk, dump.rootless, skip, usable)
        decided = decide.decide(job, records, ids) if usable else None
        yield decided if decided is not None else job
        skip = 0


def _parallel(
    jobs: Iterator[ChunkJob | decide.Decided], workers: int, position: Callable[[], int]
) -> Iterator[tuple[list[Prepared | Unchanged], int]]:
    """Prepare chunks in worker processes, a bounded number in flight, results in order."""
    context = multiprocessing.get_context("forkserver")
    # Read when the fork server starts (once a process): it loads the main module and
    # what the workers convert with, nothing else.
    context.set_forkserver_preload(["__main__", *PRELOADED])
    with (
        _fewer_collections(),
        ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=start_worker,
            initargs=(os.getpid(),),
        ) as pool,
    ):
        # Workers start on the first job, and starting them (the fork server, its imports)
        # took 1.5-1.8 s that a refresh's first changed records waited for, 0.1 s now that
        # it loads only the workers' modules: start them now, while the first chunks are
        # read and decided.
        pool.submit(int)
        flight = _InFlight(pool, workers)
        try:
            for job in jobs:
                flight.add(_pending(job, pool))
                # Chunks decided here often need no worker, or one for a few records: hand
                # their results on as soon as they are ready, not only when the queue is full.
                while flight.ready():
                    yield flight.next_result(), position()
            flight.hand_over()
            while flight.queue:
                yield flight.next_result(), position()
        finally:
            flight.cancel()


# Changed records gathered from decided chunks before they go to a worker together.
CHANGED_PER_JOB = 64
# Decided chunks held at most (each keeps its megabyte for the rare whole parse).
DECIDED_IN_FLIGHT = 32


class _InFlight:
    """Chunks handed out and not yet written, in file order."""

    def __init__(self, pool: Executor, workers: int) -> None:
        self.pool = pool
        self.workers = workers
        self.queue: deque[_Pending] = deque()
        self.whole = 0  # chunks in the queue prepared whole by a worker
        self.waiting: list[decide.Decided] = []  # decided, changed records not handed out
        self.waiting_records = 0

    def add(self, pending: _Pending) -> None:
        self.queue.append(pending)
        if isinstance(pending, _Whole):
            self.whole += 1
        elif pending.waiting:
            self.waiting.append(pending)
            self.waiting_records += len(pending.changed.records)
            if self.waiting_records >= CHANGED_PER_JOB:
                self.hand_over()

    def hand_over(self) -> None:
        if self.waiting:
            decide.submit_together(self.pool, self.waiting)
            self.waiting, self.waiting_records = [], 0

    def ready(self) -> bool:
        """Whether the first chunk's result is to be taken now (or waited for)."""
        if not self.queue:
            return False
        full = self.whole >= self.workers * 2 or len(self.queue) >= DECIDED_IN_FLIGHT
        return full or self.queue[0].done()

    def next_result(self) -> list[Prepared | Unchanged]:
        first = self.queue.popleft()
        if isinstance(first, _Whole):
            self.whole -= 1
        elif first.waiting:
            self.hand_over()
        return first.result()

    def cancel(self) -> None:
        for pending in self.queue:
            pending.cancel()


class _Whole:
    """A chunk prepared whole: in a worker when there is a pool, else here."""

    def __init__(self, job: ChunkJob, pool: Executor | None) -> None:
        self.job = job
        self.future = pool.submit(prepare_chunk_packed, job) if pool is not None else None

    def done(self) -> bool:
        return self.future is None or self.future.done()

    def result(self) -> list[Prepared | Unchanged]:
        if self.future is None:
            return prepare_chunk(self.job)
        return unpacked(self.future.result())

    def cancel(self) -> None:
        if self.future is not None:
            self.future.cancel()


_Pending = _Whole | decide.Decided


def _pending(job: ChunkJob | decide.Decided, pool: Executor | None) -> _Pending:
    return job if isinstance(job, decide.Decided) else _Whole(job, pool)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The import's thresholds in this process until the block ends."""
    before = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, *OLDER_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _sequential(
    dump: files.DumpFile, stream: BinaryIO, skip: int, position: Callable[[], int]
) -> Iterator[tuple[list[Prepared | Unchanged], int]]:
    batch: list[Prepared | Unchanged] = []
    for index, element in enumerate(xmlstream.iter_elements(dump, stream)):
        if index < skip:
            continue
        batch.append(prepare_element(dump.name, dump.kind, element))
        if len(batch) >= SEQUENTIAL_BATCH:
            yield batch, position()
            batch = []
    if batch:
        yield batch, position()


def _default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))
