"""Monthly refresh: ``discogs-service import`` of next month's releases over this month's.

    .venv/bin/python benchmarks/refresh_speed.py                        # 200,000 releases
    .venv/bin/python benchmarks/refresh_speed.py --releases 100000 --rounds 3
    .venv/bin/python benchmarks/refresh_speed.py --engine postgresql
    .venv/bin/python benchmarks/refresh_speed.py --src /tmp/other-tree/src   # A/B

It takes the synthetic releases dump of N releases (``synthetic_dump.py``, the month
``discogs_20260101_releases.xml.gz``) and makes "next month" from it
(``discogs_20260201_releases.xml.gz`` in ``benchmarks/out/refresh/<N>-seed<S>/``): walking the
records in file order with a seeded generator, it drops a fraction of them (default 0.5 %),
changes the title of another fraction (1 %), keeps the rest byte for byte, and appends new
records past the highest id (0.5 %: copies of kept records under new ids and titles). What it
did is written beside the file (``.meta.json``): those are the expected counts.

Then, per engine:

1. this month is imported once into a fresh database (``.../<engine>-<version>/base``, or the
   PostgreSQL database ``refresh_base_<version>``) and kept for later runs; ``<version>`` is
   the importer's ``CONVERSION_VERSION`` of the code under test, since a base imported by
   other conversion code would have every record converted again;
2. each round copies the base (a directory copy; PostgreSQL: ``CREATE DATABASE ... TEMPLATE``),
   brings it to the code's schema (``discogs-service db upgrade``, untimed) and times
   ``discogs-service import NEXT_MONTH`` as a whole process (start-up, migrations,
   reading, converting the changed records, writing, removal), with its peak memory;
3. the run's added / updated / removed / unchanged counts (``import_runs``) are checked
   exactly against what the generator did, both printed.

The floor beside it, in this process on the same file: gzip decompression alone, and
decompression plus cutting the records at line starts plus a blake2b of each record (what
deciding "unchanged" cannot do without), with the rate two cores could reach if only the
hashing were shared out. Goal: >= 20,000 releases/s when <= 2 % of the records changed.
``--src`` runs another source tree's ``discogs_service`` (through ``PYTHONPATH``) for a
before/after in one session.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from hashlib import blake2b
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    OUT,
    TIMED_IMPORT_ENV,
    TreeCpu,
    TreeMemory,
    machine_note,
    megabytes,
    start,
    stop,
    tool,
    write_timeline,
)
from import_speed import describe
from synthetic_dump import Plan, cache_dir, ensure_dump

GOAL_RATE = 20_000
NEXT_MONTH = "20260201"
REFRESH_VERSION = 1  # bump when the next-month file changes, so cached files are rewritten
POSTGRES_ADMIN = os.environ.get(
    "DISCOGS_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
BLOCK = 1 << 20
_RECORD_START = re.compile(rb"\n(?=<release[\s>])")
_ID = re.compile(rb'<release id="(\d+)"')
_TITLE = re.compile(rb"<title>(.*?)</title>", re.S)


# -- next month's file ------------------------------------------------------------------------


@dataclass(frozen=True)
class Changes:
    """What the generator did to this month's file: the counts an import must report."""

    added: int
    updated: int
    removed: int
    unchanged: int

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.added, self.updated, self.removed, self.unchanged)


def iter_records(path: Path) -> Any:
    """(head, records, tail) pieces of a raw dump: yields ("head", bytes) once, then
    ("record", bytes) per record (from its start tag to the next record's), then ("tail",
    bytes) with the root's closing tag."""
    pending = b""
    started = False
    with gzip.open(path, "rb") as stream:
        while block := stream.read(BLOCK):
            pending += block
            if not started:
                first = pending.find(b"\n<release")
                if first < 0:
                    continue
                yield "head", pending[: first + 1]
                pending = pending[first + 1 :]
                started = True
            parts = _RECORD_START.split(pending)
            pending = parts.pop()
            for part in parts:
                yield "record", part + b"\n"
    closing = pending.rfind(b"</releases>")
    yield "record", pending[:closing]
    yield "tail", pending[closing:]


