"""A first import against discogskit (issue 15, goal 5): whole processes, in turn.

    python3 -m venv .venv-discogskit && .venv-discogskit/bin/pip install discogskit==0.2.0
    .venv/bin/python benchmarks/import_vs_discogskit.py                    # 150,000 releases
    .venv/bin/python benchmarks/import_vs_discogskit.py --rounds 3 --src /tmp/before/src

Takes the synthetic releases dump of ``--releases`` (``synthetic_dump.py``), then runs, ours
then theirs, ``--rounds`` times: ``discogs-service import FILE`` into a fresh SQLite database,
and ``discogskit load --parse-workers 2`` of the same file into another fresh SQLite
database (PyPI discogskit: normalised tables only, no documents, no search index). Each run
is one process tree timed from outside: wall seconds, CPU seconds of the whole tree (each
process's /proc accounting read every 0.2 s: the kernel's accounting of reaped children
misses workers that a fork server started) split into the main process and the rest (which
one the wall-clock waits for), and the peak RSS of the largest process.

The ratio is theirs / ours of the wall time per pair (1.0x: as fast; the goal is >= 1.0x,
below 0.75x not met), and the same of the CPU time: on a machine shared with other work the
wall time follows the share of the cores each run got, the CPU time much less so.
``--src`` runs ours from another source tree (before/after). Nothing here is a pass/fail
test; the figures are for reading, with the machine's load beside them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    OUT,
    TIMED_IMPORT_ENV,
    TreeCpu,
    TreeMemory,
    machine_note,
    start,
    stop,
    tool,
)
from synthetic_dump import Plan, cache_dir, ensure_dump

DEFAULT_DISCOGSKIT = Path(".venv-discogskit/bin/discogskit")


@dataclass
class Run:
    name: str
    wall: float
    main_cpu: float  # the process started
    other_cpu: float  # every process below it
    peak_single: int
    code: int

    @property
    def cpu(self) -> float:
        return self.main_cpu + self.other_cpu


def timed(name: str, command: list[str], env: dict[str, str], log: Path) -> Run:
    with log.open("wb") as output:
        started = time.perf_counter()
        process = start(command, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            with TreeMemory(process.pid) as memory, TreeCpu(process.pid, interval=0.2) as cpu:
                code = process.wait()
        finally:
            stop(process)
        wall = time.perf_counter() - started
    main = cpu.seconds.get(process.pid, 0.0)
    others = sum(used for pid, used in cpu.seconds.items() if pid != process.pid)
    return Run(name, wall, main, others, memory.peak_single, code)


def ours(dump: Path, work: Path, src: Path | None) -> Run:
    directory = _fresh(work / "ours")
    database = f"sqlite:///{directory / 'db.sqlite'}"
    env = dict(os.environ, DISCOGS_DATABASE_URL=database, **TIMED_IMPORT_ENV)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    command = [tool("discogs-service"), "import", str(dump)]
    return timed("ours", command, env, directory / "import.log")


def theirs(dump: Path, work: Path, discogskit: Path) -> Run:
    directory = _fresh(work / "discogskit")
    command = [str(discogskit), "load", "--dsn", str(directory / "db.sqlite")]
    command += ["--parse-workers", "2", str(dump)]
    return timed("discogskit", command, dict(os.environ), directory / "load.log")


def _fresh(directory: Path) -> Path:
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    return directory


def describe(run: Run) -> str:
    return (
        f"  {run.name:10s} wall {run.wall:6.1f} s  CPU {run.cpu:6.1f} s"
        f" (main {run.main_cpu:5.1f}, the rest {run.other_cpu:5.1f})"
        f"  peak RSS {run.peak_single / 2**20:5.0f} MiB  exit {run.code}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--releases", type=int, default=150_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--discogskit", type=Path, default=DEFAULT_DISCOGSKIT)
    parser.add_argument("--src", type=Path, help="run ours from this source tree")
    args = parser.parse_args(argv)
    if not args.discogskit.exists():
        raise SystemExit(f"no {args.discogskit}: install discogskit first (see --help)")
    plan = Plan.for_releases(args.releases)
    dump = ensure_dump(cache_dir(plan), "releases", plan, jobs=os.cpu_count() or 1)
    work = OUT / "vs-discogskit" / str(args.releases)
    pairs: list[tuple[Run, Run]] = []
    for round_number in range(1, args.rounds + 1):
        print(f"round {round_number} ({machine_note()})", flush=True)
        mine = ours(dump, work, args.src)
        print(describe(mine), flush=True)
        other = theirs(dump, work, args.discogskit)
        print(describe(other), flush=True)
        pairs.append((mine, other))
    walls = [other.wall / mine.wall for mine, other in pairs]
    cpus = [other.cpu / mine.cpu for mine, other in pairs]
    print(
        f"ours at {statistics.median(walls):.2f}x discogskit's speed by wall time"
        f" (pairs {', '.join(f'{r:.2f}' for r in walls)}), {statistics.median(cpus):.2f}x"
        f" by CPU time (pairs {', '.join(f'{r:.2f}' for r in cpus)}); goal >= 1.0x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
