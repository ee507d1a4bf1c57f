"""Import floor: the fastest first import the stack's fixed parts allow, beside bare iterparse.

    .venv/bin/python benchmarks/import_floor.py                       # 20,000 of 200,000
    .venv/bin/python benchmarks/import_floor.py --sample 50000 --releases 1000000

``import_speed.py`` measures our import end to end. This script asks what any import built
on this stack could reach, by timing the parts no implementation can skip, one at a time in
one process (CPU seconds per release, the file warm in the page cache), over the first
``--sample`` records of the synthetic releases dump of ``--releases`` (``synthetic_dump.py``):

* bare: ``lxml.etree.iterparse`` over the gzip stream with element clearing, the reference of
  the import goal (the same pass as ``import_speed.py``'s);
* chunk: the importer's main process reading the gzip stream into chunks of records;
* parse: a worker parsing those chunks with lxml;
* read: visiting every element of the parsed records once (tag, text, attributes). Every
  element carries something the API's documents show, and lxml hands each one over as a
  Python object, so no converter written in Python reads a record for less;
* convert: ours, the worker's whole job (``importer.prepare.prepare_chunk``, parse included);
* write: ours, the writer (``DumpWriter.write_batch`` per chunk and ``finish_run``) into a
  fresh SQLite database, and the search index's part of it (the same entries into a Tantivy
  index of SQLite's schema alone, by the writer's heap, committed at the end; its indexing
  threads are the process's CPU too).

SQLite has one writer, so the main process (chunk + write) bounds the rate on its own; all
the work shares the machine's cores. The floor is the better of those two bounds with a
converter that costs nothing beyond parse + read:

    floor = min(1 / (chunk + write), cores / (chunk + write + parse + read))

It leaves out what moving records between processes costs, so the true ceiling is lower.
The same formula with "convert" in place of parse + read models our import; compare it with
``import_speed.py``'s measured rate.

The reference of issue 15's goal 5 is measured in the same run: ``discogskit load
--parse-workers 2`` of the whole file into a fresh SQLite database (``--discogskit``, when
installed; see ``import_vs_discogskit.py``), its rate by wall time. The floor's rate against
it says how near to discogskit any converter in Python could bring this writer. Nothing here
is a pass/fail test.
"""

from __future__ import annotations

import argparse
import gzip
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tantivy
from lxml import etree

from common import OUT, machine_note
from discogs_service.importer import files, xmlstream
from discogs_service.importer.prepare import ChunkJob, prepare_chunk
from discogs_service.importer.run import CHUNK_BYTES
from discogs_service.prepared import Prepared
from discogs_service.search import facts as search_facts
from discogs_service.storage import open_storage
from discogs_service.storage.search import sqlite as sqlite_search
from discogs_service.storage.search import tantivy_query
from synthetic_dump import Plan, cache_dir, ensure_dump

DEFAULT_DISCOGSKIT = Path(".venv-discogskit/bin/discogskit")
GOAL_RATE = 5_000
GOAL_RATIO = 0.5


def cpu_per_record(records: int, work: Callable[[], Any]) -> float:
    """CPU seconds per record of ``work()``."""
    started = time.process_time()
    work()
    return (time.process_time() - started) / records


def bare_iterparse(path: Path, records: int) -> None:
    count = 0
    with gzip.open(path, "rb") as stream:
        for _event, element in etree.iterparse(stream, events=("end",), tag="release"):
            count += 1
            element.clear(keep_tail=True)
            while element.getprevious() is not None:
                del element.getparent()[0]
            if count == records:
                return


def read_chunks(dump: files.DumpFile, records: int) -> list[xmlstream.Chunk]:
    chunks: list[xmlstream.Chunk] = []
    with dump.open() as reader:
        for chunk in xmlstream.iter_chunks(dump, reader.stream, CHUNK_BYTES):
            chunks.append(chunk)
            if sum(c.records for c in chunks) >= records:
                break
    return chunks


def visit_every_element(parsed: list[list[Any]]) -> None:
    for elements in parsed:
        for record in elements:
            for element in record.iter():
                element.tag, element.text, element.items()