def make_next_month(base: Path, target: Path, args: argparse.Namespace) -> Changes:
    """Write next month's file from ``base`` (reused when one from the same arguments is
    there); returns what was changed."""
    meta_path = target.with_name(target.name + ".meta.json")
    wanted = {
        "version": REFRESH_VERSION,
        "base": base.name,
        "base_size": base.stat().st_size,
        "seed": args.change_seed,
        "changed": args.changed,
        "added": args.added,
        "removed": args.removed,
    }
    if target.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("made_from") == wanted:
            print(f"reusing {target} ({megabytes(target.stat().st_size)})")
            return Changes(**meta["changes"])
    print(f"writing {target} ...")
    started = time.perf_counter()
    rnd = random.Random(args.change_seed).random
    added: list[bytes] = []
    counts = {"updated": 0, "removed": 0, "unchanged": 0}
    highest = 0
    temporary = target.with_name(target.name + ".partial")
    with (
        temporary.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=1, mtime=0) as out,
    ):
        for part, data in iter_records(base):
            if part != "record":
                if part == "tail":
                    highest = _append_added(out, added, highest)
                out.write(data)
                continue
            if not data:
                continue
            found = _ID.match(data)
            assert found, data[:80]
            highest = max(highest, int(found[1]))
            draw = rnd()
            if draw < args.removed:
                counts["removed"] += 1
                continue
            if draw < args.removed + args.changed:
                data = _retitled(data, b" (Remastered)")
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
            if rnd() < args.added:
                added.append(data)
            out.write(data)
    os.replace(temporary, target)
    changes = Changes(added=len(added), **counts)
    meta_path.write_text(json.dumps({"made_from": wanted, "changes": asdict(changes)}) + "\n")
    print(f"wrote it in {time.perf_counter() - started:,.1f} s: {changes}")
    return changes


def _append_added(out: Any, templates: list[bytes], highest: int) -> int:
    for template in templates:
        highest += 2
        record = _ID.sub(f'<release id="{highest}"'.encode(), template, count=1)
        out.write(_retitled(record, b" (New This Month)"))
    return highest


def _retitled(record: bytes, suffix: bytes) -> bytes:
    changed = _TITLE.sub(lambda m: b"<title>" + m[1] + suffix + b"</title>", record, count=1)
    assert changed != record, record[:200]
    return changed


# -- the floor ----------------------------------------------------------------------------------


@dataclass
class Floor:
    records: int
    gunzip: float
    gunzip_split_hash: float

    @property
    def hash_only(self) -> float:
        return max(self.gunzip_split_hash - self.gunzip, 0.0)

    @property
    def two_cores(self) -> float:
        """Releases/s with decompression in one process and cutting + hashing shared by two."""
        return self.records / max(self.gunzip, self.hash_only / 2, self.gunzip_split_hash / 2)


def measure_floor(path: Path) -> Floor:
    started = time.process_time()
    with gzip.open(path, "rb") as stream:
        while stream.read(BLOCK):
            pass
    gunzip = time.process_time() - started
    started = time.process_time()
    records = 0
    key = b"k" * 16
    for part, data in iter_records(path):
        if part == "record" and data:
            blake2b(data, digest_size=8, key=key).digest()
            records += 1
    return Floor(records, gunzip, time.process_time() - started)


# -- databases ----------------------------------------------------------------------------------


def conversion_version(env: dict[str, str]) -> str:
    code = "from discogs_service.importer.sources import CONVERSION_VERSION as v; print(v.hex())"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return result.stdout.strip()[:12]


