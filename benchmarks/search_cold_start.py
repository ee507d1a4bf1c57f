"""A cold server under load: how long until its match sets are warm, and how fast it is then.

    .venv/bin/python benchmarks/search_cold_start.py --engine postgresql --releases 1000000
    .venv/bin/python benchmarks/search_cold_start.py --engine postgresql --src /tmp/before/src

Uses the catalogue and query mix that ``search_speed.py`` built (run it first, with the same
``--releases`` and ``--queries``). Starts ``discogs-service serve --workers 2`` as
``search_speed.py`` does and, from its very first request, runs ``wrk -t2 -c16`` in windows
of ``--window`` seconds, printing each window's rate and latency: a cold worker's threads
all meet words it has not read yet. Then, warm: one connection, and 16 connections twice.
``--src`` runs the server from another source tree (before/after). On PostgreSQL, searches
a killed server left running in the database go on until they end: let them finish (or
cancel them) between runs.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_speed
from common import OUT, free_port, machine_note, stop
from synthetic_dump import Plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--queries", type=int, default=100, help="the mix's size (100)")
    parser.add_argument("--mix-seed", type=int, default=1)
    parser.add_argument("--windows", type=int, default=10, help="cold windows (10)")
    parser.add_argument("--window", type=float, default=15, help="seconds a window (15)")
    parser.add_argument("--duration", type=float, default=20, help="seconds a warm run (20)")
    parser.add_argument("--src", help="another tree's src directory to serve from")
    args = parser.parse_args()
    if args.src:
        os.environ["PYTHONPATH"] = str(Path(args.src).resolve())
    plan = Plan.for_releases(args.releases, args.seed)
    work = OUT / "search" / f"{plan.releases}-seed{plan.seed}"
    url = search_speed.catalogue_url(plan, args.engine, work)
    paths = work / f"queries-{args.queries}-seed{args.mix_seed}.paths"
    script = work / "rotate_queries.lua"
    if not paths.exists() or not script.exists():
        raise SystemExit(f"no query mix in {work}: run search_speed.py with these options")
    port = free_port()
    server = search_speed.start_server(url, port, 2, work, args.engine)
    try:
        search_speed.wait_ready(server, port)
        print(f"cold start: {machine_note()}", flush=True)
        began = time.monotonic()
        for _ in range(args.windows):
            load = search_speed.run_wrk(port, script, paths, 2, 16, args.window)
            print(
                f"  {time.monotonic() - began:5.0f} s: {load.rate:7,.0f} requests/s  "
                f"p50 {load.p50_ms:8.1f}  p95 {load.p95_ms:8.1f}  p99 {load.p99_ms:8.1f} ms",
                flush=True,
            )
        print(f"warm: {machine_note()}", flush=True)
        for threads, connections in ((1, 1), (2, 16), (2, 16)):
            load = search_speed.run_wrk(port, script, paths, threads, connections, args.duration)
            search_speed.show_load(load)
    finally:
        stop(server)


if __name__ == "__main__":
    main()
