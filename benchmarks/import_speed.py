"""Import speed: ``discogs-service import`` against a bare lxml iterparse of the same file.

    .venv/bin/python benchmarks/import_speed.py                          # 200,000 releases
    .venv/bin/python benchmarks/import_speed.py --releases 200000 1000000  # RSS vs file size

For each size N it takes the synthetic releases dump of N releases (``synthetic_dump.py``,
written once and reused from ``benchmarks/out/dumps/``), then measures, one after the other:

1. the reference: a bare ``lxml.etree.iterparse(gzip_stream, tag="release")`` pass with the
   usual element clearing, in a fresh interpreter, one process (parsing only: no conversion,
   no database);
2. ours: ``discogs-service import FILE`` as a subprocess into a fresh SQLite database
   (``benchmarks/out/import/``), end to end (start-up, migrations, parsing in the importer's
   worker processes, writing, the end-of-file bookkeeping), with the peak memory of its whole
   process tree sampled from /proc every 0.1 s (sum of RSS, sum of PSS, largest process);
3. a re-import of the same file into that database: every record unchanged.

Logs and memory over time (``*.memory.csv``, one line a second: when the peak happens) go
to ``benchmarks/out/import/<N>/``; the database is deleted afterwards unless ``--keep-db``.

It prints releases/s for each, the ratio ours/bare, peak memory, the database size, and the
goals: >= 5,000 releases/s, >= 0.5x bare iterparse, peak RSS < 500 MB at every size (so it
does not grow with the file). Nothing here is a pass/fail test; the figures are for reading.
The machine's load is printed with them: other work on the machine slows both sides.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    OUT,
    TIMED_IMPORT_ENV,
    TreeMemory,
    directory_size,
    machine_note,
    megabytes,
    start,
    stop,
    tool,
    write_timeline,
)
from synthetic_dump import Plan, cache_dir, ensure_dump

GOAL_RATE = 5_000
GOAL_RATIO = 0.5
GOAL_RSS = 500 * 1000 * 1000

BARE_ITERPARSE = r"""
import gzip, json, sys, time
from lxml import etree