class Engine:
    """Where the base month is kept and how a round gets a copy of it."""

    def __init__(self, name: str, work: Path, version: str, prefix: str = "") -> None:
        self.name = name
        self.work = work / f"{name}-{version}"
        # PostgreSQL's databases are the server's, shared by every tree that runs this.
        self.base_name = f"{prefix}refresh_base_{version}"
        self.run_name = f"{prefix}refresh_run"

    def url(self, which: str) -> str:
        if self.name == "sqlite":
            return f"sqlite:///{self.work / which / 'catalogue.db'}"
        base = POSTGRES_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
        return f"{base}/{self.base_name if which == 'base' else self.run_name}"

    def has_base(self) -> bool:
        if not (self.work / "base.done").exists():
            return False
        if self.name == "sqlite":
            return True
        return bool(self._admin(f"SELECT 1 FROM pg_database WHERE datname = '{self.base_name}'"))

    def clear_base(self) -> None:
        self.work.mkdir(parents=True, exist_ok=True)
        (self.work / "base.done").unlink(missing_ok=True)
        if self.name == "sqlite":
            shutil.rmtree(self.work / "base", ignore_errors=True)
            (self.work / "base").mkdir(parents=True)
        else:
            self._admin(f"DROP DATABASE IF EXISTS {self.base_name}")
            self._admin(f"CREATE DATABASE {self.base_name}")

    def mark_base(self) -> None:
        (self.work / "base.done").write_text("imported\n")

    def copy_base(self) -> None:
        if self.name == "sqlite":
            shutil.rmtree(self.work / "run", ignore_errors=True)
            shutil.copytree(self.work / "base", self.work / "run")
        else:
            self._admin(f"DROP DATABASE IF EXISTS {self.run_name}")
            self._admin(f"CREATE DATABASE {self.run_name} TEMPLATE {self.base_name}")

    def settle(self) -> None:
        """Write out what copying the base left for PostgreSQL's checkpointer: a refresh
        meets a database settled since its last import, not a 1.3 GB copy still being
        flushed (``CREATE DATABASE ... TEMPLATE`` logs the whole copy in the WAL)."""
        if self.name == "postgresql":
            self._admin("CHECKPOINT")

    def size(self) -> int:
        if self.name == "sqlite":
            return sum(p.stat().st_size for p in (self.work / "run").rglob("*") if p.is_file())
        return int(self._admin(f"SELECT pg_database_size('{self.run_name}')") or 0)

    def counts(self) -> tuple[int, int, int, int]:
        sql = (
            "SELECT added, updated, removed, unchanged FROM import_runs"
            " WHERE kind = 'releases' ORDER BY id DESC LIMIT 1"
        )
        row: Any
        if self.name == "sqlite":
            import sqlite3

            lite = sqlite3.connect(self.work / "run" / "catalogue.db")
            try:
                row = lite.execute(sql).fetchone()
            finally:
                lite.close()
        else:
            import psycopg

            admin = POSTGRES_ADMIN.rsplit("/", 1)[0]
            with psycopg.connect(f"{admin}/{self.run_name}") as connection:
                row = connection.execute(sql.encode()).fetchone()
        added, updated, removed, unchanged = row
        return (added, updated, removed, unchanged)

    def _admin(self, sql: str) -> Any:
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as connection:
            row = connection.execute(sql.encode()).fetchone() if sql.startswith("SELECT") else None
            if not sql.startswith("SELECT"):
                connection.execute(sql.encode())
            return row[0] if row else None


# -- the runs -----------------------------------------------------------------------------------


def import_env(url: str, src: Path | None) -> dict[str, str]:
    env = dict(os.environ, DISCOGS_DATABASE_URL=url, COLUMNS="100", **TIMED_IMPORT_ENV)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    return env


@dataclass
class Timed:
    seconds: float
    memory: TreeMemory
    cpu: TreeCpu


