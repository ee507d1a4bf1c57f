"""The hot path's storage cost: ``GET /releases/{id}``'s document built in process, the same
database with its documents plain and compressed, alternating.

    .venv/bin/python benchmarks/document_lookup.py benchmarks/out/serve/100000-seed1/catalogue.db

Copies the SQLite database twice into ``benchmarks/out/lookup/``, writes one copy's documents
back as plain JSON (``storage.convert.expand``, as a database before compression held them)
and compresses the other's (``convert.compress``: a no-op on an imported one), then times
``services.releases.release_document`` (one lookup with its community figures, expanding,
filling the served slots and links: everything a request does but HTTP and the limiter) for
the same random ids on each, in rounds that alternate, warm (each copy read once first).
Prints microseconds per document for each and their difference: what compression adds to
a request. The copies are deleted afterwards.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, machine_note
from discogs_service.services.releases import release_document
from discogs_service.storage import Storage, convert, open_storage


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", type=Path, help="an imported SQLite catalogue")
    parser.add_argument("--lookups", type=int, default=20_000, help="per round (20000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (3)")
    args = parser.parse_args(argv)
    work = OUT / "lookup"
    work.mkdir(parents=True, exist_ok=True)
    print(machine_note())
    stores = {}
    for form, change in (("plain", convert.expand), ("compressed", convert.compress)):
        path = work / f"{form}.db"
        _copy(args.database, path)
        store = open_storage(f"sqlite:///{path}")
        started = time.perf_counter()
        for target in convert.TARGETS:
            change(store.engine, target, lambda _rows: None)
        print(f"{form}: converted in {time.perf_counter() - started:.1f} s")
        stores[form] = store
    ids = _release_ids(stores["plain"])
    chosen = [random.choice(ids) for _ in range(args.lookups)]
    timings: dict[str, list[float]] = {form: [] for form in stores}
    for store in stores.values():
        _time(store, ids)  # warm: every page read once
    for _round in range(args.rounds):
        for form, store in stores.items():
            timings[form].append(_time(store, chosen))
    best = {form: min(times) for form, times in timings.items()}
    for form, times in timings.items():
        rounds = ", ".join(f"{t:.1f}" for t in times)
        print(f"{form:>10}: {best[form]:.1f} us per document (best of rounds: {rounds})")
    print(f"compression adds {best['compressed'] - best['plain']:+.1f} us per document")
    print(machine_note())
    for store in stores.values():
        store.close()
    shutil.rmtree(work)
    return 0


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a database that may have a WAL file beside it."""
    target.unlink(missing_ok=True)
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)


def _release_ids(store: Storage) -> list[int]:
    with store.engine.connect() as conn:
        return [row[0] for row in conn.exec_driver_sql("SELECT id FROM releases")]


def _time(store: Storage, ids: list[int]) -> float:
    base = b"http://localhost:5000"
    started = time.perf_counter()
    for release_id in ids:
        release_document(store.catalogue, release_id, base)
    return (time.perf_counter() - started) / len(ids) * 1e6


if __name__ == "__main__":
    sys.exit(main())
