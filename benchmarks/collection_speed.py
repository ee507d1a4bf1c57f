"""How fast a 100,000-instance collection answers, and how long its CSV import takes.

1. A synthetic catalogue of N releases (``synthetic_dump.py --kinds releases``) imported
   with ``discogs-service import`` into a fresh database of each engine (kept in
   ``benchmarks/out/collection/`` and reused by later runs).
2. A collection CSV of N rows as discogs.com exports it (one instance of each release, six
   folders, dates over ten years, one in ten rated, one in five with notes) brought in
   through ``import_collection_csv`` (what ``discogs-service collection import`` and the
   web upload run): the time taken is the import figure.
3. ``discogs-service serve --workers 2`` with rate limits off, and ``wrk -t2 -c8`` for
   ``--duration`` seconds on ``GET /users/bench/collection/folders/0/releases`` sorted by
   artist, title, added and year, first and last page (50 per page), as the owner: the
   requests per second and the latency percentiles of each.

Goals: p95 of at most 25 ms on SQLite at 8 connections; the CSV import under 60 s.

    .venv/bin/python benchmarks/collection_speed.py                  # SQLite, 100,000
    .venv/bin/python benchmarks/collection_speed.py --engine postgresql
    .venv/bin/python benchmarks/collection_speed.py --instances 20000 --duration 3
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import WRK_REPORT, free_port, machine_note, start, stop
from synthetic_dump import DEFAULT_OUT, dump_path, release_id

OUT = Path(__file__).resolve().parent / "out" / "collection"
BIN = Path(sys.executable).with_name("discogs-service")
SERVER_KEY = "collection-benchmark-server-key-0123456789abcdef"
FOLDERS = ["Rock", "jazz", "Electronic", "Soundtracks", "Uncategorized", "Box Sets"]
SORTS = ("artist", "title", "added", "year")
HEADER = (
    "Catalog#,Artist,Title,Label,Format,Rating,Released,release_id,CollectionFolder,"
    "Date Added,Collection Media Condition,Collection Sleeve Condition,Collection Notes"
)


def environment(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCOGS_")}
    env.update(
        DISCOGS_DATABASE_URL=url, DISCOGS_SECRET_KEY=SERVER_KEY, DISCOGS_RATELIMIT_ENABLED="false"
    )
    return env


def database_url(engine: str, instances: int) -> str:
    if engine == "sqlite":
        OUT.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{OUT / f'sqlite-{instances}.db'}"
    base = os.environ.get(
        "DISCOGS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432"
    )
    return f"{base}/collection_bench_{instances}"


def ensure_catalogue(url: str, engine: str, instances: int) -> None:
    """The releases imported once per engine and size; later runs reuse them."""
    from sqlalchemy import create_engine, text

    if engine == "postgresql":
        admin = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            name = url.rsplit("/", 1)[1]
            if not conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).first():
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    from discogs_service.storage import open_storage

    storage = open_storage(url)
    held = storage.catalogue.counts().get("releases", 0)
    storage.close()
    if held >= instances:
        return
    dump = dump_path(DEFAULT_OUT / f"{instances}-seed1", "releases")
    if not dump.exists():
        subprocess.run(
            [sys.executable, str(Path(__file__).with_name("synthetic_dump.py")),
             "--releases", str(instances), "--kinds", "releases"],
            check=True,
        )  # fmt: skip
    started = time.perf_counter()
    subprocess.run([str(BIN), "import", str(dump)], env=environment(url), check=True)
    print(f"  catalogue: {instances:,} releases imported in {time.perf_counter() - started:.0f} s")


def collection_csv(instances: int, seed: int = 1) -> str:
    rnd = random.Random(seed)
    lines = [HEADER]
    start_time = time.mktime((2016, 1, 1, 0, 0, 0, 0, 0, -1))
    for k in range(instances):
        added = time.strftime(
            "%Y-%m-%d %H:%M:%S", time.localtime(start_time + rnd.randrange(10 * 365 * 86400))
        )
        rating = str(rnd.randint(1, 5)) if rnd.random() < 0.1 else ""
        notes = f"copy {k}" if rnd.random() < 0.2 else ""
        media = "Very Good Plus (VG+)" if notes else ""
        folder = FOLDERS[rnd.randrange(len(FOLDERS))]
        lines.append(f",,,,,{rating},,{release_id(k)},{folder},{added},{media},,{notes}")
    return "\n".join(lines) + "\n"


def bring_in(url: str, instances: int) -> tuple[str, float]:
    """A user 'bench' with a token and the collection CSV imported: (token, seconds)."""
    from discogs_service.accounts.crypto import SecretBox
    from discogs_service.accounts.service import Accounts
    from discogs_service.config import Settings
    from discogs_service.services.collection_csv import import_collection_csv
    from discogs_service.storage import open_storage

    storage = open_storage(url)
    accounts = Accounts(
        storage.accounts, SecretBox(Settings(database_url=url, secret_key=SERVER_KEY))
    )
    try:
        user = accounts.store.user_by_name("bench")
        if user is None:
            user = accounts.create_user("bench", "bench@example.org", "benchmark password 1")
        token = accounts.create_token(user, "benchmark")[1]
        text = collection_csv(instances)
        started = time.perf_counter()
        summary = import_collection_csv(accounts, storage.collection, "bench", text)
        seconds = time.perf_counter() - started
        print(
            f"  CSV import of {instances:,} rows: {seconds:.1f} s"
            f" (added {summary.added:,}, waiting {summary.waiting:,}, unchanged"
            f" {summary.unchanged:,}, refused {len(summary.refused):,})"
        )
        return token, seconds
    finally:
        storage.close()


def wait_until_up(port: int, token: str) -> None:
    for _ in range(300):
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/users/bench/collection/folders",
                headers={"User-Agent": "bench/1.0", "Authorization": f"Discogs token={token}"},
            )
            with urllib.request.urlopen(request, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not come up")


def measure(port: int, token: str, path: str, args: argparse.Namespace) -> dict[str, float]:
    OUT.mkdir(parents=True, exist_ok=True)  # a PostgreSQL run has no database file there
    script = OUT / "collection.lua"
    script.write_text(
        'wrk.headers["User-Agent"] = "bench/1.0"\n'
        f'wrk.headers["Authorization"] = "Discogs token={token}"\n'
        f'wrk.path = "{path}"\n' + WRK_REPORT % ()
    )
    output = subprocess.run(
        ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration:g}s", "--timeout", "5s",
         "-s", str(script), f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    result = json.loads(next(x for x in output.splitlines() if x.startswith("RESULT "))[7:])
    if result["status"] or result["timeout"]:
        raise SystemExit(f"errors on {path}: {result}")
    return {
        "rps": result["requests"] / (result["duration_us"] / 1e6),
        "p50": result["p50_us"] / 1000,
        "p95": result["p95_us"] / 1000,
        "p99": result["p99_us"] / 1000,
    }


def run(engine: str, args: argparse.Namespace) -> None:
    print(f"{engine}: {args.instances:,} instances")
    url = database_url(engine, args.instances)
    ensure_catalogue(url, engine, args.instances)
    if not args.keep:  # the catalogue stays; the collection is made anew
        from sqlalchemy import create_engine, text

        eng = create_engine(url)
        with eng.begin() as conn:
            # Every table of the collection, its kept counts too: counts left from the last
            # run doubled the total, and a last page was then walked forwards past 99,950 rows.
            for table in ("collection_items", "collection_notes", "collection_folders",
                          "collection_counts", "collection_fields", "ratings",
                          "release_community"):  # fmt: skip
                conn.execute(text(f"DELETE FROM {table}"))
            if engine == "postgresql":
                conn.execute(text("ANALYZE"))
        eng.dispose()
    token, _seconds = bring_in(url, args.instances)
    port = free_port()
    server = start(
        [str(BIN), "serve", "--port", str(port), "--workers", str(args.workers), "--no-sample"],
        env=environment(url), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_until_up(port, token)
        pages = -(-args.instances // 50)
        print(f"  {'sort':<8}{'page':>6}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
        # The references, same server and wrk: the catalogue's hot path, and the smallest
        # signed-in answer of users' data (the folder list: the token, the user, one count).
        references = {
            "release": measure(port, token, f"/releases/{release_id(0)}", args),
            "folders": measure(port, token, "/users/bench/collection/folders", args),
        }
        for name, figures in references.items():
            print(f"  {name:<14}" + _figures(figures))
        for sort in SORTS:
            for page in (1, pages):
                path = f"/users/bench/collection/folders/0/releases?sort={sort}&page={page}"
                figures = measure(port, token, path, args)
                ratio = figures["p95"] / references["folders"]["p95"]
                print(f"  {sort:<8}{page:>6}" + _figures(figures) + f"   p95 {ratio:.1f}x folders'")
    finally:
        stop(server)


def _figures(figures: dict[str, float]) -> str:
    return (
        f"{figures['rps']:>9.0f}{figures['p50']:>9.1f}{figures['p95']:>9.1f}{figures['p99']:>9.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instances", type=int, default=100_000, help="instances (100000)")
    parser.add_argument(
        "--engine", choices=("sqlite", "postgresql", "both"), default="sqlite", help="(sqlite)"
    )
    parser.add_argument("--duration", type=float, default=10, help="seconds per wrk run (10)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    parser.add_argument("--workers", type=int, default=2, help="server workers (2)")
    parser.add_argument("--keep", action="store_true", help="keep the collection of the last run")
    args = parser.parse_args()
    print(machine_note())
    for engine in ("sqlite", "postgresql") if args.engine == "both" else (args.engine,):
        run(engine, args)


if __name__ == "__main__":
    main()