def run_import(path: Path, env: dict[str, str], log: Path, workers: int | None) -> Timed:
    """``discogs-service import PATH`` to its end: wall seconds, memory and CPU of its tree."""
    command = [tool("discogs-service"), "import", str(path)]
    if workers is not None:
        command += ["--workers", str(workers)]
    with log.open("wb") as output:
        started = time.perf_counter()
        process = start(command, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            with TreeMemory(process.pid) as memory, TreeCpu(process.pid) as cpu:
                code = process.wait()
        finally:
            stop(process)
        seconds = time.perf_counter() - started
    write_timeline(memory, log.with_suffix(".memory.csv"))
    if code != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
        raise SystemExit(f"discogs-service import failed ({code}), see {log}:\n{tail}")
    return Timed(seconds, memory, cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 2)[2],
    )
    parser.add_argument("--releases", type=int, default=200_000, help="default 200000")
    parser.add_argument("--seed", type=int, default=1, help="synthetic dump seed (default 1)")
    parser.add_argument("--change-seed", type=int, default=2, help="next month's seed (2)")
    parser.add_argument("--changed", type=float, default=0.01, help="fraction changed (0.01)")
    parser.add_argument("--added", type=float, default=0.005, help="fraction added (0.005)")
    parser.add_argument("--removed", type=float, default=0.005, help="fraction removed (0.005)")
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--rounds", type=int, default=1, help="timed refreshes (default 1)")
    parser.add_argument("--workers", type=int, help="pass --workers to the import")
    parser.add_argument("--src", type=Path, help="another tree's src/ to run (PYTHONPATH)")
    parser.add_argument(
        "--database-prefix",
        default=os.environ.get("DISCOGS_BENCH_DATABASE_PREFIX", ""),
        help="prefix of the PostgreSQL databases' names, to keep runs of other trees apart"
        " (default $DISCOGS_BENCH_DATABASE_PREFIX)",
    )
    parser.add_argument("--no-floor", dest="floor", action="store_false", help="skip the floor")
    args = parser.parse_args(argv)

    plan = Plan.for_releases(args.releases, args.seed)
    base_file = ensure_dump(cache_dir(plan), "releases", plan, jobs=os.cpu_count() or 1)
    work = OUT / "refresh" / f"{args.releases}-seed{args.seed}"
    work.mkdir(parents=True, exist_ok=True)
    next_file = work / f"discogs_{NEXT_MONTH}_releases.xml.gz"
    expected = make_next_month(base_file, next_file, args)
    total = expected.added + expected.updated + expected.unchanged
    changed = (expected.added + expected.updated + expected.removed) / args.releases

    src = args.src.resolve() if args.src else None
    version = conversion_version(import_env("sqlite://", src))
    engine = Engine(args.engine, work, version, args.database_prefix)
    if not engine.has_base():
        print(f"importing this month into {engine.url('base')} (kept for later runs) ...")
        engine.clear_base()
        base = run_import(
            base_file, import_env(engine.url("base"), src), engine.work / "base.log", args.workers
        )
        engine.mark_base()
        print(f"  {args.releases:,} releases in {base.seconds:,.1f} s")

    print(
        f"\n== refresh of {args.releases:,} releases on {args.engine}, src "
        f"{src or 'this tree'} (conversion {version}) =="
    )
    print(
        f"next month: {total:,} releases, {changed:.1%} of records touched "
        f"({megabytes(next_file.stat().st_size)} gzipped)"
    )
    rates = []
    for round_number in range(1, args.rounds + 1):
        engine.copy_base()
        # The code under test's migrations, untimed: a refresh is timed, not an upgrade.
        subprocess.run(
            [tool("discogs-service"), "db", "upgrade"],
            env=import_env(engine.url("run"), src),
            check=True,
            capture_output=True,
        )
        engine.settle()
        print(f"machine: {machine_note()}")
        log = engine.work / f"refresh-{round_number}.log"
        timed = run_import(next_file, import_env(engine.url("run"), src), log, args.workers)
        counts = engine.counts()
        rate = total / timed.seconds
        rates.append(rate)
        cpu = timed.cpu
        # On two cores of its own the import could take no less than its main process's
        # CPU, nor less than half the CPU of its whole tree.
        idle = total / max(cpu.main, cpu.total / 2)
        print(
            f"round {round_number}: {total:,} in {timed.seconds:,.2f} s = {rate:,.0f} releases/s; "
            f"CPU {cpu.total:,.2f} s (main process {cpu.main:,.2f} s): {idle:,.0f} releases/s "
            f"on two idle cores; {describe(timed.memory)}; database {megabytes(engine.size())}"
        )
        names = "added / updated / removed / unchanged"
        print(f"  counts   {names}: {' / '.join(f'{n:,}' for n in counts)}")
        print(f"  expected {names}: {' / '.join(f'{n:,}' for n in expected.as_tuple())}")
        if counts != expected.as_tuple():
            print("  !! the counts differ from what the generator did")
            return 1
    if args.floor:
        print(f"machine: {machine_note()}")
        floor = measure_floor(next_file)
        print(
            f"floor: gzip alone {floor.gunzip:,.2f} s CPU = {floor.records / floor.gunzip:,.0f} "
            f"releases/s; gzip + cut + blake2b {floor.gunzip_split_hash:,.2f} s = "
            f"{floor.records / floor.gunzip_split_hash:,.0f}/s in one process; "
            f"{floor.two_cores:,.0f}/s with the hashing on two cores"
        )
    best = max(rates)
    print(
        f"\ngoal: refresh >= {GOAL_RATE:,} releases/s with {changed:.1%} touched: best "
        f"{best:,.0f}/s ({', '.join(f'{r:,.0f}' for r in rates)}): "
        f"{'met' if best >= GOAL_RATE else 'NOT MET'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
