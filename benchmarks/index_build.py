"""The listing indexes a first import builds at its end, as it builds them and as SQLite would
with the connection's own settings (issue 15, goal 5: the import's last seconds run on one
core).

    .venv/bin/python benchmarks/import_vs_discogskit.py --rounds 1     # makes the database
    .venv/bin/python benchmarks/index_build.py
    .venv/bin/python benchmarks/index_build.py --copies 7              # 7x the credits

Takes an SQLite database a first import wrote (by default import_vs_discogskit.py's), copies
it, optionally multiplies its ``artist_credits`` rows ``--copies`` times (with new artist and
release ids, to stand for a larger catalogue), drops the indexes a bulk load drops, and then,
``--rounds`` times in turn, builds them:

* ``ours``: ``DumpWriter._create_bulk_indexes``, what the import runs (small sorted runs,
  helper threads: storage/dumps.py);
* ``plain``: the same ``CREATE INDEX`` statements on a connection with the project's own
  settings (64 MB page cache, no helper threads).

Wall and CPU seconds of this process for each, and plain / ours per round. Figures for
reading, not a test.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine

from discogs_service.storage.dumps import DumpWriter
from discogs_service.storage.engine import build_engine
from discogs_service.storage.tables import BULK_INDEXES

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, machine_note

DEFAULT_DATABASE = OUT / "vs-discogskit" / "150000" / "ours" / "db.sqlite"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", type=Path, default=DEFAULT_DATABASE)
    parser.add_argument("--copies", type=int, default=1, help="artist_credits times this (1)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.database.is_file():
        print(f"no database at {args.database}: run import_vs_discogskit.py first")
        return 2
    work = OUT / "index-build" / "db.sqlite"
    url = _prepared_copy(args.database, work, args.copies)
    engine = build_engine(url)
    with engine.connect() as conn:
        credits = conn.exec_driver_sql("SELECT count(*) FROM artist_credits").scalar_one()
    print(f"{args.database}: {credits:,} artist credits; {machine_note()}")
    ratios = []
    for round_number in range(1, args.rounds + 1):
        plain = _timed(engine, _plain_build)
        ours = _timed(engine, DumpWriter._create_bulk_indexes)
        ratios.append(plain[0] / ours[0])
        print(
            f"round {round_number}: plain {plain[0]:6.2f} s wall, {plain[1]:6.2f} s CPU;"
            f" ours {ours[0]:6.2f} s wall, {ours[1]:6.2f} s CPU; plain / ours {ratios[-1]:.2f}x"
        )
    print(f"median plain / ours by wall: {statistics.median(ratios):.2f}x")
    engine.dispose()
    shutil.rmtree(work.parent)
    return 0


def _prepared_copy(source: Path, work: Path, copies: int) -> str:
    shutil.rmtree(work.parent, ignore_errors=True)
    work.parent.mkdir(parents=True)
    engine = build_engine(f"sqlite:///{source}")
    with engine.connect() as conn:  # the import's last batches may still be in the WAL
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    shutil.copyfile(source, work)
    url = f"sqlite:///{work}"
    engine = build_engine(url)
    with engine.begin() as conn:
        _drop(conn)
        largest = conn.exec_driver_sql("SELECT max(artist_id), max(release_id) FROM artist_credits")
        artist_step, release_step = (value + 1 for value in largest.one())
        for copy in range(1, copies):
            conn.exec_driver_sql(
                "INSERT INTO artist_credits SELECT artist_id + ?, role, release_id + ?, trackinfo"
                " FROM artist_credits WHERE release_id < ?",
                (copy * artist_step, copy * release_step, release_step),
            )
    engine.dispose()
    return url


def _drop(conn: Connection) -> None:
    for index in BULK_INDEXES["releases"]:
        index.drop(conn, checkfirst=True)


def _plain_build(conn: Connection) -> None:
    for index in BULK_INDEXES["releases"]:
        index.create(conn, checkfirst=True)


def _timed(engine: Engine, build: Callable[[Connection], None]) -> tuple[float, float]:
    with engine.begin() as conn:
        _drop(conn)
    wall, cpu = time.perf_counter(), time.process_time()
    with engine.begin() as conn:
        build(conn)
    return time.perf_counter() - wall, time.process_time() - cpu


if __name__ == "__main__":
    sys.exit(main())