def parse_and_read(jobs: list[ChunkJob]) -> float:
    """CPU seconds per record of parsing the chunks and visiting every element."""
    started = time.process_time()
    parsed = [xmlstream.parse_chunk(j.dump_name, j.kind, j.chunk, j.rootless) for j in jobs]
    visit_every_element(parsed)
    return (time.process_time() - started) / sum(job.chunk.records for job in jobs)


def contention(jobs: list[ChunkJob], cores: int) -> float:
    """How much dearer parse + read is per record when every core runs it at once than when
    it runs alone: cores of a virtual machine may share a physical one, and memory and
    caches are shared in any case."""
    alone = parse_and_read(jobs)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=cores, mp_context=context) as pool:
        together = list(pool.map(parse_and_read, [jobs] * cores))
    return (sum(together) / len(together)) / alone


def write_all(database: Path, kind: str, name: str, prepared: list[list[Any]]) -> None:
    storage = open_storage(f"sqlite:///{database}")
    try:
        run = storage.dumps.start_run(kind, name, 0, None)
        for batch in prepared:
            storage.dumps.write_batch(run, batch)
        storage.dumps.finish_run(run, remove_missing=False)
    finally:
        storage.close()


def index_alone(directory: Path, prepared: list[list[Prepared]]) -> None:
    """The search index's part of the writer: SQLite's Tantivy index of the entries alone."""
    index = tantivy.Index(tantivy_query.schema(), path=str(directory))
    writer = index.writer(sqlite_search.BULK_HEAP, 1)
    for batch in prepared:
        for record in batch:
            if record.search.fields is not None:
                key = search_facts.key(search_facts.RELEASE, record.id)
                writer.add_json(tantivy_query.document_json(key, record.search.fields))
    writer.commit()
    writer.wait_merging_threads()


def discogskit_rate(discogskit: Path, path: Path, records: int) -> float:
    """discogskit's releases a second by wall time, loading the whole file."""
    with tempfile.TemporaryDirectory() as directory:
        command = [str(discogskit), "load", "--dsn", str(Path(directory) / "db.sqlite")]
        command += ["--parse-workers", "2", str(path)]
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        return records / (time.perf_counter() - started)


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(f"{path}.search", ignore_errors=True)
    return path


def fresh_directory(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def rate(seconds_per_record: float) -> str:
    return f"{1 / seconds_per_record:>9,.0f}/s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 2)[2],
    )
    parser.add_argument("--releases", type=int, default=200_000, help="dump size (200000)")
    parser.add_argument("--sample", type=int, default=20_000, help="records timed (20000)")
    parser.add_argument("--seed", type=int, default=1, help="synthetic dump seed (default 1)")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1, help="(all)")
    parser.add_argument("--discogskit", type=Path, default=DEFAULT_DISCOGSKIT)
    args = parser.parse_args(argv)

    plan = Plan.for_releases(args.releases, args.seed)
    path = ensure_dump(cache_dir(plan), "releases", plan, jobs=os.cpu_count() or 1)
    work = OUT / "import_floor"
    work.mkdir(parents=True, exist_ok=True)
    dump = files.identify(path)
    print(f"{path}: the first {args.sample:,} releases; {args.cores} cores")
    print(f"machine: {machine_note()}")

    chunks = read_chunks(dump, args.sample)
    n = sum(chunk.records for chunk in chunks)
    jobs = [ChunkJob(dump.name, dump.kind, dump.record_tag, c, dump.rootless, 0) for c in chunks]
    parsed: list[list[Any]] = []
    prepared: list[list[Any]] = []

    def parse() -> None:
        # Each chunk's tree is dropped before the next is parsed, as in a worker: keeping all
        # of them would time the allocation of fresh memory too (120 against 39 us a release).
        for job in jobs:
            xmlstream.parse_chunk(job.dump_name, job.kind, job.chunk, job.rootless)

    def parse_for_reading() -> None:
        parsed.extend(xmlstream.parse_chunk(j.dump_name, j.kind, j.chunk, j.rootless) for j in jobs)

    def convert() -> None:
        prepared.extend(prepare_chunk(job) for job in jobs)

    prepare_chunk(jobs[0])  # the one-time set-up of folding tables is not per record
    parse_for_reading()  # untimed: the trees that "read" visits
    cost = {
        "bare": cpu_per_record(n, lambda: bare_iterparse(path, n)),
        "chunk": cpu_per_record(n, lambda: read_chunks(dump, n)),
        "parse": cpu_per_record(n, parse),
        "read": cpu_per_record(n, lambda: visit_every_element(parsed)),
        "convert": cpu_per_record(n, convert),
        "write": cpu_per_record(
            n, lambda: write_all(fresh(work / "db"), "releases", dump.name, prepared)
        ),
        "index": cpu_per_record(n, lambda: index_alone(fresh_directory(work / "index"), prepared)),
    }
    fresh(work / "db"), shutil.rmtree(work / "index")
    slowdown = contention(jobs, args.cores)
    reference = None
    if args.discogskit.exists():
        print(f"discogskit: loading the whole file ({machine_note()})")
        reference = discogskit_rate(args.discogskit, path, plan.releases)
    print(f"machine: {machine_note()}")
    report(cost, n, args.cores, slowdown)
    if reference is not None:
        compare(cost, args.cores, slowdown, reference)
    return 0