path = sys.argv[1]
started = time.perf_counter()
count = 0
with (gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")) as stream:
    for _event, element in etree.iterparse(stream, events=("end",), tag="release"):
        count += 1
        element.clear(keep_tail=True)
        while element.getprevious() is not None:
            del element.getparent()[0]
print(json.dumps({"records": count, "seconds": time.perf_counter() - started}))
"""


@dataclass
class Measure:
    seconds: float
    records: int
    memory: TreeMemory
    returncode: int

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


def run_tree(command: list[str], env: dict[str, str], log: Path) -> tuple[float, TreeMemory, int]:
    """Run ``command`` to its end, sampling its process tree; (wall seconds, memory, code)."""
    with log.open("wb") as output:
        started = time.perf_counter()
        process = start(command, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            with TreeMemory(process.pid) as memory:
                code = process.wait()
        finally:
            stop(process)
        return time.perf_counter() - started, memory, code


def bare_iterparse(path: Path, work: Path) -> Measure:
    log = work / "bare.log"
    _wall, memory, code = run_tree(
        [sys.executable, "-c", BARE_ITERPARSE, str(path)], dict(os.environ), log
    )
    if code != 0:
        raise SystemExit(f"the bare iterparse failed, see {log}")
    result = json.loads(log.read_text().strip().splitlines()[-1])
    # The parse time, measured inside: the interpreter's start-up is not the parser's.
    return Measure(result["seconds"], result["records"], memory, code)


def our_import(path: Path, database: Path, log: Path, workers: int | None) -> Measure:
    env = dict(
        os.environ, DISCOGS_DATABASE_URL=f"sqlite:///{database}", COLUMNS="100", **TIMED_IMPORT_ENV
    )
    command = [tool("discogs-service"), "import", str(path)]
    if workers is not None:
        command += ["--workers", str(workers)]
    seconds, memory, code = run_tree(command, env, log)
    write_timeline(memory, log.with_suffix(".memory.csv"))
    if code != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
        raise SystemExit(f"discogs-service import failed ({code}), see {log}:\n{tail}")
    return Measure(seconds, count_releases(database), memory, code)


def count_releases(database: Path) -> int:
    import sqlite3

    connection = sqlite3.connect(database)
    try:
        return int(connection.execute("SELECT COUNT(*) FROM releases").fetchone()[0])
    finally:
        connection.close()


def database_files(database: Path) -> list[Path]:
    return [database, Path(f"{database}-wal"), Path(f"{database}-shm")]


def describe(memory: TreeMemory) -> str:
    return (
        f"peak RSS {megabytes(memory.peak_rss)} at {memory.peak_at:,.0f} s "
        f"(sum over up to {memory.peak_processes} "
        f"processes), PSS {megabytes(memory.peak_pss)}, anonymous {megabytes(memory.peak_anon)}, "
        f"largest process {megabytes(memory.peak_single)}"
    )


@dataclass
class SizeResult:
    releases: int
    file_size: int
    bare: Measure
    ours: Measure
    again: Measure | None
    db_size: int


def measure_size(releases: int, args: argparse.Namespace) -> SizeResult:
    plan = Plan.for_releases(releases, args.seed)
    path = ensure_dump(cache_dir(plan), "releases", plan, jobs=os.cpu_count() or 1)
    size = path.stat().st_size
    work = OUT / "import" / str(releases)
    work.mkdir(parents=True, exist_ok=True)
    database = work / "bench.db"
    for file in database_files(database):
        file.unlink(missing_ok=True)

    print(f"\n== {releases:,} releases: {path}, {megabytes(size)} gzipped ==")
    print(f"machine: {machine_note()}")
    bare = bare_iterparse(path, work)
    print(
        f"bare iterparse : {bare.records:,} in {bare.seconds:,.1f} s = {bare.rate:,.0f} "
        f"releases/s; {describe(bare.memory)}"
    )
    if bare.records != releases:
        raise SystemExit(f"the file holds {bare.records:,} releases, expected {releases:,}")

    print(f"machine: {machine_note()}")
    ours = our_import(path, database, work / "import.log", args.workers)
    db_size = directory_size(database_files(database))
    print(
        f"our import     : {ours.records:,} in {ours.seconds:,.1f} s = {ours.rate:,.0f} "
        f"releases/s; {describe(ours.memory)}"
    )
    print(
        f"database       : {megabytes(db_size)} ({megabytes(database.stat().st_size)} "
        f"main file, the rest WAL), {db_size / releases:,.0f} bytes per release"
    )
    if ours.records != releases:
        print(f"!! the database holds {ours.records:,} releases, expected {releases:,}")

    again = None
    if args.reimport:
        print(f"machine: {machine_note()}")
        again = our_import(path, database, work / "reimport.log", args.workers)
        print(
            f"re-import      : {again.records:,} unchanged in {again.seconds:,.1f} s = "
            f"{again.rate:,.0f} releases/s; {describe(again.memory)}"
        )
    if not args.keep_db:
        for file in database_files(database):
            file.unlink(missing_ok=True)
    return SizeResult(releases, size, bare, ours, again, db_size)


def summary(results: list[SizeResult]) -> None:
    print("\n== summary ==")
    print(
        f"{'releases':>10} {'gz MB':>7} {'bare r/s':>9} {'ours r/s':>9} {'ours/bare':>9} "
        f"{'peak RSS':>9} {'peak PSS':>9} {'DB MB':>7} {'re-import r/s':>13}"
    )
    for r in results:
        print(
            f"{r.releases:>10,} {r.file_size / 1e6:>7,.0f} {r.bare.rate:>9,.0f} "
            f"{r.ours.rate:>9,.0f} {r.ours.rate / r.bare.rate:>8.2f}x "
            f"{r.ours.memory.peak_rss / 1e6:>7,.0f}MB {r.ours.memory.peak_pss / 1e6:>7,.0f}MB "
            f"{r.db_size / 1e6:>7,.0f} {r.again.rate if r.again else 0:>13,.0f}"
        )
    print("\ngoals:")
    for r in results:
        n = f"{r.releases:,}"
        rate, ratio, rss = r.ours.rate, r.ours.rate / r.bare.rate, r.ours.memory.peak_rss
        print(f"  {n}: import {rate:,.0f}/s >= {GOAL_RATE:,}/s: {verdict(rate >= GOAL_RATE)}")
        print(f"  {n}: ours/bare {ratio:.2f} >= {GOAL_RATIO}: {verdict(ratio >= GOAL_RATIO)}")
        print(f"  {n}: peak RSS {rss / 1e6:,.1f} MB < 500 MB: {verdict(rss < GOAL_RSS)}")
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = last.ours.memory.peak_rss / first.ours.memory.peak_rss
        print(
            f"  peak RSS at {last.releases:,} / at {first.releases:,} releases = {growth:.2f} "
            f"(flat if < 1.2: {verdict(growth < 1.2)})"
        )


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 2)[2],
    )
    parser.add_argument(
        "--releases",
        type=int,
        nargs="+",
        default=[200_000],
        help="file sizes in releases, one run each (default 200000)",
    )
    parser.add_argument("--seed", type=int, default=1, help="synthetic dump seed (default 1)")
    parser.add_argument(
        "--workers", type=int, help="pass --workers to discogs-service import (default: its own)"
    )
    parser.add_argument(
        "--reimport",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also time a re-import of the same file (default on)",
    )
    parser.add_argument(
        "--keep-db", action="store_true", help="keep benchmarks/out/import/<N>/bench.db"
    )
    args = parser.parse_args(argv)
    results = [measure_size(releases, args) for releases in args.releases]
    summary(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