def bounds(cost: dict[str, float], cores: int) -> tuple[float, float]:
    """The floor's rate and our modelled one (records a second; see the module's text)."""
    main_process = cost["chunk"] + cost["write"]
    floor = min(1 / main_process, cores / (main_process + cost["parse"] + cost["read"]))
    ours = min(1 / main_process, cores / (main_process + cost["convert"]))
    return floor, ours


def compare(cost: dict[str, float], cores: int, slowdown: float, reference: float) -> None:
    """Issue 15, goal 5: the floor and our model against discogskit's measured rate."""
    floor, ours = bounds(cost, cores)
    print(f"\ndiscogskit load     {reference:>9,.0f}/s (wall, the whole file)")
    for label, value in (
        ("floor", floor),
        ("floor, contended", floor / slowdown),
        ("model of ours", ours),
        ("ours, contended", ours / slowdown),
    ):
        print(f"{label:<18} {value / reference:.2f}x discogskit's rate")
    print(
        "goal 5 (>= 1.0x discogskit): the floor "
        f"{'allows' if floor >= reference else 'does NOT allow'} it, contended "
        f"{'allows' if floor / slowdown >= reference else 'does NOT allow'} it"
    )


def report(cost: dict[str, float], n: int, cores: int, slowdown: float) -> None:
    us = {name: seconds * 1e6 for name, seconds in cost.items()}
    print(f"\nCPU per release ({n:,} releases):")
    for name, label in (
        ("bare", "bare iterparse (reference)"),
        ("chunk", "main: gzip and chunking"),
        ("write", "main: writer, ours"),
        ("index", "  of which the search index alone"),
        ("parse", "worker: lxml parse"),
        ("read", "worker: visit every element"),
        ("convert", "worker: ours, parse included"),
    ):
        print(f"  {label:<32} {us[name]:>7.1f} us")
    main_process = cost["chunk"] + cost["write"]
    floor, ours = bounds(cost, cores)
    bare = 1 / cost["bare"]
    print(f"\nbare iterparse     {rate(cost['bare'])}")
    print(f"single writer      {rate(main_process)}  (chunk + write: the main process alone)")
    print(f"floor              {floor:>9,.0f}/s = {floor / bare:.2f}x bare")
    print(f"model of ours      {ours:>9,.0f}/s = {ours / bare:.2f}x bare")
    print(
        f"\nwith all {cores} cores busy, parse + read cost {slowdown:.2f}x their CPU alone; "
        "with every part that much dearer:"
    )
    print(f"floor, contended   {floor / slowdown:>9,.0f}/s = {floor / slowdown / bare:.2f}x bare")
    print(f"ours, contended    {ours / slowdown:>9,.0f}/s = {ours / slowdown / bare:.2f}x bare")
    for label, value in (("floor", floor), ("floor, contended", floor / slowdown)):
        print(
            f"goal {GOAL_RATE:,}/s: the {label} "
            f"{'allows' if value >= GOAL_RATE else 'does NOT allow'} it; goal {GOAL_RATIO}x "
            f"bare: the {label} {'allows' if value / bare >= GOAL_RATIO else 'does NOT allow'} it"
        )


if __name__ == "__main__":
    sys.exit(main())
